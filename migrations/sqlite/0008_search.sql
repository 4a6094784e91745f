-- Search: the full-text index of collaborations and experiences, the vocabulary that typos are
-- matched against, the profiles that "collaborations like this one" compares, saved searches.
--
-- The index holds terms analysed in Rust (src/search/analyze.rs: folded words and their Danish
-- stems), the same terms as in PostgreSQL. It never holds who may read a record: that is decided
-- when searching, from the records themselves (src/store/scope.rs). The store keeps the index in
-- step with every write, in the same transaction.

-- One row per searchable record; `doc` is the rowid of its row in search_fts.
CREATE TABLE search_documents (
    doc INTEGER PRIMARY KEY,
    record_id BLOB NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    experience_id BLOB REFERENCES experiences (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX search_documents_collaboration ON search_documents (collaboration_id);
CREATE INDEX search_documents_experience ON search_documents (experience_id);

-- title: the title; lead: summary and place (town, municipality); body: the rest. The terms are
-- already analysed, so the tokenizer only splits on spaces; prefix indexes speed up typing.
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, lead, body,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

-- The title and lead again, alone: which field a word is in is read from this small index
-- rather than from the whole text's.
CREATE VIRTUAL TABLE search_head_fts USING fts5 (
    title, lead,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER search_documents_deleted AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_fts WHERE rowid = old.doc;
    DELETE FROM search_head_fts WHERE rowid = old.doc;
END;

-- Who may see a match, and its facet values, read from narrow indexes instead of the wide rows.
CREATE INDEX collaborations_search ON collaborations (id, state, visibility, deleted_at,
    organisation_id, municipality_code, organisation_model, status, town_population);
CREATE INDEX experiences_search ON experiences (id, state, hidden_at, deleted_at, is_setback);

-- Every stem ever indexed, with its trigrams (as pg_trgm makes them) for typo matching.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY NOT NULL,
    trigrams INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE search_trigrams (
    trigram TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (trigram, term)
) STRICT, WITHOUT ROWID;

-- What "collaborations like this one" compares, one narrow row per collaboration. Code lists
-- are written ",P3,P5," so that one code is found with instr().
CREATE TABLE collaboration_profiles (
    collaboration_id BLOB PRIMARY KEY NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendations TEXT NOT NULL,
    toolbox TEXT NOT NULL,
    themes TEXT NOT NULL,
    organisation_model TEXT NOT NULL,
    town_population INTEGER,
    municipality_code TEXT NOT NULL
) STRICT;

-- The distinct stems of a collaboration's title, summary and description, space-separated;
-- apart from the profiles, so that ranking by profile reads narrow rows.
CREATE TABLE collaboration_signatures (
    collaboration_id BLOB PRIMARY KEY NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    signature TEXT NOT NULL
) STRICT;

-- The analyzer version the index was built with; another version is rebuilt at start.
CREATE TABLE search_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
) STRICT;

-- A user's saved search: the search's parameters as a canonical query string
-- ("q=tomme+butikker&size=4000_20000"), so that it can be run again as it was.
CREATE TABLE saved_searches (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX saved_searches_user_query ON saved_searches (user_id, query);
