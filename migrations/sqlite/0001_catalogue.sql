-- Reference data: regions, municipalities and the partnership's catalogue.
-- Codes are stable identifiers; links elsewhere use them, never row order.

CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE municipalities (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code)
) STRICT;

CREATE INDEX municipalities_region ON municipalities (region_code);

CREATE TABLE themes (
    code TEXT PRIMARY KEY NOT NULL,
    parent TEXT REFERENCES themes (code),
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    summary_da TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE recommendations (
    code TEXT PRIMARY KEY NOT NULL,
    provisional INTEGER NOT NULL,
    title_da TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_da TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    -- JSON array of addressees ("staten", "kommunerne", "erhvervslivet").
    addressees TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0,
    replaced_by TEXT REFERENCES recommendations (code)
) STRICT;

CREATE TABLE recommendation_themes (
    recommendation_code TEXT NOT NULL REFERENCES recommendations (code),
    theme_code TEXT NOT NULL REFERENCES themes (code),
    PRIMARY KEY (recommendation_code, theme_code)
) STRICT;

CREATE TABLE toolbox_sections (
    slug TEXT PRIMARY KEY NOT NULL,
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE toolbox_entries (
    slug TEXT PRIMARY KEY NOT NULL,
    section TEXT NOT NULL REFERENCES toolbox_sections (slug),
    title_da TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_da TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    organisation_model TEXT,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE toolbox_entry_themes (
    toolbox_slug TEXT NOT NULL REFERENCES toolbox_entries (slug),
    theme_code TEXT NOT NULL REFERENCES themes (code),
    PRIMARY KEY (toolbox_slug, theme_code)
) STRICT;

-- Every catalogue that was loaded (the seed at first start, later imports by an admin).
CREATE TABLE catalogue_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
