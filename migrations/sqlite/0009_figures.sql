-- What the uptake figures count changes only when one of these tables does. Every change
-- bumps the number here, in the same transaction, so a figure counted once serves every
-- reader until the next change (store::figures): the uptake page and its API stay fast at
-- 100,000 collaborations without ever showing a count older than the last commit.
CREATE TABLE figure_generation (
    shard INTEGER PRIMARY KEY,
    n     BIGINT NOT NULL
);
INSERT INTO figure_generation (shard, n) VALUES (0, 0);

CREATE TRIGGER figures_collaborations_insert AFTER INSERT ON collaborations BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

-- Only the columns the figures count by: the yearly review reminder, say, changes none.
CREATE TRIGGER figures_collaborations_update
    AFTER UPDATE OF state, visibility, deleted_at, organisation_id, municipality_code, town_population, organisation_model, status ON collaborations BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_collaborations_delete AFTER DELETE ON collaborations BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_collaboration_themes_insert AFTER INSERT ON collaboration_themes BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_collaboration_themes_update AFTER UPDATE ON collaboration_themes BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_collaboration_themes_delete AFTER DELETE ON collaboration_themes BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_links_insert AFTER INSERT ON recommendation_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_links_update AFTER UPDATE ON recommendation_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_links_delete AFTER DELETE ON recommendation_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_link_history_insert AFTER INSERT ON recommendation_link_history BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_link_history_update AFTER UPDATE ON recommendation_link_history BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_recommendation_link_history_delete AFTER DELETE ON recommendation_link_history BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_toolbox_links_insert AFTER INSERT ON toolbox_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_toolbox_links_update AFTER UPDATE ON toolbox_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_toolbox_links_delete AFTER DELETE ON toolbox_links BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_memberships_insert AFTER INSERT ON memberships BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_memberships_update AFTER UPDATE ON memberships BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_memberships_delete AFTER DELETE ON memberships BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_municipalities_insert AFTER INSERT ON municipalities BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_municipalities_update AFTER UPDATE ON municipalities BEGIN
    UPDATE figure_generation SET n = n + 1;
END;

CREATE TRIGGER figures_municipalities_delete AFTER DELETE ON municipalities BEGIN
    UPDATE figure_generation SET n = n + 1;
END;
