//! The integration tests: one binary, the real service on port 0, a real database per test.
//! Every story runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL; the browser
//! stories run in a headless Chromium when one is installed.

mod helpers;

mod account_browser;
mod account_pages;
mod accounts;
mod admin_pages;
mod browser;
mod browser_registry;
mod catalogue;
mod chromium;
mod editor_browser;
mod editor_pages;
mod email;
mod experiences;
mod notify;
mod operators;
mod organisations;
mod pages;
mod production;
pub mod registry;
mod registry_pages;
mod search;
mod secrets;
mod security;
mod security_routes;
mod service;
mod uptake;
