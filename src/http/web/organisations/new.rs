//! `/organisationer/ny`: creating an organisation, which the creator then owns. The
//! municipality is chosen from the 98, grouped by region.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use strum::IntoEnumIterator;

use super::{kind_name, organisation_href};
use crate::app::AppState;
use crate::domain::vocab::OrganisationKind;
use crate::error::{AppError, FieldError};
use crate::http::web::account::{logged_in, logged_in_to};
use crate::http::web::fields::{self, OptionGroup, option};
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::organisations::{self, NewOrganisation};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/organisationer/ny", get(show).post(create))
}

#[derive(Template)]
#[template(path = "pages/organisations/new.html", whitespace = "minimize")]
struct NewPage {
    chrome: Chrome,
    form: FormView,
    municipalities: Vec<OptionGroup>,
    /// The person must confirm their address before they may create one.
    unverified: bool,
}

/// The 98 municipalities grouped by region, after a first "choose" option.
pub(in crate::http::web) async fn municipality_groups(
    state: &AppState,
    ctx: &PageContext,
) -> Result<Vec<OptionGroup>, AppError> {
    let mut groups = vec![OptionGroup {
        label: None,
        options: vec![option("", ctx.t("organisation-municipality-none"))],
    }];
    let regions = state.store.read().await?.regions().await?;
    let municipalities = state.store.read().await?.municipalities().await?;
    for region in regions {
        let mut options: Vec<_> = municipalities
            .iter()
            .filter(|m| m.region_code == region.code)
            .map(|m| option(&m.code, m.name.clone()))
            .collect();
        options.sort_by(|a, b| a.label.cmp(&b.label));
        groups.push(OptionGroup {
            label: Some(region.name),
            options,
        });
    }
    Ok(groups)
}

fn organisation_form(ctx: &PageContext, (name, kind, code): (&str, &str, &str)) -> FormView {
    let kinds = OrganisationKind::iter()
        .map(|k| {
            let key = format!("organisation-kind-{}-hint", k.as_str().replace('_', "-"));
            (
                k.as_str().to_owned(),
                kind_name(ctx, k.as_str()),
                Some(ctx.t(&key)),
            )
        })
        .collect();
    FormView::new(vec![
        fields::text("name", ctx.t("organisation-field-name"), "organization")
            .hint(ctx.t("organisation-field-name-hint"))
            .value(name),
        fields::radios_with_hints("kind", ctx.t("organisation-field-kind"), kinds).value(kind),
        Field::text(
            "municipality_code",
            ctx.t("organisation-field-municipality"),
        )
        .hint(ctx.t("organisation-field-municipality-hint"))
        .value(code),
    ])
}

async fn new_page(
    state: &AppState,
    ctx: &PageContext,
    form: FormView,
    unverified: bool,
) -> Result<NewPage, AppError> {
    let title = fields::title(ctx, ctx.t("organisation-new-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("organisation-new-description"))
        .with_breadcrumbs(vec![
            ("/min-side".into(), ctx.t("my-page-title")),
            ("/organisationer/ny".into(), ctx.t("organisation-new-title")),
        ]);
    Ok(NewPage {
        chrome,
        form,
        municipalities: municipality_groups(state, ctx).await?,
        unverified,
    })
}

async fn show(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let user = match logged_in(&ctx) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let unverified = !user.email_verified;
    let page = new_page(
        &state,
        &ctx,
        organisation_form(&ctx, ("", "", "")),
        unverified,
    )
    .await?;
    let status = if unverified {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::OK
    };
    Ok(ctx.render_with(status, &page))
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, "/organisationer/ny") {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let (name, kind, code) = (
        form.value("name"),
        form.value("kind"),
        form.value("municipality_code"),
    );
    let mut errors = Vec::new();
    let parsed_kind = match kind.parse::<OrganisationKind>() {
        Ok(k) => Some(k),
        Err(_) if kind.is_empty() => None,
        Err(_) => {
            errors.push(FieldError::new("kind", "field-organisation-kind-choose"));
            None
        }
    };
    let input = NewOrganisation {
        name: name.clone(),
        kind: parsed_kind,
        municipality_code: Some(code.clone()),
    };
    let created = if errors.is_empty() {
        organisations::create(&state, user, input).await
    } else {
        Err(AppError::Validation(errors))
    };
    match created {
        Ok(org) => Ok(
            notice::redirect(&organisation_href(&org.slug), "organisation-created").into_response(),
        ),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let view = organisation_form(&ctx, (&name, &kind, &code))
                .with_errors(&refusal.errors, ctx.locale);
            let page = new_page(&state, &ctx, view, !user.email_verified).await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}
