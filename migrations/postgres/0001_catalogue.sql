-- Reference data: regions, municipalities and the partnership's catalogue.
-- Codes are stable identifiers; links elsewhere use them, never row order.

CREATE TABLE regions (
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE municipalities (
    code text PRIMARY KEY,
    name text NOT NULL,
    region_code text NOT NULL REFERENCES regions (code)
);

CREATE INDEX municipalities_region ON municipalities (region_code);

CREATE TABLE themes (
    code text PRIMARY KEY,
    parent text REFERENCES themes (code),
    name_da text NOT NULL,
    name_en text NOT NULL,
    summary_da text NOT NULL,
    summary_en text NOT NULL,
    position bigint NOT NULL,
    retired boolean NOT NULL DEFAULT false
);

CREATE TABLE recommendations (
    code text PRIMARY KEY,
    provisional boolean NOT NULL,
    title_da text NOT NULL,
    title_en text NOT NULL,
    summary_da text NOT NULL,
    summary_en text NOT NULL,
    -- JSON array of addressees ("staten", "kommunerne", "erhvervslivet").
    addressees text NOT NULL DEFAULT '[]',
    position bigint NOT NULL,
    retired boolean NOT NULL DEFAULT false,
    replaced_by text REFERENCES recommendations (code)
);

CREATE TABLE recommendation_themes (
    recommendation_code text NOT NULL REFERENCES recommendations (code),
    theme_code text NOT NULL REFERENCES themes (code),
    PRIMARY KEY (recommendation_code, theme_code)
);

CREATE TABLE toolbox_sections (
    slug text PRIMARY KEY,
    name_da text NOT NULL,
    name_en text NOT NULL,
    position bigint NOT NULL
);

CREATE TABLE toolbox_entries (
    slug text PRIMARY KEY,
    section text NOT NULL REFERENCES toolbox_sections (slug),
    title_da text NOT NULL,
    title_en text NOT NULL,
    summary_da text NOT NULL,
    summary_en text NOT NULL,
    organisation_model text,
    position bigint NOT NULL,
    retired boolean NOT NULL DEFAULT false
);

CREATE TABLE toolbox_entry_themes (
    toolbox_slug text NOT NULL REFERENCES toolbox_entries (slug),
    theme_code text NOT NULL REFERENCES themes (code),
    PRIMARY KEY (toolbox_slug, theme_code)
);

-- Every catalogue that was loaded (the seed at first start, later imports by an admin).
CREATE TABLE catalogue_imports (
    id bigserial PRIMARY KEY,
    version bigint NOT NULL,
    source text NOT NULL,
    imported_at timestamptz NOT NULL
);
