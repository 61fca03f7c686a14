-- 0004_callbacks: reserved; filled in by the area that owns it.
SELECT 1;
