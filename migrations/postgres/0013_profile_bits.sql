-- Catalogue entries as bits, so that "collaborations like this one" compares a profile's codes
-- with integer operations rather than by finding each code in a text list.
--
-- Ranking by profile reads every profile (a shared recommendation is common: the catalogue has
-- few), and finding each of the query's codes in three text lists was most of its time.
--
-- `bit` is a catalogue entry's place in the masks, given when the entry is first stored and
-- never changed (entries are retired, never deleted); a new entry takes the next free one
-- (src/store/*/catalogue.rs). Only bits 0 to 62 go in a mask, so that it stays a positive
-- 64-bit integer; an entry with a higher bit is compared through the text lists, as before.
-- A profile's masks are written with its text lists, from them (src/store/*/search.rs).

ALTER TABLE themes ADD COLUMN bit bigint;
ALTER TABLE recommendations ADD COLUMN bit bigint;
ALTER TABLE toolbox_entries ADD COLUMN bit bigint;

UPDATE themes SET bit = (SELECT count(*) FROM themes t WHERE t.code < themes.code);
UPDATE recommendations SET bit = (
    SELECT count(*) FROM recommendations r WHERE r.code < recommendations.code);
UPDATE toolbox_entries SET bit = (
    SELECT count(*) FROM toolbox_entries e WHERE e.slug < toolbox_entries.slug);

CREATE UNIQUE INDEX themes_bit ON themes (bit);
CREATE UNIQUE INDEX recommendations_bit ON recommendations (bit);
CREATE UNIQUE INDEX toolbox_entries_bit ON toolbox_entries (bit);

ALTER TABLE collaboration_profiles ADD COLUMN recommendation_bits bigint NOT NULL DEFAULT 0;
ALTER TABLE collaboration_profiles ADD COLUMN toolbox_bits bigint NOT NULL DEFAULT 0;
ALTER TABLE collaboration_profiles ADD COLUMN theme_bits bigint NOT NULL DEFAULT 0;

UPDATE collaboration_profiles SET
    recommendation_bits = (SELECT COALESCE(sum(1::bigint << r.bit::integer), 0)::bigint FROM recommendations r
        WHERE r.bit < 63 AND strpos(collaboration_profiles.recommendations, ',' || r.code || ',') > 0),
    toolbox_bits = (SELECT COALESCE(sum(1::bigint << e.bit::integer), 0)::bigint FROM toolbox_entries e
        WHERE e.bit < 63 AND strpos(collaboration_profiles.toolbox, ',' || e.slug || ',') > 0),
    theme_bits = (SELECT COALESCE(sum(1::bigint << t.bit::integer), 0)::bigint FROM themes t
        WHERE t.bit < 63 AND strpos(collaboration_profiles.themes, ',' || t.code || ',') > 0);
