//! The caller's address, for the rate limits: the socket's peer, or — only when
//! `http.trust_proxy` is set — the address the nearest proxy reports.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

use crate::app::AppState;

/// The client's address as text (`unknown` when the server was not started with connection
/// info, as in unit tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp::of(state, &parts.headers, &parts.extensions))
    }
}

impl ClientIp {
    /// The client address of a request known by its headers and extensions (middleware).
    pub fn of(state: &AppState, headers: &HeaderMap, extensions: &Extensions) -> ClientIp {
        if state.config.http.trust_proxy
            && let Some(ip) = forwarded_for(headers)
        {
            return ClientIp(ip.to_string());
        }
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        ClientIp(peer)
    }
}

/// The last address in `X-Forwarded-For`, else the last `for=` of `Forwarded`: the one the
/// proxy in front of us added, which the client cannot forge.
pub fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let xff = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(parse_ip)
        .next_back();
    xff.or_else(|| {
        headers
            .get_all("forwarded")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split([',', ';']))
            .filter_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.eq_ignore_ascii_case("for").then_some(v)
            })
            .filter_map(parse_ip)
            .next_back()
    })
}

fn parse_ip(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    if let Ok(ip) = raw.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sock) = raw.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    // `[2001:db8::1]` without a port.
    raw.strip_prefix('[')
        .and_then(|r| r.split(']').next())
        .and_then(|r| r.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_proxys_address_is_taken() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().expect("hv"),
        );
        assert_eq!(forwarded_for(&h), "198.51.100.7".parse().ok());
        let mut h = HeaderMap::new();
        h.insert(
            "forwarded",
            "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\""
                .parse()
                .expect("hv"),
        );
        assert_eq!(forwarded_for(&h), "2001:db8:cafe::17".parse().ok());
        assert_eq!(forwarded_for(&HeaderMap::new()), None);
    }
}
