-- Who may see a search document and what it is counted under, kept on the document itself.
--
-- A search for a word found in a quarter of all records matches about 100,000 documents, and
-- its facet counts and its best page are read over every one. Read through the collaboration,
-- the experience and the municipality, each match cost three more index look-ups; counting
-- per facet sorted the matches once per facet. With these columns a match is read from the
-- document's own row, and the counts are made in one pass (src/store/search.rs,
-- `facet_counts`).
--
-- The values are copies: `search_document_values` says what they are made of, and the triggers
-- below write them again whenever something they are made of changes, in the same statement.
-- visibility is the collaboration's visibility while the document is listed (collaboration
-- published and not deleted; for an experience, it too published, not hidden, not deleted),
-- and NULL otherwise. themes, recommendations and toolbox are comma-separated codes.

ALTER TABLE search_documents ADD COLUMN visibility TEXT;
ALTER TABLE search_documents ADD COLUMN organisation_id BLOB;
ALTER TABLE search_documents ADD COLUMN is_setback INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_documents ADD COLUMN region_code TEXT;
ALTER TABLE search_documents ADD COLUMN municipality_code TEXT;
ALTER TABLE search_documents ADD COLUMN organisation_model TEXT;
ALTER TABLE search_documents ADD COLUMN status TEXT;
ALTER TABLE search_documents ADD COLUMN town_population INTEGER;
ALTER TABLE search_documents ADD COLUMN themes TEXT;
ALTER TABLE search_documents ADD COLUMN recommendations TEXT;
ALTER TABLE search_documents ADD COLUMN toolbox TEXT;

-- Browsing by municipality without words reads the municipality's documents only, newest
-- first.
CREATE INDEX search_documents_municipality ON search_documents (municipality_code, record_id);

CREATE VIEW search_document_values AS
SELECT d.doc,
       CASE WHEN c.deleted_at IS NULL AND c.state = 'published'
                 AND (d.experience_id IS NULL
                      OR (e.deleted_at IS NULL AND e.state = 'published' AND e.hidden_at IS NULL))
            THEN c.visibility END AS visibility,
       c.organisation_id,
       COALESCE(e.is_setback, 0) AS is_setback,
       mu.region_code,
       c.municipality_code,
       c.organisation_model,
       c.status,
       c.town_population,
       (SELECT COALESCE(group_concat(theme_code, ',' ORDER BY theme_code), '') FROM collaboration_themes
         WHERE collaboration_id = c.id) AS themes,
       (SELECT COALESCE(group_concat(recommendation_code, ',' ORDER BY recommendation_code), '') FROM recommendation_links
         WHERE collaboration_id = c.id) AS recommendations,
       (SELECT COALESCE(group_concat(toolbox_slug, ',' ORDER BY toolbox_slug), '') FROM toolbox_links
         WHERE collaboration_id = c.id) AS toolbox
  FROM search_documents d
  JOIN collaborations c ON c.id = d.collaboration_id
  LEFT JOIN experiences e ON e.id = d.experience_id
  JOIN municipalities mu ON mu.code = c.municipality_code;

-- Each trigger writes the values of the documents it concerns anew (SQLite has no functions to
-- share the statement; it is the same in each, only its WHERE differs).
CREATE TRIGGER search_values_document_inserted AFTER INSERT ON search_documents BEGIN
    UPDATE search_documents SET (visibility, organisation_id, is_setback, region_code,
            municipality_code, organisation_model, status, town_population, themes,
            recommendations, toolbox) =
           (SELECT visibility, organisation_id, is_setback, region_code, municipality_code,
                   organisation_model, status, town_population, themes, recommendations, toolbox
              FROM search_document_values v WHERE v.doc = search_documents.doc)
     WHERE doc = NEW.doc;
END;

CREATE TRIGGER search_values_document_moved
AFTER UPDATE OF collaboration_id, experience_id ON search_documents
WHEN OLD.collaboration_id IS NOT NEW.collaboration_id OR OLD.experience_id IS NOT NEW.experience_id
BEGIN
    UPDATE search_documents SET (visibility, organisation_id, is_setback, region_code,
            municipality_code, organisation_model, status, town_population, themes,
            recommendations, toolbox) =
           (SELECT visibility, organisation_id, is_setback, region_code, municipality_code,
                   organisation_model, status, town_population, themes, recommendations, toolbox
              FROM search_document_values v WHERE v.doc = search_documents.doc)
     WHERE doc = NEW.doc;
END;

CREATE TRIGGER search_values_collaboration
AFTER UPDATE OF state, visibility, deleted_at, organisation_id, municipality_code,
    organisation_model, status, town_population ON collaborations
WHEN OLD.state IS NOT NEW.state OR OLD.visibility IS NOT NEW.visibility
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.organisation_id IS NOT NEW.organisation_id
    OR OLD.municipality_code IS NOT NEW.municipality_code
    OR OLD.organisation_model IS NOT NEW.organisation_model OR OLD.status IS NOT NEW.status
    OR OLD.town_population IS NOT NEW.town_population
BEGIN
    UPDATE search_documents SET (visibility, organisation_id, is_setback, region_code,
            municipality_code, organisation_model, status, town_population, themes,
            recommendations, toolbox) =
           (SELECT visibility, organisation_id, is_setback, region_code, municipality_code,
                   organisation_model, status, town_population, themes, recommendations, toolbox
              FROM search_document_values v WHERE v.doc = search_documents.doc)
     WHERE collaboration_id = NEW.id;
END;

CREATE TRIGGER search_values_experience
AFTER UPDATE OF state, hidden_at, deleted_at, is_setback ON experiences
WHEN OLD.state IS NOT NEW.state OR OLD.hidden_at IS NOT NEW.hidden_at
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.is_setback IS NOT NEW.is_setback
BEGIN
    UPDATE search_documents SET (visibility, organisation_id, is_setback, region_code,
            municipality_code, organisation_model, status, town_population, themes,
            recommendations, toolbox) =
           (SELECT visibility, organisation_id, is_setback, region_code, municipality_code,
                   organisation_model, status, town_population, themes, recommendations, toolbox
              FROM search_document_values v WHERE v.doc = search_documents.doc)
     WHERE experience_id = NEW.id;
END;

CREATE TRIGGER search_values_region AFTER UPDATE OF region_code ON municipalities
WHEN OLD.region_code IS NOT NEW.region_code
BEGIN
    UPDATE search_documents SET region_code = NEW.region_code
     WHERE municipality_code = NEW.code;
END;

-- A collaboration's codes, written again when one is added or taken away.
CREATE TRIGGER search_values_theme_added AFTER INSERT ON collaboration_themes BEGIN
    UPDATE search_documents SET themes = (SELECT COALESCE(group_concat(theme_code, ',' ORDER BY theme_code), '') FROM collaboration_themes
                                       WHERE collaboration_id = NEW.collaboration_id)
     WHERE collaboration_id = NEW.collaboration_id;
END;
CREATE TRIGGER search_values_theme_removed AFTER DELETE ON collaboration_themes BEGIN
    UPDATE search_documents SET themes = (SELECT COALESCE(group_concat(theme_code, ',' ORDER BY theme_code), '') FROM collaboration_themes
                                       WHERE collaboration_id = OLD.collaboration_id)
     WHERE collaboration_id = OLD.collaboration_id;
END;
CREATE TRIGGER search_values_recommendation_added AFTER INSERT ON recommendation_links BEGIN
    UPDATE search_documents SET recommendations = (SELECT COALESCE(group_concat(recommendation_code, ',' ORDER BY recommendation_code), '') FROM recommendation_links
                                       WHERE collaboration_id = NEW.collaboration_id)
     WHERE collaboration_id = NEW.collaboration_id;
END;
CREATE TRIGGER search_values_recommendation_removed AFTER DELETE ON recommendation_links BEGIN
    UPDATE search_documents SET recommendations = (SELECT COALESCE(group_concat(recommendation_code, ',' ORDER BY recommendation_code), '') FROM recommendation_links
                                       WHERE collaboration_id = OLD.collaboration_id)
     WHERE collaboration_id = OLD.collaboration_id;
END;
CREATE TRIGGER search_values_tool_added AFTER INSERT ON toolbox_links BEGIN
    UPDATE search_documents SET toolbox = (SELECT COALESCE(group_concat(toolbox_slug, ',' ORDER BY toolbox_slug), '') FROM toolbox_links
                                       WHERE collaboration_id = NEW.collaboration_id)
     WHERE collaboration_id = NEW.collaboration_id;
END;
CREATE TRIGGER search_values_tool_removed AFTER DELETE ON toolbox_links BEGIN
    UPDATE search_documents SET toolbox = (SELECT COALESCE(group_concat(toolbox_slug, ',' ORDER BY toolbox_slug), '') FROM toolbox_links
                                       WHERE collaboration_id = OLD.collaboration_id)
     WHERE collaboration_id = OLD.collaboration_id;
END;

-- What is there already.
UPDATE search_documents SET (visibility, organisation_id, is_setback, region_code,
        municipality_code, organisation_model, status, town_population, themes,
        recommendations, toolbox) =
       (SELECT visibility, organisation_id, is_setback, region_code, municipality_code,
               organisation_model, status, town_population, themes, recommendations, toolbox
          FROM search_document_values v WHERE v.doc = search_documents.doc);
