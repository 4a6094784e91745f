//! Search for PostgreSQL: tsvector lexemes of the analysed terms with a GIN index, pg_trgm for
//! typos, profiles.
//!
//! Query words reach PostgreSQL only as quoted lexemes (analysed terms: letters and digits) in
//! a tsquery written here and cast from text, which takes lexemes as they are (no parser, no
//! dictionary), so nothing a user types is tsquery syntax and nothing is stemmed twice.

use async_trait::async_trait;
use uuid::Uuid;

use super::PgTx;
use super::registry::{COLLABORATION_SELECT, arguments};
use crate::search::analyze::QueryTerm;
use crate::store::registry::CollaborationRow;
use crate::store::scope::{Bind, SqlParts, Viewer, push_experience_visible, push_visible};
use crate::store::search::*;
use crate::store::{StoreError, StoreResult};

/// A term as a tsquery or tsvector lexeme.
fn quoted(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// The ways a query word matches, as a tsquery: its stem, what starts with the word being
/// typed, and (with `fuzzy`) its typo alternatives; each only in fields of `weights`.
fn alternatives(term: &QueryTerm, fuzzy: bool, weights: &str) -> String {
    let mut parts = vec![format!("{}{}", quoted(&term.stem), label("", weights))];
    if term.prefix {
        parts.push(format!("{}{}", quoted(&term.word), label("*", weights)));
    }
    if fuzzy {
        parts.extend(
            term.fuzzy
                .iter()
                .map(|f| format!("{}{}", quoted(f), label("", weights))),
        );
    }
    format!("({})", parts.join(" | "))
}

fn label(star: &str, weights: &str) -> String {
    if star.is_empty() && weights.is_empty() {
        String::new()
    } else {
        format!(":{star}{weights}")
    }
}

/// Every word must match somewhere.
fn match_all(terms: &[QueryTerm]) -> String {
    terms
        .iter()
        .map(|t| alternatives(t, true, ""))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The score of document `d` (see [`points`]): `head` holds the title (A) and lead (B).
/// Without words, 0.
fn push_score(q: &mut SqlParts, terms: &[QueryTerm]) {
    q.push("(0");
    for t in terms {
        q.push(" + (CASE WHEN d.head @@ ")
            .text(&alternatives(t, true, "A"))
            .push(&format!("::tsquery THEN {} WHEN d.head @@ ", points::TITLE))
            .text(&alternatives(t, true, "B"))
            .push(&format!(
                "::tsquery THEN {} ELSE {} END)",
                points::LEAD,
                points::BODY
            ));
        if !t.fuzzy.is_empty() {
            q.push(" / (CASE WHEN d.terms @@ ")
                .text(&alternatives(t, false, ""))
                .push("::tsquery THEN 1 ELSE 2 END)");
        }
    }
    q.push(")::bigint");
}

/// A tsvector literal of fields and their weights, positions counted across the fields.
fn tsvector(fields: &[(&[String], char)]) -> String {
    let mut lexemes: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut position: u32 = 0;
    for (terms, weight) in fields {
        for term in terms.iter() {
            position = (position + 1).min(16_383);
            let places = lexemes.entry(term.as_str()).or_default();
            // PostgreSQL keeps at most 256 positions of a lexeme.
            if places.len() < 256 {
                places.push(format!("{position}{weight}"));
            }
        }
    }
    lexemes
        .into_iter()
        .map(|(lexeme, places)| format!("{}:{}", quoted(lexeme), places.join(",")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `FROM ... WHERE ...` for what the viewer may see that matches, from the documents alone.
fn push_from_where(q: &mut SqlParts, viewer: &Viewer, request: &SearchRequest) {
    q.push(" FROM search_documents d WHERE (");
    push_search_scope(q, viewer, request, None);
    q.push(")");
    // After the scope: PostgreSQL tests conditions of equal cost in the order written, and a
    // word is dearer to look for in a document than its values are to compare.
    if !request.terms.is_empty() {
        q.push(" AND d.terms @@ ")
            .text(&match_all(&request.terms))
            .push("::tsquery");
    }
}

/// How PostgreSQL writes a profile query.
const PROFILES: ProfileDialect = ProfileDialect {
    find: "strpos",
    bits: "::bit(64)",
    fence: "",
};

fn push_ids(q: &mut SqlParts, ids: &[Uuid]) {
    q.push("(");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.bind(Bind::Uuid(*id));
    }
    q.push(")");
}

#[async_trait]
impl SearchStore for PgTx {
    async fn collaboration_source(&mut self, id: Uuid) -> StoreResult<Option<CollaborationSource>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.title, c.summary, c.description_text, c.town, c.town_population,
                    c.municipality_code, m.name AS municipality_name, c.organisation_model,
                    COALESCE((SELECT string_agg(note, ' ') FROM (
                        SELECT note FROM recommendation_links WHERE collaboration_id = c.id
                        UNION ALL SELECT note FROM toolbox_links WHERE collaboration_id = c.id) n), '')
                        AS notes,
                    COALESCE((SELECT string_agg(recommendation_code, ',') FROM recommendation_links
                        WHERE collaboration_id = c.id), '') AS recommendations,
                    COALESCE((SELECT string_agg(toolbox_slug, ',') FROM toolbox_links
                        WHERE collaboration_id = c.id), '') AS toolbox,
                    COALESCE((SELECT string_agg(theme_code, ',') FROM collaboration_themes
                        WHERE collaboration_id = c.id), '') AS themes
               FROM collaborations c JOIN municipalities m ON m.code = c.municipality_code
              WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn experience_sources(
        &mut self,
        collaboration: Uuid,
    ) -> StoreResult<Vec<ExperienceSource>> {
        Ok(sqlx::query_as(
            "SELECT id, collaboration_id, title, body_text FROM experiences
              WHERE collaboration_id = $1 ORDER BY id",
        )
        .bind(collaboration)
        .fetch_all(self.conn())
        .await?)
    }

    async fn experience_source(&mut self, id: Uuid) -> StoreResult<Option<ExperienceSource>> {
        Ok(sqlx::query_as(
            "SELECT id, collaboration_id, title, body_text FROM experiences WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn put_search_document(&mut self, doc: &SearchDocument) -> StoreResult<()> {
        let experience = (doc.kind == DocKind::Experience).then_some(doc.record_id);
        let head = tsvector(&[(&doc.title, 'A'), (&doc.lead, 'B')]);
        let terms = tsvector(&[(&doc.title, 'A'), (&doc.lead, 'B'), (&doc.body, 'C')]);
        sqlx::query(
            "INSERT INTO search_documents (record_id, kind, collaboration_id, experience_id, head,
                 terms)
             VALUES ($1, $2, $3, $4, $5::tsvector, $6::tsvector)
             ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind,
                 collaboration_id = excluded.collaboration_id,
                 experience_id = excluded.experience_id, head = excluded.head,
                 terms = excluded.terms",
        )
        .bind(doc.record_id)
        .bind(doc.kind.as_str())
        .bind(doc.collaboration_id)
        .bind(experience)
        .bind(head)
        .bind(terms)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn put_collaboration_profile(&mut self, p: &CollaborationProfile) -> StoreResult<()> {
        sqlx::query(
            // The masks (migration 0013) are made from the lists, in the same statement.
            "INSERT INTO collaboration_profiles (collaboration_id, recommendations, toolbox, themes,
                 organisation_model, town_population, municipality_code, recommendation_bits,
                 toolbox_bits, theme_bits)
             VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM recommendations
                   WHERE bit < 63 AND strpos($2, ',' || code || ',') > 0),
                 (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM toolbox_entries
                   WHERE bit < 63 AND strpos($3, ',' || slug || ',') > 0),
                 (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM themes
                   WHERE bit < 63 AND strpos($4, ',' || code || ',') > 0))
             ON CONFLICT (collaboration_id) DO UPDATE SET recommendations = excluded.recommendations,
                 toolbox = excluded.toolbox, themes = excluded.themes,
                 organisation_model = excluded.organisation_model,
                 town_population = excluded.town_population,
                 municipality_code = excluded.municipality_code,
                 recommendation_bits = excluded.recommendation_bits,
                 toolbox_bits = excluded.toolbox_bits, theme_bits = excluded.theme_bits",
        )
        .bind(p.collaboration_id)
        .bind(code_list(&p.recommendations))
        .bind(code_list(&p.toolbox))
        .bind(code_list(&p.themes))
        .bind(&p.organisation_model)
        .bind(p.town_population)
        .bind(&p.municipality_code)
        .execute(self.conn())
        .await?;
        sqlx::query(
            "INSERT INTO collaboration_signatures (collaboration_id, signature) VALUES ($1, $2)
             ON CONFLICT (collaboration_id) DO UPDATE SET signature = excluded.signature",
        )
        .bind(p.collaboration_id)
        .bind(p.signature.join(" "))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn add_search_terms(&mut self, stems: &[String]) -> StoreResult<()> {
        // In one order, so that writers adding the same new terms wait rather than deadlock.
        sqlx::query(
            "INSERT INTO search_terms (term)
             SELECT t FROM unnest($1::text[]) AS t ORDER BY t ON CONFLICT (term) DO NOTHING",
        )
        .bind(stems)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn add_search_words(&mut self, _words: &[(String, String)]) -> StoreResult<()> {
        // No vocabulary to keep: a word being typed is searched for by prefix (migration 0014).
        Ok(())
    }

    async fn search_words_from(
        &mut self,
        _prefix: &str,
        _limit: i64,
    ) -> StoreResult<Option<Vec<(String, String)>>> {
        Ok(None)
    }

    async fn compact_search_index(&mut self) -> StoreResult<()> {
        // Every row was written again: the planner's statistics of the documents (the
        // commonness of each term among them) are gathered now rather than when autovacuum
        // gets to it.
        sqlx::query("ANALYZE search_documents")
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn search_index_version(&mut self) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM search_meta WHERE key = 'analyzer_version'")
                .fetch_optional(self.conn())
                .await?,
        )
    }

    async fn set_search_index_version(&mut self, version: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO search_meta (key, value) VALUES ('analyzer_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(version)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn collaboration_ids(
        &mut self,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<Uuid>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM collaborations WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn similar_terms(&mut self, stem: &str, limit: i64) -> StoreResult<Vec<String>> {
        // `%` (pg_trgm's threshold, 0.3 by default) uses the trigram index.
        Ok(sqlx::query_scalar(
            "SELECT term FROM search_terms WHERE term % $1 AND similarity(term, $1) >= 0.4
              ORDER BY similarity(term, $1) DESC, term LIMIT $2",
        )
        .bind(stem)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn search_hits(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        sort: SearchSort,
        after: Option<SearchCursor>,
        limit: i64,
    ) -> StoreResult<Vec<SearchHit>> {
        let q = hits_sql(
            |q| push_score(q, &request.terms),
            |q| push_from_where(q, viewer, request),
            sort,
            after,
            limit,
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                // Planned for these words each time: how many records a word matches varies
                // too much for one generic plan.
                .persistent(false)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn search_page(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        sort: SearchSort,
        after: Option<SearchCursor>,
        limit: i64,
    ) -> StoreResult<(Vec<SearchHit>, Vec<FacetCount>)> {
        let q = page_sql(
            |q| push_score(q, &request.terms),
            |q| push_from_where(q, viewer, request),
            !request.terms.is_empty(),
            sort,
            after,
            limit,
        );
        let rows: Vec<PageRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .persistent(false)
                .fetch_all(self.conn())
                .await?;
        Ok(page_of(rows))
    }

    async fn search_items(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        ids: &[Uuid],
    ) -> StoreResult<Vec<SearchItemRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new(
            "SELECT d.kind, d.record_id, d.collaboration_id, c.title AS collaboration_title, \
             e.title AS experience_title, c.summary, c.description_text, e.body_text, c.town, \
             c.town_population, c.municipality_code, mu.name AS municipality_name, mu.region_code, \
             c.organisation_model, c.status, e.is_setback, \
             CASE WHEN d.kind = 'experience' THEN e.published_at ELSE c.published_at END \
             AS published_at",
        );
        // From the documents asked for (SQLite would otherwise start from every visible
        // collaboration).
        q.push(
            " FROM search_documents d JOIN collaborations c ON c.id = d.collaboration_id \
             LEFT JOIN experiences e ON e.id = d.experience_id \
             JOIN municipalities mu ON mu.code = c.municipality_code WHERE d.record_id IN ",
        );
        push_ids(&mut q, ids);
        q.push(" AND ");
        push_search_scope(&mut q, viewer, request, None);
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn recommendation_codes_of(
        &mut self,
        collaborations: &[Uuid],
    ) -> StoreResult<Vec<LinkCode>> {
        if collaborations.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new(
            "SELECT l.collaboration_id, l.recommendation_code AS code, l.status \
             FROM recommendation_links l JOIN recommendations r ON r.code = l.recommendation_code \
             WHERE l.collaboration_id IN ",
        );
        push_ids(&mut q, collaborations);
        q.push(" ORDER BY r.position, l.recommendation_code");
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn listed_experiences_of(
        &mut self,
        viewer: &Viewer,
        collaborations: &[Uuid],
    ) -> StoreResult<Vec<ExperienceTitle>> {
        if collaborations.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new(
            "SELECT e.id, e.collaboration_id, e.title, e.is_setback FROM experiences e \
             JOIN collaborations c ON c.id = e.collaboration_id WHERE e.collaboration_id IN ",
        );
        push_ids(&mut q, collaborations);
        q.push(" AND ");
        push_experience_visible(&mut q, viewer, false);
        q.push(" ORDER BY e.id DESC");
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn collaboration_profiles(
        &mut self,
        ids: &[Uuid],
    ) -> StoreResult<Vec<CollaborationProfile>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new(
            "SELECT p.collaboration_id, p.recommendations, p.toolbox, p.themes, \
             p.organisation_model, p.town_population, p.municipality_code, \
             COALESCE(s.signature, '') AS signature FROM collaboration_profiles p \
             LEFT JOIN collaboration_signatures s ON s.collaboration_id = p.collaboration_id \
             WHERE p.collaboration_id IN ",
        );
        push_ids(&mut q, ids);
        let rows: Vec<ProfileRow> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn profile_bits(&mut self, query: &ProfileQuery) -> StoreResult<Vec<EntryBit>> {
        let Some(q) = query.bits_sql() else {
            return Ok(Vec::new());
        };
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn profile_candidates(
        &mut self,
        query: &ProfileQuery,
        bits: &[EntryBit],
        after: Option<(i64, Uuid)>,
        limit: i64,
    ) -> StoreResult<Vec<(Uuid, i64)>> {
        let q = query.candidates_sql(bits, &PROFILES, after, limit);
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn visible_collaboration_ids(
        &mut self,
        viewer: &Viewer,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Uuid>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new("SELECT c.id FROM collaborations c WHERE c.id IN ");
        push_ids(&mut q, ids);
        q.push(" AND ");
        push_visible(&mut q, viewer, "c", false);
        Ok(
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn visible_collaborations(
        &mut self,
        viewer: &Viewer,
        ids: &[Uuid],
    ) -> StoreResult<Vec<CollaborationRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = SqlParts::new(COLLABORATION_SELECT);
        q.push(" WHERE c.id IN ");
        push_ids(&mut q, ids);
        q.push(" AND ");
        push_visible(&mut q, viewer, "c", false);
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }
}

#[async_trait]
impl SavedSearchStore for PgTx {
    async fn insert_saved_search(&mut self, row: &SavedSearchRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO saved_searches (id, user_id, name, query, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(row.id)
        .bind(row.user_id)
        .bind(&row.name)
        .bind(&row.query)
        .bind(row.created_at)
        .execute(self.conn())
        .await
        .map_err(|e| StoreError::on_unique(e, "q", "field-saved-search-exists"))?;
        Ok(())
    }

    async fn saved_searches(&mut self, user: Uuid) -> StoreResult<Vec<SavedSearchRow>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, name, query, created_at FROM saved_searches
              WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn delete_saved_search(&mut self, user: Uuid, id: Uuid) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
