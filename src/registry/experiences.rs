//! Experiences (erfaringer) written on a collaboration, including setbacks, and the comments,
//! questions and answers on them.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::input::{self, limits};
use super::{editable_collaboration, markdown, role_in, viewer_of, writes};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::{AppError, FieldError, Validator};
use crate::notify::Kind;
use crate::store::Tx;
use crate::store::accounts::AuditEntry;
use crate::store::notify::{Audience, Delivery};
use crate::store::registry::{CommentRow, ExperienceFields, ExperienceRow};

/// What a client sends to write an experience.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExperience {
    /// Title (at most 200 characters).
    pub title: String,
    /// What was done, in Markdown (at most 20,000 characters).
    pub body: String,
    /// What worked (at most 5,000 characters).
    #[serde(default)]
    pub what_worked: Option<String>,
    /// What did not work.
    #[serde(default)]
    pub what_did_not: Option<String>,
    /// Advice to peers.
    #[serde(default)]
    pub advice: Option<String>,
    /// A lesson from something that failed.
    #[serde(default)]
    pub is_setback: bool,
    /// Theme codes.
    #[serde(default)]
    pub themes: Vec<String>,
}

/// A partial update of an experience.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperiencePatch {
    /// Title.
    pub title: Option<String>,
    /// Body (Markdown).
    pub body: Option<String>,
    /// What worked.
    pub what_worked: Option<String>,
    /// What did not.
    pub what_did_not: Option<String>,
    /// Advice.
    pub advice: Option<String>,
    /// Setback.
    pub is_setback: Option<bool>,
    /// Theme codes.
    pub themes: Option<Vec<String>>,
    /// The version the client read.
    pub version: Option<i64>,
}

/// A comment, question or answer as a client sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// The text (at most 5,000 characters).
    pub body: String,
    /// `comment` (default) or `question`; an answer is given with `answer_to`.
    #[serde(default)]
    pub kind: Option<CommentKind>,
    /// The question this answers (the experience's author or its organisation's editors).
    #[serde(default)]
    pub answer_to: Option<Uuid>,
}

/// What a comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// A remark.
    Comment,
    /// A question to the authors.
    Question,
    /// An answer to a question.
    Answer,
}

async fn check(tx: &mut dyn Tx, input: &NewExperience) -> Result<ExperienceFields, AppError> {
    let mut v = Validator::new();
    let title = input::required_text(&mut v, "title", &input.title, limits::TITLE);
    let body = input::required_text(&mut v, "body", &input.body, limits::BODY);
    let worked = input::optional_text(
        &mut v,
        "what_worked",
        input.what_worked.as_deref().unwrap_or(""),
        limits::SECTION,
    );
    let did_not = input::optional_text(
        &mut v,
        "what_did_not",
        input.what_did_not.as_deref().unwrap_or(""),
        limits::SECTION,
    );
    let advice = input::optional_text(
        &mut v,
        "advice",
        input.advice.as_deref().unwrap_or(""),
        limits::SECTION,
    );
    let themes = input::themes(tx, &mut v, "themes", &input.themes).await?;
    v.finish()?;
    let body = body.unwrap_or_default();
    let rendered = markdown::render(&body);
    let worked = worked.unwrap_or_default();
    let did_not = did_not.unwrap_or_default();
    let advice = advice.unwrap_or_default();
    Ok(ExperienceFields {
        title: title.unwrap_or_default(),
        body_text: [rendered.text.as_str(), &worked, &did_not, &advice]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        body_md: body,
        body_html: rendered.html,
        what_worked: worked,
        what_did_not: did_not,
        advice,
        is_setback: input.is_setback,
        themes,
    })
}

async fn audit(
    tx: &mut dyn Tx,
    at: chrono::DateTime<chrono::Utc>,
    actor: Uuid,
    row: &ExperienceRow,
    action: &'static str,
    details: serde_json::Value,
) -> Result<(), AppError> {
    tx.record_audit(&AuditEntry {
        actor_id: Some(actor),
        organisation_id: Some(row.organisation_id),
        entity_type: "experience",
        entity_id: row.id,
        action,
        details,
        public: row.state == "published",
        at,
    })
    .await?;
    Ok(())
}

/// An experience the caller may edit: the author, or an editor/owner of the organisation.
async fn editable(
    tx: &mut dyn Tx,
    user: &CurrentUser,
    id: Uuid,
) -> Result<ExperienceRow, AppError> {
    let row = tx
        .experience(id, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    let author = row.author_id == Some(user.id);
    if author || writes(role_in(tx, row.organisation_id, user.id).await?) {
        Ok(row)
    } else {
        Err(AppError::Forbidden("problem-not-editor"))
    }
}

/// Writes a draft experience on a collaboration the caller edits for.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    collaboration: Uuid,
    input: NewExperience,
) -> Result<ExperienceRow, AppError> {
    user.require_verified()?;
    let mut tx = state.store.write().await?;
    editable_collaboration(&mut *tx, user, collaboration).await?;
    let fields = check(&mut *tx, &input).await?;
    let id = Uuid::now_v7();
    tx.insert_experience(id, collaboration, user.id, &fields, state.clock.now())
        .await?;
    let row = tx
        .experience(id, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    audit(
        &mut *tx,
        state.clock.now(),
        user.id,
        &row,
        "created",
        json!({"title": row.title}),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Edits an experience (412 on a stale version).
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    if_match: Option<i64>,
    patch: ExperiencePatch,
) -> Result<ExperienceRow, AppError> {
    let expected = if_match.or(patch.version);
    let mut tx = state.store.write().await?;
    let row = editable(&mut *tx, user, id).await?;
    if let Some(expected) = expected
        && expected != row.version
    {
        return Err(AppError::PreconditionFailed {
            current_version: row.version,
        });
    }
    let merged = NewExperience {
        title: patch.title.unwrap_or_else(|| row.title.clone()),
        body: patch.body.unwrap_or_else(|| row.body_md.clone()),
        what_worked: Some(patch.what_worked.unwrap_or_else(|| row.what_worked.clone())),
        what_did_not: Some(
            patch
                .what_did_not
                .unwrap_or_else(|| row.what_did_not.clone()),
        ),
        advice: Some(patch.advice.unwrap_or_else(|| row.advice.clone())),
        is_setback: patch.is_setback.unwrap_or(row.is_setback),
        themes: patch.themes.unwrap_or_else(|| {
            row.themes
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        }),
    };
    let fields = check(&mut *tx, &merged).await?;
    tx.update_experience(id, Some(row.version), &fields, state.clock.now())
        .await?;
    audit(
        &mut *tx,
        state.clock.now(),
        user.id,
        &row,
        "updated",
        json!({}),
    )
    .await?;
    let row = tx
        .experience(id, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// Publishes or unpublishes an experience.
pub async fn set_published(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    if_match: Option<i64>,
    publish: bool,
) -> Result<ExperienceRow, AppError> {
    let mut tx = state.store.write().await?;
    let row = editable(&mut *tx, user, id).await?;
    if let Some(expected) = if_match
        && expected != row.version
    {
        return Err(AppError::PreconditionFailed {
            current_version: row.version,
        });
    }
    let state_name = if publish { "published" } else { "draft" };
    tx.set_experience_state(id, Some(row.version), state_name, state.clock.now())
        .await?;
    let row = tx
        .experience(id, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    if publish
        && let Some(collaboration) = tx
            .collaboration(row.collaboration_id, &viewer_of(Some(user)))
            .await?
    {
        crate::notify::experience_published(
            &mut *tx,
            user.id,
            &collaboration,
            row.id,
            &row.title,
            state.clock.now(),
        )
        .await?;
    }
    audit(
        &mut *tx,
        state.clock.now(),
        user.id,
        &row,
        if publish { "published" } else { "unpublished" },
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Deletes an experience (kept, hidden, when it was published).
pub async fn delete(state: &AppState, user: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let row = editable(&mut *tx, user, id).await?;
    tx.delete_experience(id, state.clock.now()).await?;
    if row.published_at.is_some() {
        audit(
            &mut *tx,
            state.clock.now(),
            user.id,
            &row,
            "deleted",
            json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Comments on a published experience: any verified user comments or asks; the experience's
/// author and its organisation's editors answer questions.
pub async fn comment(
    state: &AppState,
    user: &CurrentUser,
    experience: Uuid,
    input: NewComment,
) -> Result<CommentRow, AppError> {
    user.require_verified()?;
    let mut tx = state.store.write().await?;
    let row = tx
        .experience(experience, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    if row.state != "published" || row.hidden_at.is_some() {
        return Err(AppError::Conflict {
            field: None,
            key: "problem-experience-not-published",
        });
    }
    let mut v = Validator::new();
    let body = input::required_text(&mut v, "body", &input.body, limits::COMMENT);
    let mut asker = None;
    let kind = match (input.kind, input.answer_to) {
        (Some(CommentKind::Answer) | None, Some(question)) => {
            let parent = tx.comment(question).await?;
            match parent {
                Some(p) if p.experience_id == experience && p.kind == "question" => {
                    asker = p.author_id;
                }
                _ => v.push(FieldError::new("answer_to", "field-question-unknown")),
            }
            let may_answer = row.author_id == Some(user.id)
                || writes(role_in(&mut *tx, row.organisation_id, user.id).await?);
            if !may_answer {
                return Err(AppError::Forbidden("problem-not-answerer"));
            }
            CommentKind::Answer
        }
        (Some(CommentKind::Answer), None) => {
            v.push(FieldError::new("answer_to", "field-required"));
            CommentKind::Answer
        }
        (Some(kind), Some(_)) => {
            v.push(FieldError::new("answer_to", "field-answer-only"));
            kind
        }
        (Some(kind), None) => kind,
        (None, None) => CommentKind::Comment,
    };
    v.finish()?;
    let comment = CommentRow {
        id: Uuid::now_v7(),
        experience_id: experience,
        author_id: Some(user.id),
        author_name: Some(user.name.clone()),
        parent_id: input.answer_to,
        kind: serde_json::to_value(kind)
            .ok()
            .and_then(|k| k.as_str().map(str::to_owned))
            .unwrap_or_else(|| "comment".into()),
        body: body.unwrap_or_default(),
        created_at: state.clock.now(),
        hidden_at: None,
    };
    tx.insert_comment(&comment).await?;
    // The experience's author hears of comments and questions; the asker of the answer.
    let (notice, recipient) = match kind {
        CommentKind::Comment => (Kind::CommentReceived, row.author_id),
        CommentKind::Question => (Kind::QuestionReceived, row.author_id),
        CommentKind::Answer => (Kind::AnswerReceived, asker),
    };
    if let Some(recipient) = recipient {
        let event = crate::notify::event(
            notice,
            Some(user.id),
            json!({"experience": row.title}),
            crate::notify::experience_path(experience),
            comment.created_at,
        );
        tx.notify(
            &event,
            &Audience::Users(vec![recipient]),
            Delivery::AsPreferred,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(comment)
}

/// The comments on an experience the caller may read; admins also see hidden ones.
pub async fn comments(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    experience: Uuid,
) -> Result<Vec<CommentRow>, AppError> {
    tx.experience(experience, &viewer_of(user))
        .await?
        .ok_or(AppError::NotFound)?;
    let admin = user.is_some_and(CurrentUser::is_admin);
    Ok(tx.comments_of(experience, admin).await?)
}
