//! Experiences from the editors' side: writing one on a collaboration (a draft, then
//! published from its page), and from everyone logged in: commenting, asking, answering and
//! reporting. A refused comment or report comes back on a page of its own with the text kept.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::{Editing, editable};
use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::http::web::account::logged_in_to;
use crate::http::web::collaborations::detail::{Found, find};
use crate::http::web::fields as field_kinds;
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::registry::experiences::{self, CommentKind, NewComment, NewExperience};
use crate::registry::moderation::{self, NewReport, ReportTarget};
use crate::registry::viewer_of;
use crate::uptake::open_data::page_path;

#[derive(Template)]
#[template(path = "pages/editor/experience_new.html", whitespace = "minimize")]
struct NewExperiencePage {
    chrome: Chrome,
    collaboration_title: String,
    action: String,
    back: String,
    form: FormView,
}

fn experience_form(
    ctx: &PageContext,
    form: Option<&CheckedForm>,
    themes: Vec<(String, String)>,
) -> FormView {
    let value = |name: &str| form.map(|f| f.value(name)).unwrap_or_default();
    let chosen = form.map(|f| f.all("themes").join(",")).unwrap_or_default();
    FormView::new(vec![
        Field::text("title", ctx.t("experience-field-title"))
            .hint(ctx.t("experience-field-title-hint"))
            .value(value("title")),
        Field::text("body", ctx.t("experience-field-body"))
            .hint(ctx.t("editor-field-description-hint"))
            .value(value("body")),
        Field::text("what_worked", ctx.t("experience-what-worked")).value(value("what_worked")),
        Field::text("what_did_not", ctx.t("experience-what-did-not")).value(value("what_did_not")),
        Field::text("advice", ctx.t("experience-advice")).value(value("advice")),
        Field::radios(
            "is_setback",
            ctx.t("experience-field-setback"),
            vec![("true".into(), ctx.t("experience-field-setback-yes"))],
        )
        .input_type("checkbox")
        .hint(ctx.t("experience-field-setback-hint"))
        .value(value("is_setback")),
        Field::radios("themes", ctx.t("editor-field-themes"), themes)
            .input_type("checkbox")
            .value(chosen),
    ])
}

async fn new_page(
    state: &AppState,
    ctx: &PageContext,
    row_title: &str,
    base: &str,
    form: Option<&CheckedForm>,
    errors: &[FieldError],
) -> Result<NewExperiencePage, AppError> {
    let l = ctx.locale;
    let themes = state
        .store
        .read()
        .await?
        .themes()
        .await?
        .into_iter()
        .filter(|t| !t.retired)
        .map(|t| {
            let label = format!("{} {}", t.code, l.pick(&t.name_da, &t.name_en));
            (t.code, label)
        })
        .collect();
    let form = experience_form(ctx, form, themes).with_errors(errors, l);
    let name = ctx.t1("experience-new-title", "title", row_title);
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            field_kinds::title(ctx, name.clone(), form.has_errors()),
            name.clone(),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.to_owned(), row_title.to_owned()),
            (
                format!("{base}/erfaringer/ny"),
                ctx.t("experience-new-crumb"),
            ),
        ]);
    Ok(NewExperiencePage {
        chrome,
        collaboration_title: row_title.to_owned(),
        action: format!("{base}/erfaringer/ny"),
        back: base.to_owned(),
        form,
    })
}

/// `GET /samarbejder/{org}/{slug}/erfaringer/ny`.
pub(super) async fn show_new(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let d = match editable(&state, &ctx, (&org, &slug), "/erfaringer/ny").await? {
        Editing::Here(d, _) => d,
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let page = new_page(&state, &ctx, &d.row.title, &page_path(&d.row), None, &[]).await?;
    Ok(ctx.render(&page))
}

/// `POST /samarbejder/{org}/{slug}/erfaringer/ny`: writes a draft experience.
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/erfaringer/ny").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let optional = |name: &str| Some(form.value(name)).filter(|v| !v.trim().is_empty());
    let input = NewExperience {
        title: form.value("title"),
        body: form.value("body"),
        what_worked: optional("what_worked"),
        what_did_not: optional("what_did_not"),
        advice: optional("advice"),
        is_setback: form.value("is_setback") == "true",
        themes: form.all("themes").into_iter().map(str::to_owned).collect(),
    };
    let base = page_path(&d.row);
    match experiences::create(&state, &user, d.row.id, input).await {
        Ok(e) => Ok(
            notice::redirect(&format!("{base}/erfaringer/{}", e.id), "experience-created")
                .into_response(),
        ),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let page = new_page(
                &state,
                &ctx,
                &d.row.title,
                &base,
                Some(&form),
                &refusal.errors,
            )
            .await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}

/// The experience page's address, after checking the visitor may see it there.
async fn experience_href(
    state: &AppState,
    ctx: &PageContext,
    (org, slug, id): (&str, &str, &str),
) -> Result<(String, Uuid, String), AppError> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let mut tx = state.store.read().await?;
    let rest = format!("/erfaringer/{id}");
    let d = match find(&mut *tx, ctx.user.as_ref(), org, slug, &rest).await? {
        Found::Here(d) => *d,
        Found::Moved(_) => return Err(AppError::NotFound),
    };
    let e = tx
        .experience(id, &viewer_of(ctx.user.as_ref()))
        .await?
        .filter(|e| e.collaboration_id == d.row.id)
        .ok_or(AppError::NotFound)?;
    Ok((format!("{}{rest}", page_path(&d.row)), id, e.title))
}

/// `POST .../erfaringer/{id}/offentliggoer`: publishes a draft experience.
pub(super) async fn publish(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, id)): Path<(String, String, String)>,
    _form: CheckedForm,
) -> Result<Response, AppError> {
    let (href, id, _) = experience_href(&state, &ctx, (&org, &slug, &id)).await?;
    let user = match logged_in_to(&ctx, &href) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    experiences::set_published(&state, user, id, None, true).await?;
    Ok(notice::redirect(&href, "experience-published").into_response())
}

#[derive(Template)]
#[template(path = "pages/editor/respond.html", whitespace = "minimize")]
struct RespondPage {
    chrome: Chrome,
    heading: String,
    action: String,
    back: String,
    back_label: String,
    form: FormView,
    hidden: Vec<(&'static str, String)>,
    submit: String,
}

/// The comment or report form again, on a page of its own, with what was wrong.
fn respond_page(
    ctx: &PageContext,
    (href, title): (&str, &str),
    heading: String,
    action: String,
    form: FormView,
    hidden: Vec<(&'static str, String)>,
    submit: String,
) -> RespondPage {
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            field_kinds::title(ctx, heading.clone(), form.has_errors()),
            heading.clone(),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (href.to_owned(), title.to_owned()),
        ]);
    RespondPage {
        chrome,
        heading,
        action,
        back: href.to_owned(),
        back_label: ctx.t1("experience-back", "title", title),
        form,
        hidden,
        submit,
    }
}

/// `POST .../erfaringer/{id}/kommentarer`: a comment, a question, or (with `answer_to`) an
/// answer.
pub(super) async fn comment(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, id)): Path<(String, String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (href, id, title) = experience_href(&state, &ctx, (&org, &slug, &id)).await?;
    let user = match logged_in_to(&ctx, &href) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let answer_to = form.value("answer_to");
    let kind = form.value("kind");
    let (kind, answer_to) = if answer_to.is_empty() {
        let kind = match kind.as_str() {
            "question" => CommentKind::Question,
            _ => CommentKind::Comment,
        };
        (kind, None)
    } else {
        let question = Uuid::parse_str(&answer_to)
            .map_err(|_| AppError::field("answer_to", "field-question-unknown"))?;
        (CommentKind::Answer, Some(question))
    };
    let input = NewComment {
        body: form.value("body"),
        kind: Some(kind),
        answer_to,
    };
    match experiences::comment(&state, user, id, input).await {
        Ok(_) => Ok(notice::redirect(&href, "comment-posted").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let mut fields =
                vec![Field::text("body", ctx.t("comment-field-body")).value(form.value("body"))];
            if answer_to.is_none() {
                fields.push(
                    Field::radios(
                        "kind",
                        ctx.t("comment-field-kind"),
                        vec![
                            ("comment".into(), ctx.t("comment-kind-comment")),
                            ("question".into(), ctx.t("comment-kind-question")),
                        ],
                    )
                    .value(match kind {
                        CommentKind::Question => "question",
                        _ => "comment",
                    }),
                );
            }
            let view = FormView::new(fields).with_errors(&refusal.errors, ctx.locale);
            let hidden = answer_to
                .map(|q| vec![("answer_to", q.to_string())])
                .unwrap_or_default();
            let page = respond_page(
                &ctx,
                (&href, &title),
                ctx.t("comment-form-title"),
                format!("{href}/kommentarer"),
                view,
                hidden,
                ctx.t("comment-submit"),
            );
            Ok(refusal.render(&ctx, &page))
        }
    }
}

/// `POST .../erfaringer/{id}/anmeld`: reports the experience or (`comment`) one of its
/// comments to the moderators.
pub(super) async fn report(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, id)): Path<(String, String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (href, id, title) = experience_href(&state, &ctx, (&org, &slug, &id)).await?;
    let user = match logged_in_to(&ctx, &href) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let comment = form.value("comment");
    let (target_type, target_id) = if comment.is_empty() {
        (ReportTarget::Experience, id)
    } else {
        (
            ReportTarget::Comment,
            Uuid::parse_str(&comment).map_err(|_| AppError::NotFound)?,
        )
    };
    let input = NewReport {
        target_type,
        target_id,
        reason: form.value("reason"),
    };
    match moderation::report(&state, user, input).await {
        Ok(_) => Ok(notice::redirect(&href, "report-sent").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let view = FormView::new(vec![
                Field::text("reason", ctx.t("report-field-reason"))
                    .hint(ctx.t("report-field-reason-hint"))
                    .value(form.value("reason")),
            ])
            .with_errors(&refusal.errors, ctx.locale);
            let hidden = if comment.is_empty() {
                Vec::new()
            } else {
                vec![("comment", comment.clone())]
            };
            let page = respond_page(
                &ctx,
                (&href, &title),
                ctx.t("report-form-title"),
                format!("{href}/anmeld"),
                view,
                hidden,
                ctx.t("report-submit"),
            );
            Ok(refusal.render(&ctx, &page))
        }
    }
}
