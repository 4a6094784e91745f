//! `/samarbejder/{org}/{slug}/rediger`: the edit page. The form carries the version it was
//! filled from; a save over a newer version changes nothing and shows both versions, the
//! stored one and the person's, with the person's kept in the form to send again. "Preview"
//! shows the texts as the collaboration page will, without saving.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::form::{Choices, Difference, Values, differences, fields, specific};
use super::links::{self, LinkInputs, LinksView};
use super::{Editing, editable};
use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::http::web::fields::{self as field_kinds, OptionGroup};
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::notice;
use crate::http::web::organisations::municipality_groups;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::registry::collaborations::{self, CollaborationDetail};
use crate::registry::markdown;
use crate::uptake::open_data::page_path;

/// The texts as the collaboration page will show them.
pub(super) struct Preview {
    title: String,
    summary: String,
    description_html: String,
}

#[derive(Template)]
#[template(path = "pages/editor/edit.html", whitespace = "minimize")]
struct EditPage {
    chrome: Chrome,
    title: String,
    base: String,
    published: bool,
    version: i64,
    form: FormView,
    /// The form whose errors the summary lists.
    summary: FormView,
    municipalities: Vec<OptionGroup>,
    preview: Option<Preview>,
    stale: Vec<Difference>,
    links: LinksView,
}

/// What the edit page shows: the stored record, or the person's input with what is wrong.
pub(super) struct EditState {
    /// The main form's values.
    pub values: Values,
    /// The version the form is filled from.
    pub version: i64,
    /// What is wrong in the main form.
    pub errors: Vec<FieldError>,
    /// Show the preview.
    pub preview: bool,
    /// A newer stored version than the person's, when their save was stale.
    pub theirs: Option<Values>,
    /// The link forms.
    pub links: LinkInputs,
}

impl EditState {
    /// The stored record, nothing wrong.
    pub fn stored(d: &CollaborationDetail) -> EditState {
        EditState {
            values: Values::from_row(&d.row),
            version: d.row.version,
            errors: Vec::new(),
            preview: false,
            theirs: None,
            links: LinkInputs::default(),
        }
    }
}

/// The edit page for `d` in `s`, answered with `status`.
pub(super) async fn render(
    state: &AppState,
    ctx: &PageContext,
    d: &CollaborationDetail,
    s: EditState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let themes = tx.themes().await?;
    let entries = tx.toolbox_entries().await?;
    let municipalities = tx.municipalities().await?;
    let links = links::view(&mut *tx, ctx, d, &s.links).await?;
    drop(tx);
    let choices = Choices {
        themes: &themes,
        entries: &entries,
    };
    let mut form = fields(ctx, &s.values, &choices).with_errors(&specific(&s.errors), ctx.locale);
    let stale = match &s.theirs {
        Some(theirs) => {
            form.general.push(ctx.t("editor-stale"));
            differences(&form, theirs, &s.values, |code| {
                municipalities
                    .iter()
                    .find(|m| m.code == code)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| code.to_owned())
            })
        }
        None => Vec::new(),
    };
    let summary = [&form, &links.recommendation_form, &links.tool_form]
        .into_iter()
        .find(|f| f.has_errors())
        .cloned()
        .unwrap_or_default();
    let preview = s.preview.then(|| Preview {
        title: s.values.title.clone(),
        summary: s.values.summary.clone(),
        description_html: markdown::render(&s.values.description).html,
    });
    let base = page_path(&d.row);
    let name = ctx.t1("editor-edit-title", "title", &d.row.title);
    let title = field_kinds::title(ctx, name.clone(), summary.has_errors());
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            title,
            ctx.t("editor-edit-description"),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.clone(), d.row.title.clone()),
            (format!("{base}/rediger"), ctx.t("editor-edit-crumb")),
        ]);
    let page = EditPage {
        chrome,
        title: name,
        published: d.row.state == "published",
        version: s.version,
        form,
        summary,
        municipalities: municipality_groups(state, ctx).await?,
        preview,
        stale,
        links,
        base,
    };
    Ok(ctx.render_with(status, &page))
}

/// `GET /samarbejder/{org}/{slug}/rediger`; `?anbefaling=CODE` or `?vaerktoej=SLUG` fills the
/// link form with that link, to change it.
pub(super) async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let d = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, _) => d,
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let mut s = EditState::stored(&d);
    s.links = LinkInputs::chosen(&d, query.as_deref());
    render(&state, &ctx, &d, s, StatusCode::OK).await
}

/// `POST /samarbejder/{org}/{slug}/rediger`: saves, or (`action=preview`) shows the preview.
pub(super) async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let values = Values::from_form(&form);
    let version = form
        .value("version")
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest("problem-bad-request-detail"))?;
    let mut s = EditState {
        values,
        version,
        errors: Vec::new(),
        preview: false,
        theirs: None,
        links: LinkInputs::default(),
    };
    if form.value("action") == "preview" {
        s.preview = true;
        return render(&state, &ctx, &d, s, StatusCode::OK).await;
    }
    let input = {
        let mut tx = state.store.read().await?;
        s.values.input(&mut *tx, Vec::new()).await
    };
    let saved = match input {
        Ok(input) => {
            collaborations::update(&state, &user, d.row.id, None, Values::patch(input, version))
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(saved) => {
            Ok(notice::redirect(&page_path(&saved.row), "collaboration-saved").into_response())
        }
        Err(AppError::PreconditionFailed { current_version }) => {
            // Someone saved in between: nothing is overwritten. Their version is read again
            // and shown beside the person's, whose input stays in the form at the new version.
            let mut tx = state.store.read().await?;
            let current = collaborations::detail(&mut *tx, Some(&user), d.row.id).await?;
            drop(tx);
            s.theirs = Some(Values::from_row(&current.row));
            s.version = current_version;
            render(&state, &ctx, &current, s, StatusCode::CONFLICT).await
        }
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            s.errors = refusal.errors;
            render(&state, &ctx, &d, s, refusal.status).await
        }
    }
}
