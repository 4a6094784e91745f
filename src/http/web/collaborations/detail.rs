//! `/samarbejder/{org}/{slug}`: one collaboration with its links, experiences and contact, and
//! `.../historik`, its history. An old slug answers with a permanent redirect to the current
//! one; a collaboration the visitor may not see does not exist for them (404).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;

use super::filters::{LIST_KEYS, Params};
use super::{
    CollaborationCard, collaboration_status_label, link_status_label, outcome_label, vocab_label,
    vocab_list,
};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::http::web::catalogue::{recommendation_href, region_href, toolbox_href};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::i18n::Locale;
use crate::registry::collaborations::{self, CollaborationDetail, HistoryEntry};
use crate::registry::viewer_of;
use crate::store::Tx;
use crate::store::registry::ExperienceRow;
use crate::uptake::open_data::page_path;

/// A date as people write it: `1. marts 2021`, `1 March 2021`.
pub fn long_date(date: NaiveDate, l: Locale) -> String {
    use chrono::Datelike;
    let month = l.text(&format!("month-{}", date.month()));
    match l {
        Locale::Da => format!("{}. {month} {}", date.day(), date.year()),
        Locale::En => format!("{} {month} {}", date.day(), date.year()),
    }
}

/// The Copenhagen date of an instant, written out.
pub fn long_day(at: DateTime<Utc>, l: Locale) -> String {
    long_date(at.with_timezone(&Copenhagen).date_naive(), l)
}

/// What a path names: a collaboration the visitor may see, or the path it moved to.
pub enum Found {
    /// The collaboration.
    Here(Box<CollaborationDetail>),
    /// Its current page (the slug in the path is an old one).
    Moved(String),
}

/// Finds the collaboration at `/samarbejder/{org}/{slug}` as `user` may see it; `rest` is what
/// follows in the path, kept when the slug has moved.
pub async fn find(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    org: &str,
    slug: &str,
    rest: &str,
) -> Result<Found, AppError> {
    let (id, current) = tx
        .collaboration_by_slug(org, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // Visibility first: an old slug of a record the visitor may not see leads nowhere.
    let detail = collaborations::detail(tx, user, id).await?;
    if current {
        Ok(Found::Here(Box::new(detail)))
    } else {
        Ok(Found::Moved(format!("{}{rest}", page_path(&detail.row))))
    }
}

/// A link from the collaboration to a recommendation.
pub struct RecommendationLinkView {
    code: String,
    title: String,
    href: String,
    status: String,
    status_label: String,
    note: String,
    evidence_url: Option<String>,
    reason: Option<String>,
    updated: String,
}

/// A link from the collaboration to a tool.
pub struct ToolLinkView {
    title: String,
    href: String,
    outcome: String,
    outcome_label: String,
    note: String,
}

/// An experience in the collaboration's list.
pub struct ExperienceCard {
    /// Title.
    pub title: String,
    /// Its page.
    pub href: String,
    /// A lesson from something that failed.
    pub setback: bool,
    /// Not yet published (its organisation sees it).
    pub draft: bool,
    /// Hidden by a moderator (admins and its organisation see it).
    pub hidden: bool,
    /// Who wrote it.
    pub author: String,
    /// When it was published, or written.
    pub date: String,
}

impl ExperienceCard {
    /// The card of an experience of the collaboration at `base`.
    pub fn new(e: &ExperienceRow, base: &str, l: Locale) -> ExperienceCard {
        ExperienceCard {
            title: e.title.clone(),
            href: format!("{base}/erfaringer/{}", e.id),
            setback: e.is_setback,
            draft: e.state != "published",
            hidden: e.hidden_at.is_some(),
            author: e.author_name.clone().unwrap_or_default(),
            date: long_day(e.published_at.unwrap_or(e.created_at), l),
        }
    }
}

/// One line of the facts list.
pub struct Fact {
    label: String,
    value: String,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/collaboration.html", whitespace = "minimize")]
struct CollaborationPage {
    chrome: Chrome,
    card: CollaborationCard,
    description_html: String,
    facts: Vec<Fact>,
    partners: Vec<String>,
    fee_bases: Vec<String>,
    website: Option<String>,
    contact: Option<String>,
    logged_in: bool,
    recommendations: Vec<RecommendationLinkView>,
    tools: Vec<ToolLinkView>,
    experiences: Vec<ExperienceCard>,
    history_href: String,
    similar_href: String,
    updated: String,
    /// What the follow button follows.
    follow: (&'static str, String),
    /// The visitor edits for its organisation: the way to edit and publish it.
    can_edit: bool,
    /// The page's own address.
    base: String,
}

fn facts(
    d: &CollaborationDetail,
    card: &CollaborationCard,
    model_href: Option<String>,
    l: Locale,
) -> Vec<Fact> {
    let r = &d.row;
    let fact = |key: &str, value: String, href: Option<String>| Fact {
        label: l.text(key),
        value,
        href,
    };
    let mut out = vec![
        fact(
            "collaboration-town",
            match r.town_population {
                Some(p) => l.text_with(
                    "collaboration-town-population",
                    &[("town", r.town.clone()), ("population", group_digits(p, l))],
                ),
                None => r.town.clone(),
            },
            None,
        ),
        fact(
            "collaboration-municipality",
            r.municipality_name.clone(),
            Some(card.municipality_href.clone()),
        ),
        fact(
            "label-region",
            card.region.clone(),
            Some(region_href(&r.region_code)),
        ),
        fact(
            "collaboration-organisation",
            r.organisation_name.clone(),
            None,
        ),
        fact("collaboration-model", card.model.clone(), model_href),
        fact(
            "label-status",
            collaboration_status_label(&r.status, l),
            None,
        ),
    ];
    if let Some(start) = r.started_on {
        out.push(fact("collaboration-started", long_date(start, l), None));
    }
    if let Some(end) = r.ended_on {
        out.push(fact("collaboration-ended", long_date(end, l), None));
    }
    out
}

/// A whole number with the thousands grouped as the language writes them.
pub fn group_digits(n: i64, l: Locale) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match l {
        Locale::Da => '.',
        Locale::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `GET /samarbejder/{org}/{slug}`.
pub async fn collaboration(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let d = match find(&mut *tx, ctx.user.as_ref(), &org, &slug, "").await? {
        Found::Here(d) => *d,
        Found::Moved(to) => return Ok(Redirect::permanent(&to).into_response()),
    };
    let l = ctx.locale;
    let themes = tx.themes().await?;
    let regions = tx.regions().await?;
    let recommendations = tx.recommendations().await?;
    let entries = tx.toolbox_entries().await?;
    let card = CollaborationCard::new(&d.row, &themes, &regions, l);
    let base = page_path(&d.row);
    let model_href = entries
        .iter()
        .find(|e| e.organisation_model.as_deref() == Some(d.row.organisation_model.as_str()))
        .map(|e| toolbox_href(&e.slug));
    let links = d
        .recommendations
        .iter()
        .map(|link| {
            let title = recommendations
                .iter()
                .find(|r| r.code == link.recommendation_code)
                .map(|r| l.pick(&r.title_da, &r.title_en).to_owned())
                .unwrap_or_default();
            RecommendationLinkView {
                code: link.recommendation_code.clone(),
                title,
                href: recommendation_href(&link.recommendation_code),
                status: link.status.clone(),
                status_label: link_status_label(&link.status, l),
                note: link.note.clone(),
                evidence_url: link.evidence_url.clone(),
                reason: link.reason.clone().filter(|_| link.status == "abandoned"),
                updated: long_day(link.updated_at, l),
            }
        })
        .collect();
    let tools = d
        .toolbox
        .iter()
        .map(|link| {
            let outcome = link
                .outcome
                .clone()
                .unwrap_or_else(|| "not_reported".into());
            ToolLinkView {
                title: entries
                    .iter()
                    .find(|e| e.slug == link.toolbox_slug)
                    .map(|e| l.pick(&e.title_da, &e.title_en).to_owned())
                    .unwrap_or_else(|| link.toolbox_slug.clone()),
                href: toolbox_href(&link.toolbox_slug),
                outcome_label: outcome_label(&outcome, l),
                outcome,
                note: link.note.clone(),
            }
        })
        .collect();
    let experiences = tx
        .experiences_of(d.row.id, &viewer_of(ctx.user.as_ref()))
        .await?
        .iter()
        .map(|e| ExperienceCard::new(e, &base, l))
        .collect();
    let facts = facts(&d, &card, model_href, l);
    let similar_href = Params::from_pairs([("municipality", d.row.municipality_code.as_str())])
        .href("/samarbejder", &LIST_KEYS);
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            d.row.title.clone(),
            d.row.summary.clone(),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.clone(), d.row.title.clone()),
        ]);
    Ok(ctx.render(&CollaborationPage {
        chrome,
        description_html: d.row.description_html.clone(),
        partners: vocab_list("partner-kind", &d.row.partner_kinds, l),
        fee_bases: vocab_list("fee-basis", &d.row.fee_bases, l),
        website: d.row.website.clone(),
        contact: if d.show_contact {
            d.row.contact.clone()
        } else {
            None
        },
        logged_in: ctx.user.is_some(),
        recommendations: links,
        tools,
        experiences,
        history_href: format!("{base}/historik"),
        similar_href,
        updated: long_day(d.row.updated_at, l),
        follow: ("collaboration", d.row.id.to_string()),
        can_edit: d.can_edit,
        base,
        facts,
        card,
    }))
}

/// One change in the history, in words.
pub struct HistoryLine {
    date: String,
    datetime: String,
    actor: String,
    text: String,
}

fn history_text(
    e: &HistoryEntry,
    recommendations: &[(String, String)],
    tools: &[(String, String)],
    l: Locale,
) -> String {
    let detail = |k: &str| {
        e.details
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let name_of = |list: &[(String, String)], key: &str| {
        let code = detail(key);
        list.iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or(code)
    };
    let rec = || name_of(recommendations, "recommendation");
    let tool = || name_of(tools, "toolbox");
    match e.action.as_str() {
        "updated" => {
            let fields: Vec<String> = e
                .details
                .get("fields")
                .and_then(|f| f.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str())
                        .map(|f| vocab_label("field-name", f, l))
                        .collect()
                })
                .unwrap_or_default();
            l.text_with("history-updated", &[("fields", fields.join(", "))])
        }
        "recommendation_linked" => l.text_with(
            "history-recommendation-linked",
            &[
                ("recommendation", rec()),
                ("to", link_status_label(&detail("to"), l)),
            ],
        ),
        "recommendation_status_changed" => l.text_with(
            "history-recommendation-status-changed",
            &[
                ("recommendation", rec()),
                ("from", link_status_label(&detail("from"), l)),
                ("to", link_status_label(&detail("to"), l)),
            ],
        ),
        "recommendation_note_changed" => l.text_with(
            "history-recommendation-note-changed",
            &[("recommendation", rec())],
        ),
        "recommendation_unlinked" => l.text_with(
            "history-recommendation-unlinked",
            &[("recommendation", rec())],
        ),
        "toolbox_linked" | "toolbox_changed" => {
            let key = if e.action == "toolbox_linked" {
                "history-toolbox-linked"
            } else {
                "history-toolbox-changed"
            };
            let outcome = detail("outcome");
            let outcome = if outcome.is_empty() {
                "not_reported".to_owned()
            } else {
                outcome
            };
            l.text_with(
                key,
                &[("tool", tool()), ("outcome", outcome_label(&outcome, l))],
            )
        }
        "toolbox_unlinked" => l.text_with("history-toolbox-unlinked", &[("tool", tool())]),
        other => vocab_label("history", other, l),
    }
}

#[derive(Template)]
#[template(path = "pages/collaboration_history.html", whitespace = "minimize")]
struct HistoryPage {
    chrome: Chrome,
    title: String,
    back_href: String,
    lines: Vec<HistoryLine>,
}

/// `GET /samarbejder/{org}/{slug}/historik`.
pub async fn history(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let d = match find(&mut *tx, ctx.user.as_ref(), &org, &slug, "/historik").await? {
        Found::Here(d) => *d,
        Found::Moved(to) => return Ok(Redirect::permanent(&to).into_response()),
    };
    let l = ctx.locale;
    let entries = collaborations::history(&mut *tx, ctx.user.as_ref(), d.row.id).await?;
    let recommendations: Vec<(String, String)> = tx
        .recommendations()
        .await?
        .into_iter()
        .map(|r| {
            let name = format!("{} {}", r.code, l.pick(&r.title_da, &r.title_en));
            (r.code, name)
        })
        .collect();
    let tools: Vec<(String, String)> = tx
        .toolbox_entries()
        .await?
        .into_iter()
        .map(|t| {
            let name = l.pick(&t.title_da, &t.title_en).to_owned();
            (t.slug, name)
        })
        .collect();
    let mut lines: Vec<HistoryLine> = entries
        .iter()
        .map(|e| HistoryLine {
            date: long_day(e.at, l),
            datetime: e.at.to_rfc3339(),
            actor: e.actor.clone(),
            text: history_text(e, &recommendations, &tools, l),
        })
        .collect();
    lines.reverse();
    let base = page_path(&d.row);
    let title = ctx.t1("history-title", "title", &d.row.title);
    let chrome = ctx
        .chrome(
            Section::Collaborations,
            title.clone(),
            ctx.t1("history-description", "title", &d.row.title),
        )
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.clone(), d.row.title.clone()),
            (format!("{base}/historik"), ctx.t("history-crumb")),
        ]);
    Ok(ctx.render(&HistoryPage {
        chrome,
        title,
        back_href: base,
        lines,
    }))
}
