//! bymidter: the registry of Danish town-centre collaborations.

pub mod app;
pub mod auth;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod mail;
pub mod monitoring;
pub mod notify;
pub mod organisations;
pub mod privacy;
pub mod registry;
pub mod search;
pub mod store;
pub mod telemetry;
pub mod uptake;
