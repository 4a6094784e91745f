-- What the uptake figures count changes only when one of these tables does. Every change
-- bumps a number here, in the same transaction, so a figure counted once serves every
-- reader until the next change (store::figures): the uptake page and its API stay fast at
-- 100,000 collaborations without ever showing a count older than the last commit.
--
-- The number is the sum of eight shards, and a transaction bumps one (by its backend) once, at
-- commit (deferred triggers): concurrent writers do not queue on one row, and the lock is taken
-- last, after every other, so it cannot close a deadlock.
CREATE TABLE figure_generation (
    shard INTEGER PRIMARY KEY,
    n     BIGINT NOT NULL
);
INSERT INTO figure_generation (shard, n) SELECT s, 0 FROM generate_series(0, 7) AS s;

CREATE FUNCTION figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('bymidter.figures_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('bymidter.figures_changed', 'yes', true);
        UPDATE figure_generation SET n = n + 1 WHERE shard = pg_backend_pid() % 8;
    END IF;
    RETURN NULL;
END
$$;

-- Only the columns the figures count by: the yearly review reminder, say, changes none.
CREATE CONSTRAINT TRIGGER figures_collaborations
    AFTER INSERT OR DELETE OR UPDATE OF state, visibility, deleted_at, organisation_id, municipality_code, town_population, organisation_model, status ON collaborations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_collaboration_themes AFTER INSERT OR UPDATE OR DELETE ON collaboration_themes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_recommendation_links AFTER INSERT OR UPDATE OR DELETE ON recommendation_links
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_recommendation_link_history AFTER INSERT OR UPDATE OR DELETE ON recommendation_link_history
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_toolbox_links AFTER INSERT OR UPDATE OR DELETE ON toolbox_links
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_memberships AFTER INSERT OR UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();

CREATE CONSTRAINT TRIGGER figures_municipalities AFTER INSERT OR UPDATE OR DELETE ON municipalities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION figures_changed();
