//! Who is calling: passwords, tokens, sessions, rate limits and the request extractors built
//! on them.

pub mod account;
pub mod client_ip;
pub mod extract;
pub mod jwt;
pub mod password;
pub mod platform;
pub mod rate_limit;
pub mod session;
pub mod tokens;
