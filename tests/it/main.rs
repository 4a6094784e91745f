//! The integration tests: one binary, the real service on port 0, a real database per test.
//! Every story runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL.

mod helpers;
mod shim;

mod catalogue;
mod experiences;
pub mod registry;
mod service;
mod uptake;
