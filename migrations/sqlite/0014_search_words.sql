-- Every term the index holds, with the stem it stands for: a stem with itself, a folded word
-- that differs from its stem with that stem. A word being typed is looked up here, so that the
-- few indexed terms it starts are searched for by name (src/search/run.rs): a prefix search in
-- FTS5 merges the postings of every term it starts, most of which the word's own stem finds
-- already ("butikker" starts "butikker" and "butikkerne", both found by "butik").
-- Filled with every write, and for what is indexed already by rebuilding the index when the
-- service starts: it rebuilds an index whose analyzer version it does not know
-- (src/search/index.rs).
CREATE TABLE search_words (
    word TEXT NOT NULL,
    stem TEXT NOT NULL,
    PRIMARY KEY (word, stem)
) STRICT, WITHOUT ROWID;

DELETE FROM search_meta WHERE key = 'analyzer_version';
