//! Who is calling: passwords, tokens and the request extractors built on them.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod tokens;
