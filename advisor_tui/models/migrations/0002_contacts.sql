-- 0002_contacts: reserved; filled in by the area that owns it.
SELECT 1;
