//! Saved searches: a user keeps a search (words and filters) to run again or to follow.
//!
//! A saved search is its parameters as a canonical query string (`q=tomme+butikker&size=...`),
//! checked like a search when saved; [`SavedSearch::params`] reads it back, so whoever runs it
//! later (the notifications) searches exactly as the user did.

use chrono::Utc;
use uuid::Uuid;

use super::params::{self, SearchParams};
use super::run;
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::{AppError, FieldError};
use crate::notify::TargetType;
use crate::store::Tx;
use crate::store::scope::{CollaborationFilter, Viewer};
use crate::store::search::{SavedSearchRow, SearchRequest, SearchSort};

/// Saved searches a user may keep.
pub const MAX_SAVED: usize = 50;

/// Longest name, in characters.
const NAME_MAX: usize = 100;

/// A saved search.
#[derive(Debug, Clone)]
pub struct SavedSearch {
    /// The stored row.
    pub row: SavedSearchRow,
}

impl SavedSearch {
    /// The search's parameters.
    pub fn params(&self) -> SearchParams {
        serde_urlencoded::from_str(&self.row.query).unwrap_or_default()
    }
}

/// Saves a search for the user: checked like a search (unknown values are named), at most
/// [`MAX_SAVED`], the same search once.
pub async fn save(
    state: &AppState,
    user: &CurrentUser,
    name: Option<&str>,
    search: &SearchParams,
) -> Result<SavedSearch, AppError> {
    let search = search.search_only();
    let mut tx = state.store.write().await?;
    params::check(&mut *tx, &search).await?;
    let query = search.to_query_string();
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let name = match name {
        Some(n) if n.chars().count() > NAME_MAX => {
            return Err(AppError::Validation(vec![
                FieldError::new("name", "field-too-long").arg("max", NAME_MAX),
            ]));
        }
        Some(n) => n.to_owned(),
        None => search
            .q
            .clone()
            .map(|q| q.chars().take(NAME_MAX).collect())
            .unwrap_or_else(|| query.chars().take(NAME_MAX).collect()),
    };
    if tx.saved_searches(user.id).await?.len() >= MAX_SAVED {
        return Err(AppError::Validation(vec![
            FieldError::new("q", "field-saved-search-limit").arg("max", MAX_SAVED),
        ]));
    }
    let row = SavedSearchRow {
        id: Uuid::now_v7(),
        user_id: user.id,
        name,
        query,
        created_at: Utc::now(),
    };
    tx.insert_saved_search(&row).await?;
    tx.commit().await?;
    Ok(SavedSearch { row })
}

/// The user's saved searches, newest first.
pub async fn list(state: &AppState, user: &CurrentUser) -> Result<Vec<SavedSearch>, AppError> {
    let mut tx = state.store.read().await?;
    Ok(tx
        .saved_searches(user.id)
        .await?
        .into_iter()
        .map(|row| SavedSearch { row })
        .collect())
}

/// Deletes one of the user's saved searches (404 for anyone else's).
pub async fn delete(state: &AppState, user: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    if !tx.delete_saved_search(user.id, id).await? {
        return Err(AppError::NotFound);
    }
    // Following a search that is gone would never tell anything: the follow goes with it.
    let target = id.to_string();
    for follow in tx.follows_of(user.id).await? {
        if follow.target_type == TargetType::SavedSearch.as_str() && follow.target_id == target {
            tx.unfollow(user.id, follow.id).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The users whose followed saved searches find collaboration `id` now, each searching as
/// themselves (so only what they may see). A saved search whose values the catalogue no longer
/// knows finds nothing.
pub async fn followers_finding(tx: &mut dyn Tx, id: Uuid) -> Result<Vec<Uuid>, AppError> {
    let mut users = Vec::new();
    for follow in tx.follows_of_type(TargetType::SavedSearch.as_str()).await? {
        let Ok(search_id) = Uuid::parse_str(&follow.target_id) else {
            continue;
        };
        let Some(row) = tx
            .saved_searches(follow.user_id)
            .await?
            .into_iter()
            .find(|s| s.id == search_id)
        else {
            continue;
        };
        let checked = match params::check(tx, &SavedSearch { row }.params()).await {
            Ok(checked) => checked,
            Err(AppError::Validation(_)) => continue,
            Err(other) => return Err(other),
        };
        let request = SearchRequest {
            terms: run::terms(tx, &checked.q).await?,
            filter: CollaborationFilter {
                ids: Some(vec![id]),
                ..checked.filter
            },
            experiences: checked.experiences,
            kinds: checked.kinds,
        };
        let viewer = Viewer {
            user: Some(follow.user_id),
            admin: false,
        };
        let found = tx
            .search_hits(&viewer, &request, SearchSort::Newest, None, 1)
            .await?;
        if !found.is_empty() {
            users.push(follow.user_id);
        }
    }
    users.sort_unstable();
    users.dedup();
    Ok(users)
}
