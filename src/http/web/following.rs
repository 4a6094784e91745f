//! Following from the pages: a "Følg" button wherever something can be followed, what one
//! follows and one's notifications on Min side.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use uuid::Uuid;

use super::account::logged_in_to;
use super::form::CheckedForm;
use super::language::local_path;
use super::notice;
use super::page::PageContext;
use crate::app::AppState;
use crate::error::AppError;
use crate::notify::follows;
use crate::notify::{TargetType, title};
use crate::store::Tx;
use crate::store::notify::FollowRow;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/foelg", post(follow))
        .route("/foelg/stop", post(unfollow))
        .route("/min-side/notifikationer/laest", post(mark_read))
}

async fn follow(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let next = local_path(form.get("next"));
    let user = match logged_in_to(&ctx, &next) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let target: TargetType = form
        .value("target_type")
        .parse()
        .map_err(|_| AppError::Validation(vec![follows::unknown_target_type()]))?;
    follows::follow(&state, user, target, &form.value("target_id")).await?;
    Ok(notice::redirect(&next, "followed").into_response())
}

async fn unfollow(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let next = local_path(form.get("next"));
    let user = match logged_in_to(&ctx, &next) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let id = Uuid::parse_str(&form.value("id")).map_err(|_| AppError::NotFound)?;
    let mut tx = state.store.write().await?;
    if !tx.unfollow(user.id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(notice::redirect(&next, "unfollowed").into_response())
}

async fn mark_read(
    State(state): State<AppState>,
    ctx: PageContext,
    _form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, "/min-side") {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let mut tx = state.store.write().await?;
    tx.mark_read(user.id, None, state.clock.now()).await?;
    tx.commit().await?;
    Ok(notice::redirect("/min-side", "notifications-read").into_response())
}

/// Something followed, as Min side lists it.
pub struct FollowView {
    /// The follow's id (for "stop following").
    pub id: Uuid,
    /// What kind of thing, in the page's language.
    pub kind: String,
    /// Its name.
    pub label: String,
    /// Its page.
    pub href: String,
}

/// Names and pages of what the user follows; things they can no longer see are left out.
pub async fn follow_views(
    tx: &mut dyn Tx,
    ctx: &PageContext,
    user: Uuid,
) -> Result<Vec<FollowView>, AppError> {
    let mut views = Vec::new();
    for f in tx.follows_of(user).await? {
        if let Some((label, href)) = describe(tx, ctx, user, &f).await? {
            views.push(FollowView {
                id: f.id,
                kind: ctx.t(&format!("follow-type-{}", f.target_type.replace('_', "-"))),
                label,
                href,
            });
        }
    }
    Ok(views)
}

async fn describe(
    tx: &mut dyn Tx,
    ctx: &PageContext,
    user: Uuid,
    f: &FollowRow,
) -> Result<Option<(String, String)>, AppError> {
    let l = ctx.locale;
    let id = f.target_id.as_str();
    Ok(match f.target_type.as_str() {
        "recommendation" => tx.recommendation(id).await?.map(|r| {
            (
                format!("{} {}", r.code, l.pick(&r.title_da, &r.title_en)),
                format!("/anbefalinger/{}", r.code),
            )
        }),
        "toolbox_entry" => tx.toolbox_entry(id).await?.map(|t| {
            (
                l.pick(&t.title_da, &t.title_en).to_owned(),
                format!("/vaerktoejer/{}", t.slug),
            )
        }),
        "theme" => tx
            .themes()
            .await?
            .into_iter()
            .find(|t| t.code == id)
            .map(|t| {
                (
                    l.pick(&t.name_da, &t.name_en).to_owned(),
                    format!("/temaer/{}", t.code),
                )
            }),
        "municipality" => tx
            .municipality(id)
            .await?
            .map(|m| (m.name, format!("/kommuner/{}", m.code))),
        "region" => tx
            .regions()
            .await?
            .into_iter()
            .find(|r| r.code == id)
            .map(|r| (r.name, format!("/regioner/{}", r.code))),
        "organization" => match Uuid::parse_str(id) {
            Ok(org) => tx
                .organisation(org)
                .await?
                .map(|o| (o.name, format!("/organisationer/{}", o.slug))),
            Err(_) => None,
        },
        "collaboration" => match Uuid::parse_str(id) {
            Ok(c) => {
                let viewer = crate::store::scope::Viewer {
                    user: Some(user),
                    admin: false,
                };
                tx.collaboration(c, &viewer)
                    .await?
                    .map(|r| (r.title.clone(), crate::uptake::open_data::page_path(&r)))
            }
            Err(_) => None,
        },
        "saved_search" => match Uuid::parse_str(id) {
            Ok(search) => tx
                .saved_searches(user)
                .await?
                .into_iter()
                .find(|s| s.id == search)
                .map(|row| {
                    let name = row.name.clone();
                    let params = crate::search::saved::SavedSearch { row }.params();
                    let words: String = url::form_urlencoded::byte_serialize(
                        params.q.as_deref().unwrap_or_default().as_bytes(),
                    )
                    .collect();
                    (name, format!("/samarbejder?q={words}"))
                }),
            Err(_) => None,
        },
        _ => None,
    })
}

/// A notification as Min side lists it.
pub struct NotificationView {
    /// What happened.
    pub title: String,
    /// Its page.
    pub href: String,
    /// When, in Copenhagen time.
    pub when: String,
    /// Not yet read.
    pub unread: bool,
}

/// The user's newest notifications.
pub async fn notification_views(
    tx: &mut dyn Tx,
    ctx: &PageContext,
    user: Uuid,
    limit: i64,
) -> Result<Vec<NotificationView>, AppError> {
    Ok(tx
        .notifications_of(user, false, None, limit)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            title: title(ctx.locale, &n.kind, &n.data),
            href: n.url,
            when: n
                .created_at
                .with_timezone(&chrono_tz::Europe::Copenhagen)
                .format("%d.%m.%Y %H:%M")
                .to_string(),
            unread: n.read_at.is_none(),
        })
        .collect())
}
