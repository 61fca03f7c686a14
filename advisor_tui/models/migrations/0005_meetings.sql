-- 0005_meetings: reserved; filled in by the area that owns it.
SELECT 1;
