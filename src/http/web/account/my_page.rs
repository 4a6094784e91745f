//! `/min-side`: the logged-in person's own page (organisations with roles, settings, password,
//! sessions) and `/min-side/indstillinger` (name, language, email frequency).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{logged_in, logged_in_to};
use crate::app::AppState;
use crate::auth::account::{self, ProfileEdit};
use crate::auth::session;
use crate::domain::vocab::EmailFrequency;
use crate::error::{AppError, FieldError};
use crate::http::web::fields;
use crate::http::web::following::{FollowView, NotificationView, follow_views, notification_views};
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::notice;
use crate::http::web::organisations::{kind_name, role_name};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::http::web::session::{cleared_cookies, with_cookies};
use crate::i18n::Locale;
use crate::notify::tokens::{Grant, LinkSigner};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/min-side", get(show))
        .route(
            "/min-side/indstillinger",
            get(show_settings).post(save_settings),
        )
        .route("/min-side/log-ud-overalt", post(log_out_everywhere))
}

/// An organisation the person belongs to.
struct MyOrganisation {
    name: String,
    href: String,
    members_href: String,
    kind: String,
    role: String,
}

#[derive(Template)]
#[template(path = "pages/account/my_page.html", whitespace = "minimize")]
struct MyPage {
    chrome: Chrome,
    name: String,
    email: String,
    verified: bool,
    organisations: Vec<MyOrganisation>,
    language: String,
    frequency: String,
    notifications: Vec<NotificationView>,
    unread: usize,
    follows: Vec<FollowView>,
    preferences_href: String,
}

fn frequency_name(ctx: &PageContext, frequency: &str) -> String {
    ctx.t(&format!("frequency-{}", frequency.replace('_', "-")))
}

async fn show(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let user = match logged_in(&ctx) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let mut tx = state.store.read().await?;
    let row = tx.user(user.id).await?.ok_or(AppError::NotFound)?;
    let organisations = tx
        .organisations_of(user.id)
        .await?
        .into_iter()
        .map(|o| MyOrganisation {
            href: format!("/organisationer/{}", o.slug),
            members_href: format!("/organisationer/{}/medlemmer", o.slug),
            kind: kind_name(&ctx, &o.kind),
            role: role_name(&ctx, &o.role),
            name: o.name,
        })
        .collect();
    let notifications = notification_views(&mut *tx, &ctx, user.id, 10).await?;
    let unread = notifications.iter().filter(|n| n.unread).count();
    let follows = follow_views(&mut *tx, &ctx, user.id).await?;
    let signer = LinkSigner::new(&state.config.auth.jwt_secret);
    let preferences_href = format!(
        "/notifikationer?token={}",
        signer.sign(&Grant::Preferences { user: user.id })
    );
    let title = ctx.t("my-page-title");
    let chrome = ctx
        .chrome(Section::Other, title.clone(), ctx.t("my-page-description"))
        .with_breadcrumbs(vec![("/min-side".into(), title)]);
    let language = row
        .locale
        .parse::<Locale>()
        .unwrap_or_default()
        .text("language-name");
    Ok(ctx.render(&MyPage {
        chrome,
        name: row.name,
        email: row.email,
        verified: row.email_verified_at.is_some(),
        organisations,
        language,
        frequency: frequency_name(&ctx, &row.email_frequency),
        notifications,
        unread,
        follows,
        preferences_href,
    }))
}

#[derive(Template)]
#[template(path = "pages/account/settings.html", whitespace = "minimize")]
struct SettingsPage {
    chrome: Chrome,
    form: FormView,
}

fn settings_page(
    ctx: &PageContext,
    (name, locale, frequency): (&str, &str, &str),
    errors: &[FieldError],
) -> SettingsPage {
    let mut language = fields::radios_with_hints(
        "locale",
        ctx.t("settings-language-legend"),
        Locale::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.text("language-name"), None))
            .collect(),
    )
    .hint(ctx.t("settings-language-hint"))
    .value(locale);
    for (option, l) in language.options.iter_mut().zip(Locale::ALL) {
        if l != ctx.locale {
            option.lang = Some(l.code());
        }
    }
    let frequencies = ["immediate", "daily", "weekly", "off"]
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                frequency_name(ctx, f),
                Some(ctx.t(&format!("frequency-{f}-hint"))),
            )
        })
        .collect();
    let form = FormView::new(vec![
        fields::text("name", ctx.t("field-label-name"), "name")
            .hint(ctx.t("field-hint-name"))
            .value(name),
        language,
        fields::radios_with_hints(
            "email_frequency",
            ctx.t("settings-frequency-legend"),
            frequencies,
        )
        .hint(ctx.t("settings-frequency-hint"))
        .value(frequency),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("settings-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("settings-description"))
        .with_breadcrumbs(vec![
            ("/min-side".into(), ctx.t("my-page-title")),
            ("/min-side/indstillinger".into(), ctx.t("settings-title")),
        ]);
    SettingsPage { chrome, form }
}

async fn show_settings(
    State(state): State<AppState>,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let user = match logged_in(&ctx) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let row = state
        .store
        .read()
        .await?
        .user(user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = settings_page(&ctx, (&row.name, &row.locale, &row.email_frequency), &[]);
    Ok(ctx.render(&page))
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, "/min-side/indstillinger") {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let (name, locale, frequency) = (
        form.value("name"),
        form.value("locale"),
        form.value("email_frequency"),
    );
    // Every field is told at once: the name by the same check the service makes, the two
    // choices here, where they are still text.
    let mut errors: Vec<FieldError> = account::display_name("name", &name)
        .err()
        .into_iter()
        .collect();
    let chosen_locale = locale.parse::<Locale>().ok();
    if chosen_locale.is_none() {
        errors.push(FieldError::new("locale", "field-language-choose"));
    }
    let chosen_frequency = frequency.parse::<EmailFrequency>().ok();
    if chosen_frequency.is_none() {
        errors.push(FieldError::new(
            "email_frequency",
            "field-email-frequency-choose",
        ));
    }
    let saved = if errors.is_empty() {
        let edit = ProfileEdit {
            name: Some(name.clone()),
            locale: chosen_locale,
            email_frequency: chosen_frequency,
        };
        account::update_profile(&state, user.id, edit)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(errors))
    };
    match saved {
        Ok(()) => {
            let mut response = notice::redirect("/min-side", "settings-saved").into_response();
            // The pages follow the chosen language from now on, on this device too.
            if let Some(locale) = chosen_locale
                && let Ok(v) = HeaderValue::from_str(&ctx.language_cookie(locale))
            {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let page = settings_page(&ctx, (&name, &locale, &frequency), &refusal.errors);
            Ok(refusal.render(&ctx, &page))
        }
    }
}

async fn log_out_everywhere(
    State(state): State<AppState>,
    ctx: PageContext,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, "/min-side") {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    session::log_out_everywhere(&state, user.id).await?;
    Ok(with_cookies(
        notice::redirect("/", "logged-out-everywhere").into_response(),
        cleared_cookies(&state.config),
    ))
}
