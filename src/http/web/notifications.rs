//! Pages reached from emails without logging in, by a signed link: unsubscribe (also the
//! RFC 8058 one-click POST a mail client sends), the email preferences, and the yearly
//! "is your record still right?" confirmation.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use strum::IntoEnumIterator;
use uuid::Uuid;

use super::form::CheckedForm;
use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::domain::vocab::EmailFrequency;
use crate::error::AppError;
use crate::notify::Kind;
use crate::notify::follows::{self, Preferences};
use crate::notify::tokens::{Grant, LinkSigner};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/unsubscribe", get(unsubscribe_page).post(unsubscribe))
        .route(
            "/notifikationer",
            get(preferences_page).post(save_preferences),
        )
        .route("/samarbejder/bekraeft", get(confirm_page).post(confirm))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn grant(state: &AppState, token: Option<&str>) -> Result<Grant, AppError> {
    token
        .and_then(|t| LinkSigner::new(&state.config.auth.jwt_secret).verify(t))
        .ok_or(AppError::BadRequest("problem-link-invalid"))
}

#[derive(Template)]
#[template(path = "pages/unsubscribe.html", whitespace = "minimize")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    kind_name: String,
    done: bool,
}

fn kind_name(ctx: &PageContext, kind: &str) -> String {
    if kind == "digest" {
        ctx.t("unsubscribe-digest")
    } else {
        ctx.t(&format!("kind-{}", kind.replace('_', "-")))
    }
}

fn unsubscribe_view(ctx: &PageContext, token: String, kind: &str, done: bool) -> UnsubscribePage {
    let title = ctx.t(if done {
        "unsubscribe-done-title"
    } else {
        "unsubscribe-title"
    });
    UnsubscribePage {
        chrome: ctx.chrome(Section::Other, title, ctx.t("unsubscribe-description")),
        token,
        kind_name: kind_name(ctx, kind),
        done,
    }
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let Grant::Unsubscribe { kind, .. } = grant(&state, q.token.as_deref())? else {
        return Err(AppError::BadRequest("problem-link-invalid"));
    };
    Ok(ctx.render(&unsubscribe_view(
        &ctx,
        q.token.unwrap_or_default(),
        &kind,
        false,
    )))
}

/// The signed token in the URL is the authority here: a mail client's one-click POST
/// (`List-Unsubscribe=One-Click`) carries no cookie and no form token.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let Grant::Unsubscribe { user, kind } = grant(&state, q.token.as_deref())? else {
        return Err(AppError::BadRequest("problem-link-invalid"));
    };
    follows::unsubscribe(&state, user, &kind).await?;
    Ok(ctx.render(&unsubscribe_view(&ctx, String::new(), &kind, true)))
}

/// One kind of notification and the frequency chosen for it.
struct KindChoice {
    kind: &'static str,
    label: String,
    chosen: String,
}

#[derive(Template)]
#[template(path = "pages/notification_preferences.html", whitespace = "minimize")]
struct PreferencesPage {
    chrome: Chrome,
    token: String,
    frequency: String,
    frequencies: Vec<(&'static str, String)>,
    kinds: Vec<KindChoice>,
    saved: bool,
}

fn preferences_view(
    ctx: &PageContext,
    token: String,
    p: &Preferences,
    saved: bool,
) -> PreferencesPage {
    let title = ctx.t("preferences-title");
    PreferencesPage {
        chrome: ctx.chrome(Section::Other, title, ctx.t("preferences-description")),
        token,
        frequency: p.email_frequency.as_str().to_owned(),
        frequencies: EmailFrequency::iter()
            .map(|f| (f.as_str(), ctx.t(&format!("frequency-{}", f.as_str()))))
            .collect(),
        kinds: Kind::iter()
            .map(|k| KindChoice {
                kind: k.as_str(),
                label: ctx.t(&format!("kind-{}", k.as_str().replace('_', "-"))),
                chosen: p
                    .kinds
                    .get(&k)
                    .map(|f| f.as_str().to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        saved,
    }
}

fn preferences_user(state: &AppState, token: Option<&str>) -> Result<Uuid, AppError> {
    match grant(state, token)? {
        Grant::Preferences { user } => Ok(user),
        _ => Err(AppError::BadRequest("problem-link-invalid")),
    }
}

async fn preferences_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let user = preferences_user(&state, q.token.as_deref())?;
    let mut tx = state.store.read().await?;
    let p = follows::preferences(&mut *tx, user).await?;
    Ok(ctx.render(&preferences_view(
        &ctx,
        q.token.unwrap_or_default(),
        &p,
        false,
    )))
}

async fn save_preferences(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form.value("token");
    let user = preferences_user(&state, Some(&token))?;
    let email_frequency = form
        .value("email_frequency")
        .parse()
        .map_err(|_| AppError::field("email_frequency", "field-frequency-unknown"))?;
    let mut p = Preferences {
        email_frequency,
        kinds: Default::default(),
    };
    for kind in Kind::iter() {
        let chosen = form.value(&format!("kind_{}", kind.as_str()));
        if !chosen.is_empty() {
            let f = chosen.parse().map_err(|_| {
                AppError::field(format!("kind_{}", kind.as_str()), "field-frequency-unknown")
            })?;
            p.kinds.insert(kind, f);
        }
    }
    follows::save_preferences(&state, user, &p).await?;
    Ok(ctx.render(&preferences_view(&ctx, token, &p, true)))
}

#[derive(Template)]
#[template(path = "pages/review_confirm.html", whitespace = "minimize")]
struct ConfirmPage {
    chrome: Chrome,
    token: String,
    collaboration: String,
    page: String,
    done: bool,
}

async fn confirm_view(
    state: &AppState,
    ctx: &PageContext,
    token: Option<&str>,
    done: bool,
) -> Result<(ConfirmPage, Uuid, Uuid), AppError> {
    let Grant::Confirm {
        user,
        collaboration,
    } = grant(state, token)?
    else {
        return Err(AppError::BadRequest("problem-link-invalid"));
    };
    let viewer = crate::store::scope::Viewer {
        user: Some(user),
        admin: false,
    };
    let row = state
        .store
        .read()
        .await?
        .collaboration(collaboration, &viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = ctx.t(if done {
        "confirm-done-title"
    } else {
        "confirm-title"
    });
    Ok((
        ConfirmPage {
            chrome: ctx.chrome(Section::Other, title, ctx.t("confirm-description")),
            token: token.unwrap_or_default().to_owned(),
            page: crate::uptake::open_data::page_path(&row),
            collaboration: row.title,
            done,
        },
        user,
        collaboration,
    ))
}

async fn confirm_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (page, _, _) = confirm_view(&state, &ctx, q.token.as_deref(), false).await?;
    Ok(ctx.render(&page))
}

async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form.value("token");
    let (page, user, collaboration) = confirm_view(&state, &ctx, Some(&token), true).await?;
    crate::registry::collaborations::confirm_by(&state, user, collaboration).await?;
    Ok(ctx.render_with(StatusCode::OK, &page))
}
