//! One person's data for PostgreSQL: export and erasure, the shared SQL of `store::privacy`.

use super::PgTx;

crate::store::privacy::impl_privacy_store!(PgTx);
