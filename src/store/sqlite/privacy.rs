//! One person's data for SQLite: export and erasure, the shared SQL of `store::privacy`.

use super::SqliteTx;

crate::store::privacy::impl_privacy_store!(SqliteTx);
