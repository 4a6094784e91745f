//! The OpenAPI document (`/api/openapi.json`) and a reference page built from it (`/api/docs`).

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr};

use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::page::{Chrome, PageContext, Section};

/// The document's fixed parts; the paths come from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "bymidter API",
        description = "The registry of Danish town-centre collaborations: collaborations, \
                       experiences, the partnership's recommendations and toolbox, and their uptake.",
        license(name = "MIT")
    ),
    modifiers(&BearerAuth),
    // Used only by query parameters, which do not bring their schemas along.
    components(schemas(crate::domain::vocab::TownSize)),
    tags(
        (name = "service", description = "Liveness and readiness"),
        (name = "catalogue", description = "Themes, recommendations, toolbox, municipalities"),
        (name = "auth", description = "Register, confirm the email address, log in, refresh, log out, reset a password"),
        (name = "me", description = "The caller's own account"),
        (name = "organisations", description = "Organisations (the tenants), their members and invitations"),
        (name = "admin", description = "For operators: the email outbox"),
        (name = "collaborations", description = "Town-centre collaborations and their links to recommendations and tools"),
        (name = "experiences", description = "Experiences, including setbacks, and the comments and questions on them"),
        (name = "moderation", description = "Reports of inappropriate content, handled by admins"),
        (name = "uptake", description = "How the recommendations are taken up: by status, region, municipality and over time"),
        (name = "following", description = "Following recommendations, tools, themes, places, organisations and collaborations; notifications and email preferences"),
        (name = "open data", description = "The public, published collaborations as CSV and JSON (CC BY 4.0)"),
        (name = "search", description = "Danish full-text search with facets, collaborations like one, towns like ours, saved searches"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Declares the problem answers every operation can give, where its annotation does not
/// already: 400 when the body or query cannot be read, 422 when a field is invalid (both for
/// operations that take a body or query parameters), 404 when a path names something that is
/// not there or not visible, 401 when a token is needed and missing or expired (and, on every
/// operation, when a bearer token is sent and is not valid: the public answer is for callers
/// who send none), and 403 when a signed-in caller may not change the record. The API answers
/// these in fact; declaring them lets clients (and schemathesis) rely on the document.
struct ProblemResponses;

impl utoipa::Modify for ProblemResponses {
    fn modify(&self, openapi: &mut Document) {
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                (false, &mut item.get),
                (true, &mut item.post),
                (true, &mut item.put),
                (true, &mut item.patch),
                (true, &mut item.delete),
            ];
            for (writes, op) in ops {
                if let Some(op) = op.as_mut() {
                    declare_problems(op, writes);
                }
            }
        }
    }
}

fn declare_problems(op: &mut Operation, writes: bool) {
    let params = op.parameters.iter().flatten().filter_map(|p| match p {
        RefOr::T(p) => Some(&p.parameter_in),
        RefOr::Ref(_) => None,
    });
    let (mut query, mut path) = (false, false);
    for place in params {
        match place {
            ParameterIn::Path => path = true,
            ParameterIn::Query | ParameterIn::QueryString => query = true,
            _ => {}
        }
    }
    let input = query || op.request_body.is_some();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let problems = [
        (input, "400", "The body or the query could not be read"),
        (input, "422", "A field is invalid; `errors` names each one"),
        (path, "404", "Not found, or not visible to the caller"),
        (secured, "401", "A valid access token is needed"),
        (
            true,
            "401",
            "The bearer token sent is not valid; send none to be answered as the public",
        ),
        (secured && writes, "403", "The caller may not do this here"),
    ];
    for (applies, code, description) in problems {
        if applies && !op.responses.responses.contains_key(code) {
            let response = utoipa::openapi::ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    utoipa::openapi::ContentBuilder::new().build(),
                )
                .build();
            op.responses
                .responses
                .insert(code.to_owned(), RefOr::T(response));
        }
    }
}

/// A list of catalogue codes.
#[derive(Clone, Copy)]
enum Codes {
    Municipality,
    Region,
    Theme,
    Recommendation,
    Toolbox,
}

/// The request fields that take a catalogue code (or a list of them): (schema, property, codes).
const CODE_FIELDS: [(&str, &str, Codes); 12] = [
    ("NewCollaboration", "municipality_code", Codes::Municipality),
    ("NewCollaboration", "themes", Codes::Theme),
    (
        "CollaborationPatch",
        "municipality_code",
        Codes::Municipality,
    ),
    ("CollaborationPatch", "themes", Codes::Theme),
    ("NewExperience", "themes", Codes::Theme),
    ("ExperiencePatch", "themes", Codes::Theme),
    (
        "CreateOrganisation",
        "municipality_code",
        Codes::Municipality,
    ),
    ("NewSavedSearch", "municipality", Codes::Municipality),
    ("NewSavedSearch", "region", Codes::Region),
    ("NewSavedSearch", "theme", Codes::Theme),
    ("NewSavedSearch", "recommendation", Codes::Recommendation),
    ("NewSavedSearch", "toolbox", Codes::Toolbox),
];

/// The codes a parameter takes, by its place, its name and the operation's path.
fn parameter_codes(path: &str, place: &str, name: &str) -> Option<Codes> {
    match (place, name) {
        ("query", "municipality") => Some(Codes::Municipality),
        ("query", "region") => Some(Codes::Region),
        ("query", "theme") => Some(Codes::Theme),
        ("query", "recommendation") => Some(Codes::Recommendation),
        ("query", "toolbox") => Some(Codes::Toolbox),
        ("path", "code") if path.contains("/municipalities/{code}") => Some(Codes::Municipality),
        ("path", "code") if path.contains("/recommendations/{code}") => Some(Codes::Recommendation),
        ("path", "slug") if path.contains("/toolbox/{slug}") => Some(Codes::Toolbox),
        _ => None,
    }
}

/// The catalogue's current codes (those still offered), read when the document is asked for:
/// they are data, changed by a catalogue import.
struct Catalogue {
    municipalities: Vec<String>,
    regions: Vec<String>,
    themes: Vec<String>,
    recommendations: Vec<String>,
    toolbox: Vec<String>,
}

impl Catalogue {
    async fn read(state: &AppState) -> Result<Catalogue, AppError> {
        let mut tx = state.store.read().await?;
        let offered = |retired: bool, code: String| (!retired).then_some(code);
        Ok(Catalogue {
            municipalities: tx
                .municipalities()
                .await?
                .into_iter()
                .map(|m| m.code)
                .collect(),
            regions: tx.regions().await?.into_iter().map(|r| r.code).collect(),
            themes: (tx.themes().await?.into_iter())
                .filter_map(|t| offered(t.retired, t.code))
                .collect(),
            recommendations: (tx.recommendations().await?.into_iter())
                .filter_map(|r| offered(r.retired, r.code))
                .collect(),
            toolbox: (tx.toolbox_entries().await?.into_iter())
                .filter_map(|e| offered(e.retired, e.slug))
                .collect(),
        })
    }

    fn codes(&self, which: Codes) -> &[String] {
        match which {
            Codes::Municipality => &self.municipalities,
            Codes::Region => &self.regions,
            Codes::Theme => &self.themes,
            Codes::Recommendation => &self.recommendations,
            Codes::Toolbox => &self.toolbox,
        }
    }

    /// Names the codes as the only values of every parameter and request field that takes one,
    /// so that a client (or a generated test) knows which exist.
    fn name_codes(&self, doc: &mut Value) {
        let paths = doc.get_mut("paths").and_then(Value::as_object_mut);
        for (path, item) in paths.into_iter().flatten() {
            let ops = item
                .as_object_mut()
                .into_iter()
                .flat_map(|ops| ops.values_mut());
            let params = ops
                .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
                .flatten();
            for param in params {
                let place = param["in"].as_str().unwrap_or_default();
                let name = param["name"].as_str().unwrap_or_default();
                if let Some(which) = parameter_codes(path, place, name) {
                    param["schema"]["enum"] = json!(self.codes(which));
                }
            }
        }
        for (schema, field, which) in CODE_FIELDS {
            let pointer = format!("/components/schemas/{schema}/properties/{field}");
            let Some(property) = doc.pointer_mut(&pointer) else {
                continue;
            };
            let types = match &property["type"] {
                Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
                Value::String(one) => vec![one.as_str()],
                _ => Vec::new(),
            };
            let codes = self.codes(which);
            if types.contains(&"array") {
                property["items"]["enum"] = json!(codes);
            } else if types.contains(&"null") {
                let mut values = json!(codes);
                if let Some(values) = values.as_array_mut() {
                    values.push(Value::Null);
                }
                property["enum"] = values;
            } else {
                property["enum"] = json!(codes);
            }
        }
    }
}

/// `/api/openapi.json` and `/api/docs`, for the document with the handlers' paths in.
pub fn router(mut doc: Document) -> Router<AppState> {
    // After the paths are in: the derive's modifiers run before the router adds them.
    utoipa::Modify::modify(&ProblemResponses, &mut doc);
    let doc = Arc::new(doc);
    let json_doc = doc.clone();
    Router::new()
        .route(
            "/api/openapi.json",
            get(move |State(state): State<AppState>| {
                let doc = json_doc.clone();
                async move {
                    let mut doc = serde_json::to_value(doc.as_ref()).map_err(anyhow::Error::new)?;
                    Catalogue::read(&state).await?.name_codes(&mut doc);
                    Ok::<_, AppError>(Json(doc))
                }
            }),
        )
        .route(
            "/api/docs",
            get(move |ctx: PageContext| {
                let doc = doc.clone();
                async move { docs_page(&doc, &ctx) }
            }),
        )
}

#[derive(Template)]
#[template(path = "pages/api_docs.html", whitespace = "minimize")]
struct DocsPage {
    chrome: Chrome,
    description: String,
    version: String,
    tags: Vec<TagSection>,
}

struct TagSection {
    name: String,
    description: String,
    operations: Vec<OperationView>,
}

struct OperationView {
    anchor: String,
    method: String,
    path: String,
    summary: String,
    description: String,
    parameters: Vec<(String, String, bool, String)>,
    request_body: Option<String>,
    responses: Vec<(String, String, String)>,
    secured: bool,
}

fn docs_page(doc: &Document, ctx: &PageContext) -> Response {
    let mut tags: Vec<TagSection> = doc
        .tags
        .iter()
        .flatten()
        .map(|t| TagSection {
            name: t.name.clone(),
            description: t.description.clone().unwrap_or_default(),
            operations: Vec::new(),
        })
        .collect();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let view = operation_view(method, path, op);
            let tag = op
                .tags
                .as_ref()
                .and_then(|t| t.first())
                .cloned()
                .unwrap_or_default();
            match tags.iter_mut().find(|t| t.name == tag) {
                Some(section) => section.operations.push(view),
                None => tags.push(TagSection {
                    name: tag,
                    description: String::new(),
                    operations: vec![view],
                }),
            }
        }
    }
    tags.retain(|t| !t.operations.is_empty());
    let description = doc.info.description.clone().unwrap_or_default();
    let title = ctx.t1("docs-title", "title", &doc.info.title);
    let chrome = ctx
        .chrome(Section::Other, title.clone(), description.clone())
        .with_breadcrumbs(vec![("/api/docs".into(), title)]);
    ctx.render(&DocsPage {
        chrome,
        description,
        version: doc.info.version.clone(),
        tags,
    })
}

fn operation_view(method: &str, path: &str, op: &Operation) -> OperationView {
    let parameters = op
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p),
            RefOr::Ref(_) => None,
        })
        .map(|p| {
            let place = match p.parameter_in {
                ParameterIn::Path => "path",
                ParameterIn::Query | ParameterIn::QueryString => "query",
                ParameterIn::Header => "header",
                ParameterIn::Cookie => "cookie",
            };
            let required = matches!(p.required, utoipa::openapi::Required::True);
            (
                p.name.clone(),
                place.to_owned(),
                required,
                p.description.clone().unwrap_or_default(),
            )
        })
        .collect();
    let request_body = op.request_body.as_ref().map(|b| match b {
        RefOr::T(b) => content_names(&b.content),
        RefOr::Ref(r) => r.ref_location.clone(),
    });
    let responses = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| match r {
            RefOr::T(r) => (
                code.clone(),
                r.description.clone(),
                content_names(&r.content),
            ),
            RefOr::Ref(r) => (code.clone(), String::new(), r.ref_location.clone()),
        })
        .collect();
    OperationView {
        anchor: format!(
            "{}-{}",
            method.to_lowercase(),
            path.replace(['/', '{', '}'], "-")
        ),
        method: method.to_owned(),
        path: path.to_owned(),
        summary: op.summary.clone().unwrap_or_default(),
        description: op.description.clone().unwrap_or_default(),
        parameters,
        request_body,
        responses,
        secured: op.security.as_ref().is_some_and(|s| !s.is_empty()),
    }
}

fn content_names<'a>(
    content: impl IntoIterator<Item = (&'a String, &'a RefOr<utoipa::openapi::content::Content>)>,
) -> String {
    content
        .into_iter()
        .map(|(ct, c)| match c {
            RefOr::T(c) => format!("{ct}: {}", schema_name(c.schema.as_ref())),
            RefOr::Ref(r) => format!("{ct}: {}", r.ref_location),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn schema_name(schema: Option<&RefOr<utoipa::openapi::schema::Schema>>) -> String {
    match schema {
        Some(RefOr::Ref(r)) => r
            .ref_location
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        Some(RefOr::T(utoipa::openapi::schema::Schema::Array(a))) => match &a.items {
            utoipa::openapi::schema::ArrayItems::RefOrSchema(item) => {
                format!("[{}]", schema_name(Some(item)))
            }
            utoipa::openapi::schema::ArrayItems::False => "[]".to_owned(),
        },
        Some(RefOr::T(_)) => "object".to_owned(),
        None => String::new(),
    }
}
