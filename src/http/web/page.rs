//! What every page shares: the request's language, visitor and CSRF token (`PageContext`), the
//! layout's data (`Chrome`), and rendering a template into a response.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::csrf::{CSRF_COOKIE, Csrf};
use super::{assets, notice};
use crate::app::AppState;
use crate::auth::extract::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::http::extract::{LANG_COOKIE, LocaleCell, request_locale};
use crate::i18n::Locale;

/// The value of cookie `name` in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The areas of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The front page.
    Home,
    /// `/samarbejder`.
    Collaborations,
    /// `/anbefalinger`.
    Recommendations,
    /// `/vaerktoejer`.
    Toolbox,
    /// `/temaer`.
    Themes,
    /// `/kommuner` and `/regioner`.
    Places,
    /// `/udbredelse`.
    Uptake,
    /// Anything else (API reference, language, errors).
    Other,
}

const NAV: [(Section, &str, &str); 6] = [
    (
        Section::Collaborations,
        "/samarbejder",
        "nav-collaborations",
    ),
    (
        Section::Recommendations,
        "/anbefalinger",
        "nav-recommendations",
    ),
    (Section::Toolbox, "/vaerktoejer", "nav-toolbox"),
    (Section::Themes, "/temaer", "nav-themes"),
    (Section::Places, "/kommuner", "nav-places"),
    (Section::Uptake, "/udbredelse", "nav-uptake"),
];

/// A link in the navigation or breadcrumbs.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub label: String,
    /// Whether it is the current page or section.
    pub current: bool,
}

/// The request as a page sees it: language, visitor, CSRF token, where it is.
pub struct PageContext {
    /// The language the page is written in.
    pub locale: Locale,
    /// The logged-in visitor, if any.
    pub user: Option<CurrentUser>,
    /// The visitor's CSRF state.
    pub csrf: Csrf,
    path: String,
    query: Option<String>,
    public_url: url::Url,
    /// A language asked for with `?lang=` that the `lang` cookie does not hold yet.
    sticky_locale: Option<Locale>,
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // The user's own language setting refines the request's locale, so read it first.
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let locale = parts
            .extensions
            .get::<LocaleCell>()
            .map(LocaleCell::get)
            .unwrap_or_else(|| request_locale(&parts.headers, parts.uri.query()));
        Ok(PageContext::new(
            state,
            locale,
            user,
            &parts.headers,
            parts.uri.path(),
            parts.uri.query(),
        ))
    }
}

impl PageContext {
    /// The context for a request known by its parts (also used for error pages).
    pub fn new(
        state: &AppState,
        locale: Locale,
        user: Option<CurrentUser>,
        headers: &HeaderMap,
        path: &str,
        query: Option<&str>,
    ) -> PageContext {
        let asked = query.and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("lang="))
                .and_then(Locale::parse)
        });
        let kept = cookie(headers, LANG_COOKIE).and_then(Locale::parse);
        PageContext {
            sticky_locale: asked.filter(|a| kept != Some(*a)),
            locale,
            user,
            csrf: Csrf::for_cookie(&state.config, cookie(headers, CSRF_COOKIE)),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            public_url: state.config.http.public_url.clone(),
        }
    }

    /// The text for `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.locale.text(key)
    }

    /// The text for `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.locale.text_with(key, &[(name, value.to_string())])
    }

    /// Whether the site is served over https (cookies are then `Secure`).
    pub fn secure(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// An absolute URL under the configured public address (never the Host header).
    pub fn absolute(&self, path_and_query: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }

    /// The current path and query without `lang=`, to come back to after a language change.
    pub fn return_to(&self) -> String {
        let query: Vec<&str> = self
            .query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        }
    }

    /// The log-in page, returning to this page afterwards.
    pub fn login_href(&self) -> String {
        login_href(&self.return_to())
    }

    /// The layout's data for a page titled `title` in `section`.
    pub fn chrome(&self, section: Section, title: String, description: String) -> Chrome {
        let nav = NAV
            .iter()
            .map(|(s, href, key)| NavLink {
                href: (*href).to_owned(),
                label: self.t(key),
                current: *s == section,
            })
            .collect();
        let variant = |l: Locale| match l {
            Locale::Da => self.absolute(&self.path),
            Locale::En => self.absolute(&format!("{}?lang=en", self.path)),
        };
        let other = match self.locale {
            Locale::Da => Locale::En,
            Locale::En => Locale::Da,
        };
        Chrome {
            locale: self.locale,
            title,
            description,
            canonical: variant(self.locale),
            alternates: Locale::ALL
                .iter()
                .map(|l| (l.code(), variant(*l)))
                .collect(),
            default_alternate: variant(Locale::Da),
            nav,
            home_current: section == Section::Home,
            breadcrumbs: Vec::new(),
            csrf_token: self.csrf.token.clone(),
            return_to: self.return_to(),
            other_locale: other,
            other_locale_name: other.text("language-name"),
            visitor: self.user.as_ref().map(|u| Visitor {
                name: u.name.clone(),
                admin: u.is_admin(),
            }),
            notice: notice::text(self.locale, self.query.as_deref()),
            login_href: login_href(&self.return_to()),
        }
    }

    /// The page as a response with `status`: HTML in the page's language, the CSRF cookie set
    /// when the visitor has none yet.
    pub fn render_with(&self, status: StatusCode, page: &impl Template) -> Response {
        let html = match page.render() {
            Ok(html) => html,
            Err(e) => return AppError::Internal(e.into()).into_response(),
        };
        let mut response = (status, html).into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(self.locale.code()),
        );
        // Pages differ by language and carry a per-visitor token: never shared by caches.
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
        h.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
        if self.csrf.is_new
            && let Ok(v) = HeaderValue::from_str(&self.csrf.set_cookie(self.secure()))
        {
            h.append(header::SET_COOKIE, v);
        }
        // A link with `?lang=` switches the language for the pages that follow, forms included.
        if let Some(locale) = self.sticky_locale
            && let Ok(v) = HeaderValue::from_str(&self.language_cookie(locale))
        {
            h.append(header::SET_COOKIE, v);
        }
        response
    }

    /// The page as a 200 response.
    pub fn render(&self, page: &impl Template) -> Response {
        self.render_with(StatusCode::OK, page)
    }

    /// The `Set-Cookie` value that keeps `locale` for a year.
    pub fn language_cookie(&self, locale: Locale) -> String {
        format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{}",
            locale.code(),
            if self.secure() { "; Secure" } else { "" }
        )
    }
}

/// The data of the layout around every page.
pub struct Chrome {
    /// The page's language.
    pub locale: Locale,
    /// The page's own title (the service name is added).
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The canonical URL of this page in this language.
    pub canonical: String,
    /// The page in each language, by language code.
    pub alternates: Vec<(&'static str, String)>,
    /// The page for visitors whose language is neither.
    pub default_alternate: String,
    /// The main navigation.
    pub nav: Vec<NavLink>,
    /// Whether this is the front page.
    pub home_current: bool,
    /// Where the page sits; the last crumb is the page itself.
    pub breadcrumbs: Vec<NavLink>,
    /// The CSRF token for the forms on the page.
    pub csrf_token: String,
    /// Where a language change returns to.
    pub return_to: String,
    /// The language the switch offers.
    pub other_locale: Locale,
    /// That language's name, in that language.
    pub other_locale_name: String,
    /// Who is logged in, for the header.
    pub visitor: Option<Visitor>,
    /// A message about what was just done (see [`notice`]).
    pub notice: Option<String>,
    /// The log-in page, returning here afterwards.
    pub login_href: String,
}

/// The logged-in visitor as the header shows them.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Their name.
    pub name: String,
    /// Whether they operate the platform (the header links the admin pages).
    pub admin: bool,
}

/// The log-in page's address, returning to `here` after logging in (not to the account pages
/// themselves, nor to the front page, where the default is as good).
fn login_href(here: &str) -> String {
    let pointless = here == "/"
        || [
            "/log-ind",
            "/log-ud",
            "/opret-konto",
            "/glemt-adgangskode",
            "/reset-password",
        ]
        .iter()
        .any(|p| here.starts_with(p));
    if pointless {
        "/log-ind".to_owned()
    } else {
        let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
        format!("/log-ind?next={next}")
    }
}

impl Chrome {
    /// The text for `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.locale.text(key)
    }

    /// The text for `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.locale.text_with(key, &[(name, value.to_string())])
    }

    /// The text for `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        name1: &str,
        value1: impl ToString,
        name2: &str,
        value2: impl ToString,
    ) -> String {
        self.locale.text_with(
            key,
            &[(name1, value1.to_string()), (name2, value2.to_string())],
        )
    }

    /// The `<title>`: the page's title and the service's name.
    pub fn full_title(&self) -> String {
        if self.home_current {
            self.t("site-title-home")
        } else {
            self.t1("site-title", "page", &self.title)
        }
    }

    /// The link to an embedded static file.
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// Adds breadcrumbs: the front page, then `trail` (the last is this page).
    pub fn with_breadcrumbs(mut self, trail: Vec<(String, String)>) -> Chrome {
        let mut crumbs = vec![NavLink {
            href: "/".to_owned(),
            label: self.t("nav-home"),
            current: false,
        }];
        let last = trail.len().saturating_sub(1);
        crumbs.extend(
            trail
                .into_iter()
                .enumerate()
                .map(|(i, (href, label))| NavLink {
                    href,
                    label,
                    current: i == last,
                }),
        );
        self.breadcrumbs = crumbs;
        self
    }
}
