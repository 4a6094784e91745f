//! A message at the top of a page about what was just done ("Your settings are saved"). It is
//! named in the address the form redirects to (`?besked=settings-saved`), so it needs no
//! session store and works without JavaScript; only the names listed here show anything.

use axum::response::Redirect;

use crate::i18n::Locale;

/// The query parameter that names the message.
pub const PARAM: &str = "besked";

/// The messages, by the name used in addresses, with their text's key.
const NOTICES: [(&str, &str); 35] = [
    ("logged-out", "notice-logged-out"),
    ("logged-out-everywhere", "notice-logged-out-everywhere"),
    ("email-verified", "notice-email-verified"),
    ("link-sent", "notice-link-sent"),
    ("password-reset", "notice-password-reset"),
    ("password-changed", "notice-password-changed"),
    ("settings-saved", "notice-settings-saved"),
    ("invitation-registered", "notice-invitation-registered"),
    ("invitation-accepted", "notice-invitation-accepted"),
    ("organisation-created", "notice-organisation-created"),
    ("invitation-sent", "notice-invitation-sent"),
    ("invitation-withdrawn", "notice-invitation-withdrawn"),
    ("role-changed", "notice-role-changed"),
    ("member-removed", "notice-member-removed"),
    ("left-organisation", "notice-left-organisation"),
    ("recommendation-saved", "notice-recommendation-saved"),
    ("recommendation-retired", "notice-recommendation-retired"),
    ("email-requeued", "notice-email-requeued"),
    ("role-granted", "notice-role-granted"),
    ("role-revoked", "notice-role-revoked"),
    ("role-unchanged", "notice-role-unchanged"),
    ("followed", "notice-followed"),
    ("unfollowed", "notice-unfollowed"),
    ("notifications-read", "notice-notifications-read"),
    ("collaboration-created", "notice-collaboration-created"),
    ("collaboration-saved", "notice-collaboration-saved"),
    ("collaboration-published", "notice-collaboration-published"),
    (
        "collaboration-unpublished",
        "notice-collaboration-unpublished",
    ),
    ("collaboration-deleted", "notice-collaboration-deleted"),
    ("link-saved", "notice-link-saved"),
    ("link-removed", "notice-link-removed"),
    ("experience-created", "notice-experience-created"),
    ("experience-published", "notice-experience-published"),
    ("comment-posted", "notice-comment-posted"),
    ("report-sent", "notice-report-sent"),
];

/// The text of the message a query names, in `locale`.
pub fn text(locale: Locale, query: Option<&str>) -> Option<String> {
    let name = url::form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == PARAM)
        .map(|(_, v)| v.into_owned())?;
    NOTICES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, key)| locale.text(key))
}

/// A redirect (303) to `path` showing the message `name`.
pub fn redirect(path: &str, name: &str) -> Redirect {
    debug_assert!(
        NOTICES.iter().any(|(n, _)| *n == name),
        "unknown notice {name}"
    );
    let sep = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{sep}{PARAM}={name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_messages_are_shown() {
        assert!(text(Locale::Da, Some("besked=settings-saved")).is_some());
        assert!(text(Locale::En, Some("x=1&besked=logged-out")).is_some());
        assert_eq!(text(Locale::Da, Some("besked=<script>")), None);
        assert_eq!(text(Locale::Da, None), None);
        let to = redirect("/log-ind?next=/min-side", "password-changed");
        let location = axum::response::IntoResponse::into_response(to);
        assert_eq!(
            location
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok()),
            Some("/log-ind?next=/min-side&besked=password-changed")
        );
    }
}
