-- Who may see a search document and what it is counted under, kept on the document itself.
--
-- A search for a word found in a quarter of all records matches about 100,000 documents, and
-- its facet counts and its best page are read over every one. Read through the collaboration,
-- the experience and the municipality, each match cost three more look-ups. With these columns
-- a match is read from the document's own row, and the counts are made in one pass
-- (src/store/search.rs, `facet_counts`).
--
-- The values are copies: `search_document_values` says what they are made of, and the triggers
-- below write them again whenever something they are made of changes, in the same statement.
-- visibility is the collaboration's visibility while the document is listed (collaboration
-- published and not deleted; for an experience, it too published, not hidden, not deleted),
-- and NULL otherwise. themes, recommendations and toolbox are comma-separated codes.

ALTER TABLE search_documents
    ADD COLUMN visibility text,
    ADD COLUMN organisation_id uuid,
    ADD COLUMN is_setback boolean NOT NULL DEFAULT false,
    ADD COLUMN region_code text,
    ADD COLUMN municipality_code text,
    ADD COLUMN organisation_model text,
    ADD COLUMN status text,
    ADD COLUMN town_population bigint,
    ADD COLUMN themes text,
    ADD COLUMN recommendations text,
    ADD COLUMN toolbox text;

-- Browsing by municipality without words reads the municipality's documents only, newest
-- first.
CREATE INDEX search_documents_municipality ON search_documents (municipality_code, record_id);

-- The values of a document of `collaboration` (and `experience`, for one of its experiences).
CREATE FUNCTION search_values_of(collaboration uuid, experience uuid)
RETURNS TABLE (visibility text, organisation_id uuid, is_setback boolean, region_code text,
    municipality_code text, organisation_model text, status text, town_population bigint,
    themes text, recommendations text, toolbox text)
LANGUAGE sql STABLE AS $$
SELECT CASE WHEN c.deleted_at IS NULL AND c.state = 'published'
                 AND (experience IS NULL
                      OR (e.deleted_at IS NULL AND e.state = 'published' AND e.hidden_at IS NULL))
            THEN c.visibility END,
       c.organisation_id,
       COALESCE(e.is_setback, false),
       mu.region_code,
       c.municipality_code,
       c.organisation_model,
       c.status,
       c.town_population,
       (SELECT COALESCE(string_agg(theme_code, ',' ORDER BY theme_code), '')
          FROM collaboration_themes WHERE collaboration_id = c.id),
       (SELECT COALESCE(string_agg(recommendation_code, ',' ORDER BY recommendation_code), '')
          FROM recommendation_links WHERE collaboration_id = c.id),
       (SELECT COALESCE(string_agg(toolbox_slug, ',' ORDER BY toolbox_slug), '')
          FROM toolbox_links WHERE collaboration_id = c.id)
  FROM collaborations c
  LEFT JOIN experiences e ON e.id = experience
  JOIN municipalities mu ON mu.code = c.municipality_code
 WHERE c.id = collaboration;
$$;

CREATE VIEW search_document_values AS
SELECT d.record_id, v.*
  FROM search_documents d
 CROSS JOIN LATERAL search_values_of(d.collaboration_id, d.experience_id) v;

-- Writes the values of these collaborations' documents anew. Without JIT: on tables not yet
-- analysed (a database just filled) the estimate passed the JIT threshold, and compiling the
-- statement took a hundred times longer than running it, on every write.
CREATE FUNCTION refresh_search_values(ids uuid[]) RETURNS void
LANGUAGE sql SET jit = off AS $$
    UPDATE search_documents d SET (visibility, organisation_id, is_setback, region_code,
            municipality_code, organisation_model, status, town_population, themes,
            recommendations, toolbox) =
           (SELECT * FROM search_values_of(d.collaboration_id, d.experience_id))
     WHERE d.collaboration_id = ANY (ids);
$$;

-- The collaboration a row of the triggering table belongs to: `id` for a collaboration,
-- `collaboration_id` for the rest.
CREATE FUNCTION search_values_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'collaborations' THEN
        PERFORM refresh_search_values(ARRAY[NEW.id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_search_values(ARRAY[OLD.collaboration_id]);
    ELSE
        PERFORM refresh_search_values(ARRAY[NEW.collaboration_id]);
    END IF;
    RETURN NULL;
END;
$$;

-- A document written is given its values as it is written (a second write of the row would
-- leave a dead version of it behind).
CREATE FUNCTION search_values_fill() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    SELECT * INTO NEW.visibility, NEW.organisation_id, NEW.is_setback, NEW.region_code,
           NEW.municipality_code, NEW.organisation_model, NEW.status, NEW.town_population,
           NEW.themes, NEW.recommendations, NEW.toolbox
      FROM search_values_of(NEW.collaboration_id, NEW.experience_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER search_values_document BEFORE INSERT ON search_documents FOR EACH ROW
    EXECUTE FUNCTION search_values_fill();
CREATE TRIGGER search_values_document_moved BEFORE UPDATE ON search_documents FOR EACH ROW
    WHEN (OLD.collaboration_id IS DISTINCT FROM NEW.collaboration_id
        OR OLD.experience_id IS DISTINCT FROM NEW.experience_id)
    EXECUTE FUNCTION search_values_fill();
CREATE TRIGGER search_values_collaboration AFTER UPDATE ON collaborations FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.visibility IS DISTINCT FROM NEW.visibility
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
        OR OLD.municipality_code IS DISTINCT FROM NEW.municipality_code
        OR OLD.organisation_model IS DISTINCT FROM NEW.organisation_model
        OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.town_population IS DISTINCT FROM NEW.town_population)
    EXECUTE FUNCTION search_values_changed();
CREATE TRIGGER search_values_experience AFTER UPDATE ON experiences FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
        OR OLD.is_setback IS DISTINCT FROM NEW.is_setback)
    EXECUTE FUNCTION search_values_changed();
CREATE TRIGGER search_values_theme AFTER INSERT OR DELETE ON collaboration_themes
    FOR EACH ROW EXECUTE FUNCTION search_values_changed();
CREATE TRIGGER search_values_recommendation AFTER INSERT OR DELETE ON recommendation_links
    FOR EACH ROW EXECUTE FUNCTION search_values_changed();
CREATE TRIGGER search_values_tool AFTER INSERT OR DELETE ON toolbox_links
    FOR EACH ROW EXECUTE FUNCTION search_values_changed();

CREATE FUNCTION search_values_region() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    UPDATE search_documents SET region_code = NEW.region_code
     WHERE municipality_code = NEW.code;
    RETURN NULL;
END;
$$;
CREATE TRIGGER search_values_region AFTER UPDATE ON municipalities FOR EACH ROW
    WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code)
    EXECUTE FUNCTION search_values_region();

-- What is there already.
SELECT refresh_search_values(ARRAY(SELECT id FROM collaborations));
