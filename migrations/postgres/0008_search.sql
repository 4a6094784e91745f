-- Search: the full-text index of collaborations and experiences, the vocabulary that typos are
-- matched against, the profiles that "collaborations like this one" compares, saved searches.
--
-- The index holds terms analysed in Rust (src/search/analyze.rs: folded words and their Danish
-- stems, by the Snowball algorithm of the `danish` configuration), the same terms as in SQLite;
-- they are stored as tsvector lexemes as they are, so they are not stemmed twice. It never holds
-- who may read a record: that is decided when searching, from the records themselves
-- (src/store/scope.rs). The store keeps the index in step with every write, in the same
-- transaction.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per searchable record. head: title (weight A) and lead (B: summary and place);
-- terms: head and body (C).
CREATE TABLE search_documents (
    record_id uuid PRIMARY KEY,
    kind text NOT NULL,
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    experience_id uuid REFERENCES experiences (id) ON DELETE CASCADE,
    head tsvector NOT NULL,
    terms tsvector NOT NULL
);
CREATE INDEX search_documents_terms ON search_documents USING gin (terms);
CREATE INDEX search_documents_collaboration ON search_documents (collaboration_id);
CREATE INDEX search_documents_experience ON search_documents (experience_id);

-- Who may see a match, and its facet values, read from narrow indexes instead of the wide rows.
CREATE INDEX collaborations_search ON collaborations (id) INCLUDE (state, visibility, deleted_at,
    organisation_id, municipality_code, organisation_model, status, town_population);
CREATE INDEX experiences_search ON experiences (id) INCLUDE (state, hidden_at, deleted_at,
    is_setback);

-- Every stem ever indexed, for typo matching with pg_trgm.
CREATE TABLE search_terms (
    term text PRIMARY KEY
);
CREATE INDEX search_terms_trigrams ON search_terms USING gin (term gin_trgm_ops);

-- What "collaborations like this one" compares, one narrow row per collaboration. Code lists
-- are written ",P3,P5," so that one code is found with strpos().
CREATE TABLE collaboration_profiles (
    collaboration_id uuid PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendations text NOT NULL,
    toolbox text NOT NULL,
    themes text NOT NULL,
    organisation_model text NOT NULL,
    town_population bigint,
    municipality_code text NOT NULL
);

-- The distinct stems of a collaboration's title, summary and description, space-separated;
-- apart from the profiles, so that ranking by profile reads narrow rows.
CREATE TABLE collaboration_signatures (
    collaboration_id uuid PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    signature text NOT NULL
);

-- The analyzer version the index was built with; another version is rebuilt at start.
CREATE TABLE search_meta (
    key text PRIMARY KEY,
    value bigint NOT NULL
);

-- A user's saved search: the search's parameters as a canonical query string
-- ("q=tomme+butikker&size=4000_20000"), so that it can be run again as it was.
CREATE TABLE saved_searches (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    query text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX saved_searches_user_query ON saved_searches (user_id, query);
