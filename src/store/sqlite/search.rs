//! Search for SQLite: FTS5 over the analysed terms, a trigram table for typos, profiles.
//!
//! Query words reach FTS5 only as double-quoted analysed terms (letters and digits) joined by
//! operators written here, so nothing a user types is FTS5 syntax.

use async_trait::async_trait;
use uuid::Uuid;

use super::SqliteTx;
use super::registry::{COLLABORATION_SELECT, arguments, json_array};
use crate::search::analyze::{self, QueryTerm};
use crate::store::registry::CollaborationRow;
use crate::store::scope::{Bind, SqlParts, Viewer, push_experience_visible, push_visible};
use crate::store::search::*;
use crate::store::{Savepoint, StoreError, StoreResult};

/// A term as an FTS5 string.
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The ways a query word matches, as an FTS5 expression: its stem, what starts with the word
/// being typed (its completions, else a prefix search), and (with `fuzzy`) its typo
/// alternatives.
fn alternatives(term: &QueryTerm, fuzzy: bool) -> String {
    let mut parts = vec![quoted(&term.stem)];
    match (term.prefix, &term.completions) {
        (false, _) => {}
        (true, Some(words)) => parts.extend(words.iter().map(|w| quoted(w))),
        (true, None) => parts.push(format!("{}*", quoted(&term.word))),
    }
    if fuzzy {
        parts.extend(term.fuzzy.iter().map(|f| quoted(f)));
    }
    format!("({})", parts.join(" OR "))
}

/// A word's typo alternatives without the word itself (nor what starts with it).
fn typo_only(term: &QueryTerm) -> String {
    let typos: Vec<String> = term.fuzzy.iter().map(|f| quoted(f)).collect();
    format!("({}) NOT {}", typos.join(" OR "), alternatives(term, false))
}

/// Every word must match somewhere.
fn match_all(terms: &[QueryTerm]) -> String {
    terms
        .iter()
        .map(|t| alternatives(t, true))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn in_field(field: &str, term: &QueryTerm) -> String {
    format!("{{{field}}} : {}", alternatives(term, true))
}

/// `d.doc` is among the documents of `table` matching `fts`.
fn push_doc_matches(q: &mut SqlParts, table: &str, fts: String) {
    q.push(&format!(
        "d.doc IN (SELECT rowid FROM {table} WHERE {table} MATCH "
    ))
    .text(&fts)
    .push(")");
}

/// The score of document `d` (see [`points`]). Which field a word is in is read from the small
/// index of titles and leads.
/// Without words, 0.
fn push_score(q: &mut SqlParts, terms: &[QueryTerm]) {
    q.push("(0");
    for t in terms {
        q.push(" + (CASE WHEN ");
        push_doc_matches(q, "search_head_fts", in_field("title", t));
        q.push(&format!(" THEN {} WHEN ", points::TITLE));
        push_doc_matches(q, "search_head_fts", in_field("lead", t));
        q.push(&format!(
            " THEN {} ELSE {} END)",
            points::LEAD,
            points::BODY
        ));
        if !t.fuzzy.is_empty() {
            // Found only through a typo: among the matches, those with a typo alternative and
            // without the word itself. Few documents hold a typo's alternatives, where the word
            // itself may be in most: this set stays small where its complement would not.
            q.push(" / (CASE WHEN ");
            push_doc_matches(q, "search_fts", typo_only(t));
            q.push(" THEN 2 ELSE 1 END)");
        }
    }
    q.push(")");
}

/// `FROM ... WHERE ...` for what the viewer may see that matches, from the documents alone.
fn push_from_where(q: &mut SqlParts, viewer: &Viewer, request: &SearchRequest) {
    if request.terms.is_empty() {
        q.push(" FROM search_documents d WHERE ");
    } else {
        // CROSS JOIN keeps the full-text match the outer loop.
        q.push(" FROM search_fts f CROSS JOIN search_documents d ON d.doc = f.rowid WHERE search_fts MATCH ")
            .text(&match_all(&request.terms))
            .push(" AND ");
    }
    push_search_scope(q, viewer, request, Some(PROFILES.find));
}

/// How SQLite writes a profile query.
const PROFILES: ProfileDialect = ProfileDialect {
    find: "instr",
    // `bit_count` is the connection's own (src/store/sqlite/mod.rs), of an integer.
    bits: "",
    fence: " LIMIT -1",
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

/// A document's analysed text, as its FTS5 row.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct TextRow {
    doc: i64,
    title: String,
    lead: String,
    body: String,
}

/// The full-text rows a write transaction has put, written into the FTS5 tables together
/// before it commits (and before it searches). FTS5 turns what it holds in memory into a new
/// segment of its index whenever a savepoint begins, and SQLite begins one for every statement
/// that may fail half-way (most inserts), so rows written one by one among other statements
/// made a segment per document, and merging those segments was most of the time of a large
/// write. Written together, a transaction makes one segment.
#[derive(Debug, Default)]
pub(super) struct TextRows {
    rows: Vec<TextRow>,
    /// Where each open savepoint began in `rows`.
    marks: Vec<usize>,
}

impl TextRows {
    fn put(&mut self, row: TextRow) {
        self.rows.push(row);
    }

    /// Follows a savepoint: rows put since one rolled back are forgotten with it.
    pub(super) fn savepoint(&mut self, step: Savepoint) {
        match step {
            Savepoint::Mark => self.marks.push(self.rows.len()),
            Savepoint::Release => {
                self.marks.pop();
            }
            Savepoint::RollBack => {
                if let Some(&mark) = self.marks.last() {
                    self.rows.truncate(mark);
                }
            }
        }
    }

    /// The rows to write, the last put of each document only, leaving none behind.
    fn take(&mut self) -> Vec<TextRow> {
        let mut rows = std::mem::take(&mut self.rows);
        self.marks.clear();
        let mut seen = std::collections::HashSet::new();
        rows.reverse();
        rows.retain(|r| seen.insert(r.doc));
        rows.reverse();
        rows
    }
}

impl SqliteTx {
    /// Writes the full-text rows put so far, two statements however many. A document deleted
    /// since it was put (its `search_documents` row gone with its record) is left out; REPLACE
    /// deletes a document's old terms in the same statement.
    pub(super) async fn write_text_rows(&mut self) -> StoreResult<()> {
        let rows = self.text_rows.take();
        if rows.is_empty() {
            return Ok(());
        }
        let rows = serde_json::to_string(&rows).map_err(|e| StoreError::Other(e.into()))?;
        sqlx::query(
            "REPLACE INTO search_fts (rowid, title, lead, body)
             SELECT value ->> 'doc', value ->> 'title', value ->> 'lead', value ->> 'body'
               FROM json_each($1)
              WHERE EXISTS (SELECT 1 FROM search_documents WHERE doc = value ->> 'doc')",
        )
        .bind(&rows)
        .execute(self.conn())
        .await?;
        sqlx::query(
            "REPLACE INTO search_head_fts (rowid, title, lead)
             SELECT value ->> 'doc', value ->> 'title', value ->> 'lead'
               FROM json_each($1)
              WHERE EXISTS (SELECT 1 FROM search_documents WHERE doc = value ->> 'doc')",
        )
        .bind(&rows)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

#[async_trait]
impl SearchStore for SqliteTx {
    async fn collaboration_source(&mut self, id: Uuid) -> StoreResult<Option<CollaborationSource>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.title, c.summary, c.description_text, c.town, c.town_population,
                    c.municipality_code, m.name AS municipality_name, c.organisation_model,
                    COALESCE((SELECT group_concat(note, ' ') FROM (
                        SELECT note FROM recommendation_links WHERE collaboration_id = c.id
                        UNION ALL SELECT note FROM toolbox_links WHERE collaboration_id = c.id)), '')
                        AS notes,
                    COALESCE((SELECT group_concat(recommendation_code, ',') FROM recommendation_links
                        WHERE collaboration_id = c.id), '') AS recommendations,
                    COALESCE((SELECT group_concat(toolbox_slug, ',') FROM toolbox_links
                        WHERE collaboration_id = c.id), '') AS toolbox,
                    COALESCE((SELECT group_concat(theme_code, ',') FROM collaboration_themes
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
        let rowid: i64 = sqlx::query_scalar(
            "INSERT INTO search_documents (record_id, kind, collaboration_id, experience_id)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind,
                 collaboration_id = excluded.collaboration_id, experience_id = excluded.experience_id
             RETURNING doc",
        )
        .bind(doc.record_id)
        .bind(doc.kind.as_str())
        .bind(doc.collaboration_id)
        .bind(experience)
        .fetch_one(self.conn())
        .await?;
        self.text_rows.put(TextRow {
            doc: rowid,
            title: doc.title.join(" "),
            lead: doc.lead.join(" "),
            body: doc.body.join(" "),
        });
        Ok(())
    }

    async fn put_collaboration_profile(&mut self, p: &CollaborationProfile) -> StoreResult<()> {
        sqlx::query(
            // The masks (migration 0013) are made from the lists, in the same statement.
            "INSERT INTO collaboration_profiles (collaboration_id, recommendations, toolbox, themes,
                 organisation_model, town_population, municipality_code, recommendation_bits,
                 toolbox_bits, theme_bits)
             VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT COALESCE(sum(1 << bit), 0) FROM recommendations
                   WHERE bit < 63 AND instr($2, ',' || code || ',') > 0),
                 (SELECT COALESCE(sum(1 << bit), 0) FROM toolbox_entries
                   WHERE bit < 63 AND instr($3, ',' || slug || ',') > 0),
                 (SELECT COALESCE(sum(1 << bit), 0) FROM themes
                   WHERE bit < 63 AND instr($4, ',' || code || ',') > 0))
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
        // Three statements however many stems: the stems not yet known, then their rows and
        // their trigrams, each as one JSON array (fixed SQL, so the statements stay cached).
        let new: Vec<String> = sqlx::query_scalar(
            "SELECT value FROM json_each($1)
             WHERE NOT EXISTS (SELECT 1 FROM search_terms WHERE term = value)",
        )
        .bind(json_array(stems))
        .fetch_all(self.conn())
        .await?;
        if new.is_empty() {
            return Ok(());
        }
        let mut terms = Vec::with_capacity(new.len());
        let mut trigrams = Vec::new();
        for stem in &new {
            let grams = analyze::trigrams(stem);
            terms.push((stem, grams.len()));
            trigrams.extend(grams.into_iter().map(|g| (g, stem)));
        }
        sqlx::query(
            "INSERT INTO search_terms (term, trigrams)
             SELECT value ->> 0, value ->> 1 FROM json_each($1) WHERE true
             ON CONFLICT (term) DO NOTHING",
        )
        .bind(json_array(&terms))
        .execute(self.conn())
        .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO search_trigrams (trigram, term)
             SELECT value ->> 0, value ->> 1 FROM json_each($1)",
        )
        .bind(json_array(&trigrams))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn add_search_words(&mut self, words: &[(String, String)]) -> StoreResult<()> {
        sqlx::query(
            "INSERT OR IGNORE INTO search_words (word, stem)
             SELECT value ->> 0, value ->> 1 FROM json_each($1)",
        )
        .bind(json_array(words))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn search_words_from(
        &mut self,
        prefix: &str,
        limit: i64,
    ) -> StoreResult<Option<Vec<(String, String)>>> {
        // The terms a prefix starts are one range of the key (text compares byte by byte).
        Ok(Some(
            sqlx::query_as(
                "SELECT word, stem FROM search_words
                 WHERE word >= $1 AND word < $1 || char(1114111) ORDER BY word, stem LIMIT $2",
            )
            .bind(prefix)
            .bind(limit)
            .fetch_all(self.conn())
            .await?,
        ))
    }

    async fn compact_search_index(&mut self) -> StoreResult<()> {
        self.write_text_rows().await?;
        // Rewriting every row leaves each index in many segments, with the rows it replaced
        // marked deleted in them: the planner's search ("tomme butikker") took 101 ms after a
        // rebuild of 400,000 documents, 81 ms once merged (5 s).
        for table in ["search_fts", "search_head_fts"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO {table} ({table}) VALUES ('optimize')"
            )))
            .execute(self.conn())
            .await?;
        }
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
        let grams = analyze::trigrams(stem);
        let n = i64::try_from(grams.len()).unwrap_or(i64::MAX);
        // Similarity (shared / all) of at least 0.4; only words of a length that can reach it.
        let mut q = SqlParts::new(
            "SELECT g.term FROM search_trigrams g JOIN search_terms t ON t.term = g.term \
             WHERE g.trigram IN (",
        );
        for (i, g) in grams.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.text(g);
        }
        q.push(") AND t.trigrams BETWEEN ")
            .bind(Bind::Int(n * 2 / 5))
            .push(" AND ")
            .bind(Bind::Int(n * 5 / 2 + 1))
            .push(" GROUP BY g.term, t.trigrams HAVING count(*) * 5 >= 2 * (");
        q.bind(Bind::Int(n))
            .push(" + t.trigrams - count(*)) ORDER BY count(*) * 1.0 / (");
        q.bind(Bind::Int(n))
            .push(" + t.trigrams - count(*)) DESC, g.term LIMIT ")
            .bind(Bind::Int(limit));
        Ok(
            sqlx::query_scalar_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn search_hits(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        sort: SearchSort,
        after: Option<SearchCursor>,
        limit: i64,
    ) -> StoreResult<Vec<SearchHit>> {
        self.write_text_rows().await?;
        let q = hits_sql(
            |q| push_score(q, &request.terms),
            |q| push_from_where(q, viewer, request),
            sort,
            after,
            limit,
        );
        Ok(
            sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), arguments(&q.binds)?)
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
        self.write_text_rows().await?;
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
            " FROM search_documents d CROSS JOIN collaborations c ON c.id = d.collaboration_id \
             LEFT JOIN experiences e ON e.id = d.experience_id \
             JOIN municipalities mu ON mu.code = c.municipality_code WHERE d.record_id IN ",
        );
        push_ids(&mut q, ids);
        q.push(" AND ");
        push_search_scope(&mut q, viewer, request, Some(PROFILES.find));
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
impl SavedSearchStore for SqliteTx {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sqlx::Connection;

    use super::*;

    fn row(doc: i64, title: &str) -> TextRow {
        TextRow {
            doc,
            title: title.into(),
            lead: String::new(),
            body: String::new(),
        }
    }

    fn titles(rows: &[TextRow]) -> Vec<(i64, &str)> {
        rows.iter().map(|r| (r.doc, r.title.as_str())).collect()
    }

    #[test]
    fn rows_put_in_a_savepoint_rolled_back_are_not_written() {
        let mut rows = TextRows::default();
        rows.savepoint(Savepoint::Mark);
        rows.put(row(1, "kept"));
        rows.savepoint(Savepoint::Release);
        rows.savepoint(Savepoint::Mark);
        rows.put(row(2, "undone"));
        rows.savepoint(Savepoint::RollBack);
        rows.savepoint(Savepoint::Release);
        rows.put(row(3, "after"));
        assert_eq!(titles(&rows.take()), vec![(1, "kept"), (3, "after")]);
        assert!(rows.take().is_empty(), "taken rows are not written twice");
    }

    #[tokio::test]
    async fn shared_bits_are_counted_as_the_masks_have_them_in_common() {
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .expect("connect");
        super::super::add_bit_count(&mut conn)
            .await
            .expect("bit_count");
        let values: [i64; 6] = [0, 1, 0b1011_0110, 0x5a5a_0000_ff00_1234, i64::MAX, -1];
        let masks: [i64; 4] = [1, 0b1111_0000, 0x0f0f_f000_0000_0001, (1 << 62) | 0xff];
        for value in values {
            for mask in masks {
                let mut q =
                    SqlParts::new(&format!("SELECT {}", PROFILES.shared_bits("bits", mask)));
                q.push(" FROM (SELECT ")
                    .bind(Bind::Int(value))
                    .push(" AS bits) p");
                let shared: i64 = sqlx::query_scalar_with(
                    sqlx::AssertSqlSafe(q.sql),
                    arguments(&q.binds).expect("arguments"),
                )
                .fetch_one(&mut conn)
                .await
                .expect("count");
                assert_eq!(
                    shared,
                    i64::from((value & mask).count_ones()),
                    "{value:#x} and {mask:#x}"
                );
            }
        }
        let none: Option<i64> = sqlx::query_scalar("SELECT bit_count(NULL)")
            .fetch_one(&mut conn)
            .await
            .expect("count of nothing");
        assert_eq!(none, None);
    }

    /// A published, public collaboration titled `title`, written in `tx` for `org`.
    async fn publish(tx: &mut dyn crate::store::Tx, org: Uuid, title: &str) -> Uuid {
        use crate::store::registry::CollaborationFields;
        let id = Uuid::now_v7();
        let now = chrono::Utc::now();
        let fields = CollaborationFields {
            title: title.into(),
            summary: "Et bysamarbejde.".into(),
            description_md: String::new(),
            description_html: String::new(),
            description_text: String::new(),
            town: "Næstved".into(),
            town_population: Some(43_000),
            municipality_code: "370".into(),
            organisation_model: "formal_private".into(),
            started_on: None,
            ended_on: None,
            status: "active".into(),
            website: None,
            contact: None,
            visibility: "public".into(),
            themes: vec![],
            fee_bases: vec![],
            partner_kinds: vec![],
        };
        tx.insert_collaboration(id, org, &id.to_string(), &fields, now)
            .await
            .expect("insert");
        tx.set_collaboration_state(id, None, "published", now)
            .await
            .expect("publish");
        id
    }

    /// A migrated store with the catalogue and an organisation in Næstved (370).
    async fn store_with_organisation() -> (tempfile::TempDir, Arc<dyn crate::store::Store>, Uuid) {
        use crate::store::accounts::OrganisationRow;
        let (dir, store) = crate::store::sqlite_file_store().await;
        // The catalogue (municipality 370) and the search index's version.
        crate::app::prepare(&store).await.expect("prepare");
        let org = Uuid::now_v7();
        let mut tx = store.write().await.expect("write");
        tx.insert_organisation(&OrganisationRow {
            id: org,
            name: "Næstved Bymidte".into(),
            slug: "naestved-bymidte".into(),
            kind: "town_partnership".into(),
            municipality_code: Some("370".into()),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        })
        .await
        .expect("organisation");
        tx.commit().await.expect("commit");
        (dir, store, org)
    }

    async fn found(tx: &mut dyn crate::store::Tx, q: &str) -> usize {
        let request = SearchRequest {
            terms: analyze::query_terms(q),
            filter: Default::default(),
            experiences: Default::default(),
            kinds: Kinds::All,
        };
        tx.search_hits(&Viewer::anonymous(), &request, SearchSort::Newest, None, 10)
            .await
            .expect("search")
            .len()
    }

    #[tokio::test]
    async fn text_written_in_a_transaction_is_found_in_it_and_kept_only_as_committed() {
        let (_dir, store, org) = store_with_organisation().await;
        let mut tx = store.write().await.expect("write");
        publish(&mut *tx, org, "Tomme butikker").await;
        // Searched in the same transaction: found, before anything is committed.
        assert_eq!(found(&mut *tx, "tomme butikker ").await, 1);
        publish(&mut *tx, org, "Grønne gårde").await;
        tx.savepoint(Savepoint::Mark).await.expect("mark");
        publish(&mut *tx, org, "Lukkede gader").await;
        tx.savepoint(Savepoint::RollBack).await.expect("roll back");
        tx.savepoint(Savepoint::Release).await.expect("release");
        tx.commit().await.expect("commit");

        let mut tx = store.read().await.expect("read");
        assert_eq!(found(&mut *tx, "tomme butikker ").await, 1);
        assert_eq!(found(&mut *tx, "grønne gårde ").await, 1);
        assert_eq!(found(&mut *tx, "lukkede gader ").await, 0);
        drop(tx);

        // A transaction rolled back leaves nothing in the index.
        let mut tx = store.write().await.expect("write");
        publish(&mut *tx, org, "Torvedage").await;
        drop(tx);
        assert_eq!(
            found(&mut *store.read().await.expect("read"), "torvedage ").await,
            0
        );
    }

    /// The candidates for "like P3, P5, pop-up shops and theme 3.1", with their points.
    async fn candidates(store: &Arc<dyn crate::store::Store>) -> Vec<(Uuid, i64)> {
        let query = ProfileQuery {
            recommendations: (vec!["P3".into(), "P5".into()], 3),
            toolbox: (vec!["midlertidige-afproevninger".into()], 2),
            themes: (vec!["3.1".into()], 1),
            organisation_model: Some(("formal_private".into(), 1)),
            ..Default::default()
        };
        let mut tx = store.read().await.expect("read");
        let bits = tx.profile_bits(&query).await.expect("bits");
        tx.profile_candidates(&query, &bits, None, 10)
            .await
            .expect("candidates")
    }

    #[tokio::test]
    async fn shared_entries_count_the_same_with_or_without_their_bits() {
        let (dir, store, org) = store_with_organisation().await;
        let mut tx = store.write().await.expect("write");
        let mut profiles = Vec::new();
        for (title, recommendations, toolbox, themes, model) in [
            (
                "Alle",
                &["P3", "P5"][..],
                &["midlertidige-afproevninger"][..],
                &["3.1"][..],
                "formal_private",
            ),
            (
                "Én anbefaling",
                &["P5"],
                &[],
                &["3.1", "4"],
                "formal_private",
            ),
            ("Andre", &["P1"], &["oekonomi"], &["2"], "informal_public"),
            ("Kun modellen", &[], &[], &[], "formal_private"),
        ] {
            let id = publish(&mut *tx, org, title).await;
            let owned = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect();
            let profile = CollaborationProfile {
                collaboration_id: id,
                recommendations: owned(recommendations),
                toolbox: owned(toolbox),
                themes: owned(themes),
                organisation_model: model.into(),
                town_population: Some(43_000),
                municipality_code: "370".into(),
                signature: vec![],
            };
            tx.put_collaboration_profile(&profile)
                .await
                .expect("profile");
            profiles.push(id);
        }
        tx.commit().await.expect("commit");
        let expected = vec![
            (profiles[0], 3 + 3 + 2 + 1 + 1),
            (profiles[1], 3 + 1 + 1),
            (profiles[3], 1),
        ];
        assert_eq!(candidates(&store).await, expected);

        // An entry without a bit in the masks (past the 63rd of its kind) is found in the
        // profile's list instead, with the same points.
        let mut conn = sqlx::SqliteConnection::connect(&format!(
            "sqlite://{}",
            dir.path().join("store.db").display()
        ))
        .await
        .expect("connect");
        sqlx::query(
            "UPDATE recommendations SET bit = 63 WHERE code = 'P5';
             UPDATE toolbox_entries SET bit = NULL WHERE slug = 'midlertidige-afproevninger';
             UPDATE themes SET bit = 70 WHERE code = '3.1';",
        )
        .execute(&mut conn)
        .await
        .expect("bits removed");
        assert_eq!(candidates(&store).await, expected);
    }

    #[test]
    fn a_document_put_twice_is_written_as_last_put() {
        let mut rows = TextRows::default();
        rows.put(row(7, "draft"));
        rows.put(row(8, "other"));
        rows.put(row(7, "published"));
        assert_eq!(titles(&rows.take()), vec![(8, "other"), (7, "published")]);
    }
}
