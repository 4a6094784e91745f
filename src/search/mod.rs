//! Peer discovery: Danish full-text search over collaborations and experiences with facets,
//! "collaborations like this one", "towns like ours", and saved searches.
//!
//! The language work is done once, in Rust ([`analyze`]), for both databases: SQLite searches
//! the analysed terms with FTS5, PostgreSQL with a GIN-indexed tsvector, and both rank with the
//! same points (see [`crate::store::search::points`]), so the same query gives the same results.

pub mod analyze;
pub mod index;
pub mod params;
pub mod run;
pub mod saved;
pub mod similar;
pub mod snippet;
