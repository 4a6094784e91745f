//! Open data downloads at stable URLs, streamed a page at a time.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::stream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::uptake::open_data::{self, CSV_COLUMNS, OpenCollaboration};

const PAGE: i64 = 500;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(collaborations_csv))
        .routes(routes!(collaborations_json))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Json,
}

struct Cursor {
    state: AppState,
    after: Option<Uuid>,
    first: bool,
    done: bool,
}

fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn chunk(kind: Kind, first: bool, records: &[OpenCollaboration]) -> String {
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        match kind {
            Kind::Csv => out.push_str(&csv_line(&r.csv_row())),
            Kind::Json => {
                if !(first && i == 0) {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(r).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    out
}

fn stream_body(state: AppState, kind: Kind) -> Body {
    let head = match kind {
        Kind::Csv => format!("\u{feff}{}", csv_line(&CSV_COLUMNS.map(str::to_owned))),
        Kind::Json => "[\n".to_owned(),
    };
    let start = Cursor {
        state,
        after: None,
        first: true,
        done: false,
    };
    let pages = stream::unfold(start, move |mut c| async move {
        if c.done {
            return None;
        }
        let page = async {
            let mut tx = c.state.store.read().await?;
            let base = c.state.config.http.public_url.to_string();
            open_data::page(&mut *tx, &base, c.after, PAGE).await
        }
        .await;
        let text = match page {
            Ok((records, next)) => {
                let text = chunk(kind, c.first, &records);
                c.first = c.first && records.is_empty();
                c.after = next;
                c.done = next.is_none();
                if c.done && kind == Kind::Json {
                    format!("{text}]\n")
                } else {
                    text
                }
            }
            Err(e) => {
                // The status is already sent; end the body so the client sees it is cut short.
                tracing::error!(error = %e, "open data export failed mid-stream");
                c.done = true;
                return Some((Err(std::io::Error::other("export failed")), c));
            }
        };
        Some((Ok::<_, std::io::Error>(Bytes::from(text)), c))
    });
    let head = stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) });
    // Fused: the compression layer polls the body once more after its end, and an unfold
    // polled after its end panics (cutting every compressed download short).
    Body::from_stream(futures::StreamExt::fuse(futures::StreamExt::chain(
        head, pages,
    )))
}

fn respond(state: AppState, kind: Kind) -> Response {
    let (content_type, name) = match kind {
        Kind::Csv => ("text/csv; charset=utf-8", "bymidter-collaborations.csv"),
        Kind::Json => ("application/json", "bymidter-collaborations.json"),
    };
    let mut response = stream_body(state, kind).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// The public, published collaborations with their recommendation and toolbox links, as CSV
/// (UTF-8 with BOM; lists separated by `;`, links as `code=status`). Licence: CC BY 4.0.
#[utoipa::path(get, path = "/api/v1/exports/collaborations.csv", tag = "open data",
    responses((status = 200, content_type = "text/csv", description = "One row per collaboration; columns documented on /aabne-data")))]
async fn collaborations_csv(State(state): State<AppState>) -> Result<Response, Infallible> {
    Ok(respond(state, Kind::Csv))
}

/// The same as JSON: an array of collaborations with their links. Licence: CC BY 4.0.
#[utoipa::path(get, path = "/api/v1/exports/collaborations.json", tag = "open data",
    responses((status = 200, body = [OpenCollaboration])))]
async fn collaborations_json(State(state): State<AppState>) -> Result<Response, Infallible> {
    Ok(respond(state, Kind::Json))
}
