//! `/samarbejder/ny`: registering a collaboration for one of the organisations the person
//! edits for. It starts as a draft; the next page is its edit page, where the links to the
//! recommendations and the toolbox are added and it is published.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::form::{Choices, Values, fields, specific};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::{AppError, FieldError};
use crate::http::web::account::{logged_in, logged_in_to};
use crate::http::web::fields::{self as field_kinds, OptionGroup};
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::organisations::municipality_groups;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::registry::{collaborations, writes};
use crate::uptake::open_data::page_path;

const PATH: &str = "/samarbejder/ny";

#[derive(Template)]
#[template(path = "pages/editor/new.html", whitespace = "minimize")]
struct NewPage {
    chrome: Chrome,
    form: FormView,
    municipalities: Vec<OptionGroup>,
    /// The person edits for no organisation yet.
    no_organisation: bool,
    /// The person must confirm their address first.
    unverified: bool,
}

/// The organisations `user` may register collaborations for: (id, name).
async fn organisations(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<(Uuid, String)>, AppError> {
    let mut tx = state.store.read().await?;
    Ok(tx
        .organisations_of(user.id)
        .await?
        .into_iter()
        .filter(|o| writes(o.role.parse().ok()))
        .map(|o| (o.id, o.name))
        .collect())
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    user: &CurrentUser,
    values: &Values,
    organisation: &str,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let orgs = organisations(state, user).await?;
    let mut tx = state.store.read().await?;
    let themes = tx.themes().await?;
    let entries = tx.toolbox_entries().await?;
    drop(tx);
    let chosen = if orgs.len() == 1 && organisation.is_empty() {
        orgs[0].0.to_string()
    } else {
        organisation.to_owned()
    };
    let org_field = Field::radios(
        "organisation",
        ctx.t("editor-field-organisation"),
        orgs.iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
    )
    .hint(ctx.t("editor-field-organisation-hint"))
    .value(chosen);
    let mut form = fields(
        ctx,
        values,
        &Choices {
            themes: &themes,
            entries: &entries,
        },
    );
    form.fields.insert(0, org_field);
    let form = form.with_errors(&specific(errors), ctx.locale);
    let title = field_kinds::title(ctx, ctx.t("editor-new-title"), form.has_errors());
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            title,
            ctx.t("editor-new-description"),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (PATH.into(), ctx.t("editor-new-title")),
        ]);
    Ok(NewPage {
        chrome,
        form,
        municipalities: municipality_groups(state, ctx).await?,
        no_organisation: orgs.is_empty(),
        unverified: !user.email_verified,
    })
}

/// `GET /samarbejder/ny`.
pub(super) async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let user = match logged_in(&ctx) {
        Ok(user) => user.clone(),
        Err(login) => return Ok(login.into_response()),
    };
    let page = page(&state, &ctx, &user, &Values::fresh(), "", &[]).await?;
    let status = if page.unverified || page.no_organisation {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::OK
    };
    Ok(ctx.render_with(status, &page))
}

/// `POST /samarbejder/ny`.
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, PATH) {
        Ok(user) => user.clone(),
        Err(login) => return Ok(login.into_response()),
    };
    let values = Values::from_form(&form);
    let organisation = form.value("organisation");
    let mut extra = Vec::new();
    let org_id = organisations(&state, &user)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .find(|id| id.to_string() == organisation);
    if org_id.is_none() {
        extra.push(FieldError::new(
            "organisation",
            "editor-organisation-choose",
        ));
    }
    let input = {
        let mut tx = state.store.read().await?;
        values.input(&mut *tx, extra).await
    };
    let created = match (input, org_id) {
        (Ok(input), Some(org)) => collaborations::create(&state, &user, org, input).await,
        (Err(e), _) => Err(e),
        (Ok(_), None) => Err(AppError::field(
            "organisation",
            "editor-organisation-choose",
        )),
    };
    match created {
        Ok(d) => Ok(notice::redirect(
            &format!("{}/rediger", page_path(&d.row)),
            "collaboration-created",
        )
        .into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let page = page(&state, &ctx, &user, &values, &organisation, &refusal.errors).await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}
