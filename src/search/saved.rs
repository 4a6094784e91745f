//! Saved searches: a user keeps a search (words and filters) to run again or to follow.
//!
//! A saved search is its parameters as a canonical query string (`q=tomme+butikker&size=...`),
//! checked like a search when saved; [`SavedSearch::params`] reads it back, so whoever runs it
//! later (the notifications) searches exactly as the user did.

use chrono::Utc;
use uuid::Uuid;

use super::params::{self, SearchParams};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::{AppError, FieldError};
use crate::store::search::SavedSearchRow;

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
    tx.commit().await?;
    Ok(())
}
