//! `/samarbejder/{org}/{slug}/erfaringer/{id}`: an experience with what worked, what did not
//! and advice, and the comments, questions and answers on it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::detail::{Found, find, long_day};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::catalogue::{ThemeLink, theme_links};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::i18n::Locale;
use crate::registry::{experiences, viewer_of};
use crate::store::registry::CommentRow;
use crate::uptake::open_data::page_path;

/// A comment, question or answer as the page shows it.
pub struct CommentView {
    id: String,
    uuid: String,
    kind: String,
    kind_label: String,
    author: String,
    date: String,
    datetime: String,
    body: Vec<String>,
    hidden: bool,
    answers: Vec<CommentView>,
}

impl CommentView {
    fn new(c: &CommentRow, l: Locale) -> CommentView {
        CommentView {
            id: format!("kommentar-{}", c.id),
            uuid: c.id.to_string(),
            kind: c.kind.clone(),
            kind_label: super::vocab_label("comment-kind", &c.kind, l),
            author: c
                .author_name
                .clone()
                .unwrap_or_else(|| l.text("comment-author-gone")),
            date: long_day(c.created_at, l),
            datetime: c.created_at.to_rfc3339(),
            body: paragraphs(&c.body),
            hidden: c.hidden_at.is_some(),
            answers: Vec::new(),
        }
    }
}

/// Plain text as paragraphs (comments are not Markdown).
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Questions with their answers under them, in the order written; an answer whose question is
/// not shown stands on its own.
fn threads(rows: &[CommentRow], l: Locale) -> Vec<CommentView> {
    let mut top: Vec<CommentView> = Vec::new();
    let mut ids: Vec<Uuid> = Vec::new();
    for c in rows {
        let parent = c.parent_id.and_then(|p| ids.iter().position(|i| *i == p));
        match parent {
            Some(i) if c.kind == "answer" => top[i].answers.push(CommentView::new(c, l)),
            _ => {
                top.push(CommentView::new(c, l));
                ids.push(c.id);
            }
        }
    }
    top
}

#[derive(Template)]
#[template(path = "pages/experience.html", whitespace = "minimize")]
struct ExperiencePage {
    chrome: Chrome,
    title: String,
    collaboration_title: String,
    collaboration_href: String,
    author: String,
    date: String,
    setback: bool,
    draft: bool,
    hidden: bool,
    body_html: String,
    what_worked: Vec<String>,
    what_did_not: Vec<String>,
    advice: Vec<String>,
    themes: Vec<ThemeLink>,
    comments: Vec<CommentView>,
    question_count: usize,
    comment_count: usize,
    /// The experience's own address (its forms post under it).
    href: String,
    /// The visitor edits for the collaboration's organisation (publishes, answers).
    can_edit: bool,
    /// The visitor is logged in (comments, asks, reports).
    logged_in: bool,
}

/// `GET /samarbejder/{org}/{slug}/erfaringer/{id}`.
pub async fn experience(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, id)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let mut tx = state.store.read().await?;
    let rest = format!("/erfaringer/{id}");
    let d = match find(&mut *tx, ctx.user.as_ref(), &org, &slug, &rest).await? {
        Found::Here(d) => *d,
        Found::Moved(to) => return Ok(Redirect::permanent(&to).into_response()),
    };
    let user = ctx.user.as_ref();
    let e = tx
        .experience(id, &viewer_of(user))
        .await?
        .filter(|e| e.collaboration_id == d.row.id)
        .ok_or(AppError::NotFound)?;
    let rows = experiences::comments(&mut *tx, user, id).await?;
    let l = ctx.locale;
    let themes = tx.themes().await?;
    let comments = threads(&rows, l);
    let base = page_path(&d.row);
    let href = format!("{base}{rest}");
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            e.title.clone(),
            ctx.t1("experience-description", "title", &d.row.title),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.clone(), d.row.title.clone()),
            (href.clone(), e.title.clone()),
        ]);
    Ok(ctx.render(&ExperiencePage {
        chrome,
        title: e.title.clone(),
        collaboration_title: d.row.title.clone(),
        collaboration_href: base,
        author: e.author_name.clone().unwrap_or_default(),
        date: long_day(e.published_at.unwrap_or(e.created_at), l),
        setback: e.is_setback,
        draft: e.state != "published",
        hidden: e.hidden_at.is_some(),
        body_html: e.body_html.clone(),
        what_worked: paragraphs(&e.what_worked),
        what_did_not: paragraphs(&e.what_did_not),
        advice: paragraphs(&e.advice),
        themes: theme_links(&e.themes, &themes, l),
        question_count: rows.iter().filter(|c| c.kind == "question").count(),
        comment_count: rows.len(),
        comments,
        href,
        can_edit: d.can_edit,
        logged_in: ctx.user.is_some(),
    }))
}
