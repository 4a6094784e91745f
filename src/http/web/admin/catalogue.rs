//! `/admin/katalog`: importing a new edition of the catalogue (the file is checked whole and a
//! bad entry is named by line and field, as `bymidter catalogue import`), correcting a
//! recommendation's texts, and retiring a recommendation.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{admin, admin_chrome};
use crate::app::AppState;
use crate::catalogue::{self, ImportSummary};
use crate::error::{AppError, FieldError};
use crate::http::web::csrf::{CSRF_COOKIE, CSRF_FIELD, Csrf};
use crate::http::web::fields::{self, OptionGroup, option};
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, cookie};
use crate::http::web::refusal::Refusal;
use crate::store::catalogue::{RecommendationRow, RecommendationTexts};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/katalog", get(show))
        .route("/admin/katalog/import", post(import))
        .route(
            "/admin/katalog/anbefalinger/{code}",
            get(show_edit).post(edit),
        )
        .route(
            "/admin/katalog/anbefalinger/{code}/tilbagetraek",
            get(show_retire).post(retire),
        )
}

/// A recommendation in the admin list.
struct RecommendationLine {
    code: String,
    title: String,
    retired: bool,
    provisional: bool,
    replaced_by: Option<String>,
    edit_href: String,
    retire_href: String,
}

#[derive(Template)]
#[template(path = "pages/admin/catalogue.html", whitespace = "minimize")]
struct CataloguePage {
    chrome: Chrome,
    version: Option<i64>,
    recommendations: Vec<RecommendationLine>,
    form: FormView,
    imported: Option<String>,
}

fn edit_href(code: &str) -> String {
    format!("/admin/katalog/anbefalinger/{code}")
}

fn import_form(ctx: &PageContext) -> FormView {
    FormView::new(vec![
        Field::text("file", ctx.t("admin-catalogue-file")).hint(ctx.t("admin-catalogue-file-hint")),
    ])
}

async fn catalogue_page(
    state: &AppState,
    ctx: &PageContext,
    form: FormView,
    imported: Option<String>,
) -> Result<CataloguePage, AppError> {
    let mut tx = state.store.read().await?;
    let version = tx.catalogue_version().await?;
    let recommendations = tx
        .recommendations()
        .await?
        .into_iter()
        .map(|r| RecommendationLine {
            title: ctx.locale.pick(&r.title_da, &r.title_en).to_owned(),
            retired: r.retired,
            provisional: r.provisional,
            replaced_by: r.replaced_by.clone(),
            edit_href: edit_href(&r.code),
            retire_href: format!("{}/tilbagetraek", edit_href(&r.code)),
            code: r.code,
        })
        .collect();
    let title = fields::title(ctx, ctx.t("admin-catalogue-title"), form.has_errors());
    let chrome = admin_chrome(
        ctx,
        title,
        ctx.t("admin-catalogue-description"),
        "/admin/katalog",
    );
    Ok(CataloguePage {
        chrome,
        version,
        recommendations,
        form,
        imported,
    })
}

async fn show(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    admin(&ctx)?;
    let page = catalogue_page(&state, &ctx, import_form(&ctx), None).await?;
    Ok(ctx.render(&page))
}

/// The uploaded file's text, once the form's CSRF token is checked (a multipart form, so the
/// token travels as a part of its own).
async fn uploaded_file(
    state: &AppState,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Result<Result<String, FieldError>, AppError> {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return Err(AppError::Forbidden("problem-csrf"));
    }
    let mut token = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("problem-body-unreadable"))?
    {
        match field.name() {
            Some(CSRF_FIELD) => {
                token = field
                    .text()
                    .await
                    .map_err(|_| AppError::BadRequest("problem-body-unreadable"))?;
            }
            Some("file") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::BadRequest("problem-body-unreadable"))?;
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !Csrf::verify(&state.config, cookie(headers, CSRF_COOKIE), &token) {
        return Err(AppError::Forbidden("problem-csrf"));
    }
    Ok(match file.filter(|f| !f.is_empty()) {
        None => Err(FieldError::new("file", "admin-catalogue-file-missing")),
        Some(bytes) => String::from_utf8(bytes)
            .map_err(|_| FieldError::new("file", "admin-catalogue-file-not-text")),
    })
}

async fn import(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let text = match uploaded_file(&state, &headers, multipart).await? {
        Ok(text) => text,
        Err(error) => return import_refused(&state, &ctx, error).await,
    };
    match catalogue::import(&state.store, &text).await {
        Ok(summary) => {
            let done = imported_text(&ctx, &summary);
            let page = catalogue_page(&state, &ctx, import_form(&ctx), Some(done)).await?;
            Ok(ctx.render(&page))
        }
        Err(err) => {
            // The file's own error, with its line and field, in the page's language.
            let message = err.message(ctx.locale);
            let error =
                FieldError::new("file", "admin-catalogue-file-refused").arg("error", message);
            import_refused(&state, &ctx, error).await
        }
    }
}

async fn import_refused(
    state: &AppState,
    ctx: &PageContext,
    error: FieldError,
) -> Result<Response, AppError> {
    let refusal = Refusal::new(vec![error]);
    let form = import_form(ctx).with_errors(&refusal.errors, ctx.locale);
    let page = catalogue_page(state, ctx, form, None).await?;
    Ok(refusal.render(ctx, &page))
}

fn imported_text(ctx: &PageContext, s: &ImportSummary) -> String {
    ctx.locale.text_with(
        "admin-catalogue-imported",
        &[
            ("version", s.version.to_string()),
            ("themes", s.themes.to_string()),
            ("recommendations", s.recommendations.to_string()),
            ("toolbox", s.toolbox.to_string()),
            ("retired", s.retired.to_string()),
        ],
    )
}

#[derive(Template)]
#[template(path = "pages/admin/recommendation_edit.html", whitespace = "minimize")]
struct EditPage {
    chrome: Chrome,
    code: String,
    form: FormView,
}

async fn recommendation(state: &AppState, code: &str) -> Result<RecommendationRow, AppError> {
    state
        .store
        .read()
        .await?
        .recommendation(code)
        .await?
        .ok_or(AppError::NotFound)
}

fn edit_page(
    ctx: &PageContext,
    code: &str,
    texts: &RecommendationTexts,
    errors: &[FieldError],
) -> EditPage {
    let field =
        |name: &str, key: &str, value: &str| Field::text(name, ctx.t(key)).value(value.to_owned());
    let form = FormView::new(vec![
        field("title_da", "admin-edit-title-da", &texts.title_da),
        field("summary_da", "admin-edit-summary-da", &texts.summary_da),
        field("title_en", "admin-edit-title-en", &texts.title_en),
        field("summary_en", "admin-edit-summary-en", &texts.summary_en),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(
        ctx,
        ctx.t1("admin-edit-title", "code", code),
        form.has_errors(),
    );
    let chrome = admin_chrome(
        ctx,
        title,
        ctx.t("admin-edit-description"),
        &edit_href(code),
    );
    EditPage {
        chrome,
        code: code.to_owned(),
        form,
    }
}

async fn show_edit(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let r = recommendation(&state, &code).await?;
    let texts = RecommendationTexts {
        title_da: r.title_da,
        title_en: r.title_en,
        summary_da: r.summary_da,
        summary_en: r.summary_en,
    };
    Ok(ctx.render(&edit_page(&ctx, &r.code, &texts, &[])))
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let texts = RecommendationTexts {
        title_da: form.value("title_da"),
        title_en: form.value("title_en"),
        summary_da: form.value("summary_da"),
        summary_en: form.value("summary_en"),
    };
    match catalogue::edit_recommendation(&state.store, &code, texts.clone()).await {
        Ok(()) => Ok(notice::redirect("/admin/katalog", "recommendation-saved").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &edit_page(&ctx, &code, &texts, &refusal.errors)))
        }
    }
}

#[derive(Template)]
#[template(
    path = "pages/admin/recommendation_retire.html",
    whitespace = "minimize"
)]
struct RetirePage {
    chrome: Chrome,
    code: String,
    title: String,
    form: FormView,
    replacements: Vec<OptionGroup>,
}

async fn retire_page(
    state: &AppState,
    ctx: &PageContext,
    current: &RecommendationRow,
    chosen: &str,
    errors: &[FieldError],
) -> Result<RetirePage, AppError> {
    let mut options = vec![option("", ctx.t("admin-retire-no-replacement"))];
    options.extend(
        state
            .store
            .read()
            .await?
            .recommendations()
            .await?
            .iter()
            .filter(|r| !r.retired && r.code != current.code)
            .map(|r| {
                let title = ctx.locale.pick(&r.title_da, &r.title_en);
                option(&r.code, format!("{}: {title}", r.code))
            }),
    );
    let form = FormView::new(vec![
        Field::text("replaced_by", ctx.t("admin-retire-replaced-by"))
            .hint(ctx.t("admin-retire-replaced-by-hint"))
            .value(chosen),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(
        ctx,
        ctx.t1("admin-retire-title", "code", &current.code),
        form.has_errors(),
    );
    let chrome = admin_chrome(
        ctx,
        title,
        ctx.t("admin-retire-description"),
        &format!("{}/tilbagetraek", edit_href(&current.code)),
    );
    Ok(RetirePage {
        chrome,
        code: current.code.clone(),
        title: ctx
            .locale
            .pick(&current.title_da, &current.title_en)
            .to_owned(),
        form,
        replacements: vec![OptionGroup {
            label: None,
            options,
        }],
    })
}

async fn show_retire(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let current = recommendation(&state, &code).await?;
    if current.retired {
        return Err(AppError::NotFound);
    }
    let page = retire_page(&state, &ctx, &current, "", &[]).await?;
    Ok(ctx.render(&page))
}

async fn retire(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let chosen = form.value("replaced_by");
    let replaced_by = Some(chosen.as_str()).filter(|c| !c.is_empty());
    match catalogue::retire_recommendation(&state.store, &code, replaced_by).await {
        Ok(()) => Ok(notice::redirect("/admin/katalog", "recommendation-retired").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let current = recommendation(&state, &code).await?;
            let page = retire_page(&state, &ctx, &current, &chosen, &refusal.errors).await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}
