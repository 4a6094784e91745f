-- PostgreSQL keeps each collaboration as it is read in one row (collaboration_reads, its
-- migration 0011), because there every table and index a statement touches is locked, and a
-- read joining ten tables spent more on that than on the lookups. SQLite takes no lock per
-- table: the same read from the tables answers at a quarter of /health's rate on this machine,
-- so a copy kept in step on every write would cost the writes and gain nothing. Nothing changes
-- here; the version is kept so that both trees carry the same versions.
SELECT 1;
