-- Reading one collaboration (GET /api/v1/collaborations/{id}, its page) joined ten tables:
-- the collaboration, its organisation and municipality, its themes, fee bases and partner
-- kinds, its recommendation and toolbox links and their catalogue entries for the order.
-- PostgreSQL locks every table and index a statement reads, and at this size that bookkeeping
-- cost more than the lookups (pgbench: each table added about as much as the lookup itself).
--
-- collaboration_reads holds each collaboration as it is read: one row, one index. The store
-- writes it in the same transaction as every change to what it is made of (PgTx::commit calls
-- refresh_collaboration_reads for the collaborations the transaction changed), so a read never
-- sees a state that was not committed. collaboration_read_source says what a row is made of;
-- the tests compare the two after every story on PostgreSQL.

CREATE VIEW collaboration_read_source AS
SELECT c.id, c.organisation_id, o.name AS organisation_name, o.slug AS organisation_slug,
       c.title, c.slug, c.summary, c.description_md, c.description_html, c.town,
       c.town_population, c.municipality_code, m.name AS municipality_name, m.region_code,
       c.organisation_model, c.started_on, c.ended_on, c.status, c.website, c.contact,
       c.visibility, c.state, c.version, c.created_at, c.updated_at, c.first_published_at,
       c.published_at, c.confirmed_at, c.deleted_at,
       COALESCE((SELECT string_agg(theme_code, ',' ORDER BY theme_code)
                   FROM collaboration_themes WHERE collaboration_id = c.id), '') AS themes,
       COALESCE((SELECT string_agg(fee_basis, ',' ORDER BY fee_basis)
                   FROM collaboration_fee_bases WHERE collaboration_id = c.id), '') AS fee_bases,
       COALESCE((SELECT string_agg(partner_kind, ',' ORDER BY partner_kind)
                   FROM collaboration_partner_kinds WHERE collaboration_id = c.id), '')
           AS partner_kinds,
       COALESCE((SELECT json_agg(json_build_object('collaboration_id', l.collaboration_id,
                        'recommendation_code', l.recommendation_code, 'status', l.status,
                        'note', l.note, 'evidence_url', l.evidence_url, 'reason', l.reason,
                        'created_at', l.created_at, 'updated_at', l.updated_at)
                        ORDER BY r.position, l.recommendation_code)
                   FROM recommendation_links l
                   JOIN recommendations r ON r.code = l.recommendation_code
                  WHERE l.collaboration_id = c.id), '[]') AS recommendation_links,
       COALESCE((SELECT json_agg(json_build_object('collaboration_id', l.collaboration_id,
                        'toolbox_slug', l.toolbox_slug, 'note', l.note, 'outcome', l.outcome,
                        'updated_at', l.updated_at) ORDER BY t.position, l.toolbox_slug)
                   FROM toolbox_links l JOIN toolbox_entries t ON t.slug = l.toolbox_slug
                  WHERE l.collaboration_id = c.id), '[]') AS toolbox_links
  FROM collaborations c
  JOIN organisations o ON o.id = c.organisation_id
  JOIN municipalities m ON m.code = c.municipality_code;

-- json, not jsonb: the links are sent as they are stored, with nothing to convert per read.
CREATE TABLE collaboration_reads AS SELECT * FROM collaboration_read_source WITH NO DATA;
ALTER TABLE collaboration_reads
    ADD PRIMARY KEY (id),
    ADD FOREIGN KEY (id) REFERENCES collaborations (id) ON DELETE CASCADE;

-- Writes the rows of the collaborations `ids` anew from what they are made of.
-- (plpgsql: each connection plans the statement once.)
CREATE FUNCTION refresh_collaboration_reads(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO collaboration_reads SELECT * FROM collaboration_read_source WHERE id = ANY (ids)
    ON CONFLICT (id) DO UPDATE SET
        organisation_id = excluded.organisation_id,
        organisation_name = excluded.organisation_name,
        organisation_slug = excluded.organisation_slug,
        title = excluded.title, slug = excluded.slug, summary = excluded.summary,
        description_md = excluded.description_md, description_html = excluded.description_html,
        town = excluded.town, town_population = excluded.town_population,
        municipality_code = excluded.municipality_code,
        municipality_name = excluded.municipality_name, region_code = excluded.region_code,
        organisation_model = excluded.organisation_model, started_on = excluded.started_on,
        ended_on = excluded.ended_on, status = excluded.status, website = excluded.website,
        contact = excluded.contact, visibility = excluded.visibility, state = excluded.state,
        version = excluded.version, created_at = excluded.created_at,
        updated_at = excluded.updated_at, first_published_at = excluded.first_published_at,
        published_at = excluded.published_at, confirmed_at = excluded.confirmed_at,
        deleted_at = excluded.deleted_at, themes = excluded.themes,
        fee_bases = excluded.fee_bases, partner_kinds = excluded.partner_kinds,
        recommendation_links = excluded.recommendation_links,
        toolbox_links = excluded.toolbox_links;
END
$$;

SELECT refresh_collaboration_reads(ARRAY(SELECT id FROM collaborations));
ANALYZE collaboration_reads;
