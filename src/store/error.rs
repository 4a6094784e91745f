//! What can go wrong in the store, in terms the HTTP layer can answer.

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row (or none the caller may see).
    #[error("not found")]
    NotFound,
    /// A uniqueness or state rule was broken; `field` names what the caller sent.
    #[error("conflict on {field}")]
    Conflict {
        /// The field concerned.
        field: &'static str,
        /// The message key.
        key: &'static str,
    },
    /// The caller's version is not the stored one.
    #[error("stale version; current is {current_version}")]
    Stale {
        /// The version now stored.
        current_version: i64,
    },
    /// The database cannot be reached right now.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    /// Any other database error.
    #[error(transparent)]
    Database(sqlx::Error),
    /// A failure outside SQL (decoding stored JSON, say).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(err),
            other => StoreError::Database(other),
        }
    }
}

impl StoreError {
    /// The same failure again, for each of the writes it ended together (a group's commit,
    /// see [`super::group`]). The kind is kept, so an unreachable database still answers 503.
    pub fn again(&self) -> StoreError {
        match self {
            StoreError::NotFound => StoreError::NotFound,
            StoreError::Conflict { field, key } => StoreError::Conflict { field, key },
            StoreError::Stale { current_version } => StoreError::Stale {
                current_version: *current_version,
            },
            StoreError::Unavailable(err) => {
                StoreError::Unavailable(sqlx::Error::Protocol(err.to_string()))
            }
            StoreError::Database(err) => StoreError::Other(anyhow::anyhow!("{err}")),
            StoreError::Other(err) => StoreError::Other(anyhow::anyhow!("{err:#}")),
        }
    }

    /// Turns a unique-constraint violation into a conflict on `field`; other errors pass.
    pub fn on_unique(err: sqlx::Error, field: &'static str, key: &'static str) -> StoreError {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict { field, key }
            }
            _ => StoreError::from(err),
        }
    }
}
