-- 0003_directory: reserved; filled in by the area that owns it.
SELECT 1;
