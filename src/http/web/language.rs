//! `/sprog`: choosing Danish or English. The choice is kept in the `lang` cookie; the switch in
//! every page's header posts here too.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::form::{CheckedForm, Field, FormView};
use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::error::FieldError;
use crate::i18n::Locale;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/sprog", get(show).post(save))
}

/// A path on this site to return to: local, without a scheme or host, else the front page.
pub fn local_path(raw: Option<&str>) -> String {
    let Some(raw) = raw else {
        return "/".to_owned();
    };
    let safe = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(char::is_control);
    if safe { raw.to_owned() } else { "/".to_owned() }
}

#[derive(Template)]
#[template(path = "pages/language.html", whitespace = "minimize")]
struct LanguagePage {
    chrome: Chrome,
    form: FormView,
    next: String,
}

fn language_form(ctx: &PageContext, chosen: &str) -> FormView {
    let mut field = Field::radios(
        "lang",
        ctx.t("language-legend"),
        Locale::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.text("language-name")))
            .collect(),
    )
    .hint(ctx.t("language-hint"))
    .value(chosen);
    // Each language's name is written in that language.
    for (option, l) in field.options.iter_mut().zip(Locale::ALL) {
        if l != ctx.locale {
            option.lang = Some(l.code());
        }
    }
    FormView::new(vec![field])
}

fn page(ctx: &PageContext, form: FormView, next: String) -> LanguagePage {
    let title = ctx.t("language-title");
    let chrome = ctx
        .chrome(Section::Other, title.clone(), ctx.t("language-description"))
        .with_breadcrumbs(vec![("/sprog".into(), title)]);
    LanguagePage { chrome, form, next }
}

#[derive(Deserialize)]
struct ShowQuery {
    next: Option<String>,
}

async fn show(ctx: PageContext, Query(q): Query<ShowQuery>) -> Response {
    let form = language_form(&ctx, ctx.locale.code());
    let next = local_path(q.next.as_deref());
    ctx.render(&page(&ctx, form, next))
}

async fn save(ctx: PageContext, form: CheckedForm) -> Response {
    let next = local_path(form.get("next"));
    let chosen = form.value("lang");
    match chosen.parse::<Locale>() {
        Ok(locale) => {
            let mut response = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&ctx.language_cookie(locale)) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(()) => {
            let errors = [FieldError::new("lang", "field-language-choose")];
            let view = language_form(&ctx, &chosen).with_errors(&errors, ctx.locale);
            let mut page = page(&ctx, view, next);
            page.chrome.title = ctx.t1("title-with-errors", "title", &page.chrome.title);
            ctx.render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/anbefalinger?x=1")), "/anbefalinger?x=1");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("/a\nb")), "/");
        assert_eq!(local_path(None), "/");
    }
}
