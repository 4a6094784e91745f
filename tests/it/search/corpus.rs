//! A small Danish corpus written for these tests: town-centre collaborations in towns of every
//! size across the five regions, with experiences (setbacks too), plus records no outsider may
//! ever find: a members-only one, a private one, a draft, a hidden and a draft experience.
//! Everything is registered through the API, as a city manager would.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::TestUser;

/// An experience of a collaboration.
pub struct Lesson {
    pub key: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    pub what_worked: &'static str,
    pub setback: bool,
    pub publish: bool,
    /// Hidden by a moderator after publishing.
    pub hide: bool,
}

/// A collaboration and what it links to.
pub struct Entry {
    pub key: &'static str,
    /// Index into [`ORGANISATIONS`].
    pub org: usize,
    pub title: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub municipality: &'static str,
    pub town: &'static str,
    pub population: Option<i64>,
    pub model: &'static str,
    pub themes: &'static [&'static str],
    pub status: &'static str,
    pub visibility: &'static str,
    pub publish: bool,
    pub recommendations: &'static [(&'static str, &'static str)],
    pub toolbox: &'static [(&'static str, &'static str)],
    pub lessons: &'static [Lesson],
}

/// (owner email, organisation name, municipality).
pub const ORGANISATIONS: [(&str, &str, &str); 4] = [
    ("sekretariat@bynet-syd.dk", "Bynet Syd", "430"),
    ("kontakt@bymidter-oest.dk", "Bymidter Øst", "370"),
    ("post@vestjysk-handel.dk", "Vestjysk Handel", "779"),
    (
        "info@soenderjysk-bysamarbejde.dk",
        "Sønderjysk Bysamarbejde",
        "510",
    ),
];

pub const ENTRIES: &[Entry] = &[
    Entry {
        key: "faaborg",
        org: 0,
        title: "Levende bymidte i Faaborg",
        summary: "Handlende og ejendomsejere fylder tomme butikker med pop-up butikker og værksteder.",
        description: "Vi har lejet **tomme butikker** ud til kunsthåndværkere i tre måneder ad gangen. \
                      Handelsstandsforeningen betaler forsikringen, og ejerne får lokalerne vist frem.",
        municipality: "430",
        town: "Faaborg",
        population: Some(7_200),
        model: "informal_private",
        themes: &["4", "5"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P3", "in_progress"), ("P5", "implemented")],
        toolbox: &[("midlertidige-afproevninger", "helped")],
        lessons: &[
            Lesson {
                key: "faaborg-popup",
                title: "Pop-up i den tomme butik på Torvet",
                body: "Da den tomme butik blev til et værksted, fik butikkerne omkring torvet flere kunder.",
                what_worked: "En kort lejekontrakt og gratis el det første halve år.",
                setback: false,
                publish: true,
                hide: false,
            },
            Lesson {
                key: "faaborg-julemarked",
                title: "Julemarkedet blev aflyst",
                body: "Vi fik ikke nok frivillige til at holde julemarkedet på havnen.",
                what_worked: "",
                setback: true,
                publish: true,
                hide: false,
            },
            Lesson {
                key: "faaborg-hidden",
                title: "Skældud om tomme butikker",
                body: "Et indlæg om tomme butikker, som en moderator har skjult.",
                what_worked: "",
                setback: false,
                publish: true,
                hide: true,
            },
        ],
    },
    Entry {
        key: "toender",
        org: 0,
        title: "Bysamarbejdet i Tønder",
        summary: "Et forpligtende samarbejde mellem handelsstandsforening, ejendomsejere og kommune.",
        description: "Sammen med Tønder Handelsstandsforening har vi kortlagt alle tomme lokaler \
                      og fundet nye lejere til fire butikker i gågaden.",
        municipality: "550",
        town: "Tønder",
        population: Some(7_500),
        model: "formal_private",
        themes: &["2", "5"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P3", "implemented"), ("P5", "planned")],
        toolbox: &[
            ("formel-privat-organisering", "helped"),
            ("oekonomi", "neutral"),
        ],
        lessons: &[
            Lesson {
                key: "toender-lejer",
                title: "Ny lejer i en tom butik efter to år",
                body: "Ejeren satte huslejen ned i et år, og en café flyttede ind.",
                what_worked: "At tale med ejeren før vi talte med lejerne.",
                setback: false,
                publish: true,
                hide: false,
            },
            Lesson {
                key: "toender-draft",
                title: "Udkast om tomme butikker",
                body: "Ikke færdigskrevet endnu: tomme butikker i gågaden.",
                what_worked: "",
                setback: false,
                publish: false,
                hide: false,
            },
        ],
    },
    Entry {
        key: "naestved",
        org: 1,
        title: "Næstved Bymidte",
        summary: "Handlende, ejendomsejere og kommunen arbejder sammen om bymidten.",
        description: "Vi tog tomme butikker i brug til pop-up butikker. Kommunen sidder i bestyrelsen.",
        municipality: "370",
        town: "Næstved",
        population: Some(43_000),
        model: "formal_private",
        themes: &["2", "5"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P3", "in_progress"), ("P5", "implemented")],
        toolbox: &[("midlertidige-afproevninger", "helped")],
        lessons: &[],
    },
    Entry {
        key: "aabenraa",
        org: 0,
        title: "Aabenraa Midtby",
        summary: "Kommunen leder en udviklingsplan for midtbyen med fokus på byrum og havnen.",
        description: "Udviklingsplanen for Åbenrå bymidte blev vedtaget i 2022 efter borgermøder.",
        municipality: "580",
        town: "Aabenraa",
        population: Some(16_000),
        model: "formal_public",
        themes: &["3.2", "4"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P4", "implemented")],
        toolbox: &[("udviklingsplaner", "helped")],
        lessons: &[],
    },
    Entry {
        key: "svendborg",
        org: 0,
        title: "Citymanagement i Svendborg",
        summary: "En citychef binder handelsstandsforening, kultur og kommune sammen.",
        description: "Citychefen er ansat af handelsstandsforeningen med tilskud fra kommunen.",
        municipality: "479",
        town: "Svendborg",
        population: Some(27_000),
        model: "formal_private",
        themes: &["2", "3.1"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P3", "evaluated")],
        toolbox: &[("mobilisering-af-aktoerer", "helped")],
        lessons: &[],
    },
    Entry {
        key: "skive",
        org: 2,
        title: "Skive Handel og Byliv",
        summary: "Butikkerne i gågaden samarbejder om fælles åbningstider og events.",
        description: "Fælles åbningstider om torsdagen og fælles markedsføring af butikkerne.",
        municipality: "779",
        town: "Skive",
        population: Some(21_000),
        model: "informal_private",
        themes: &["5"],
        status: "paused",
        visibility: "public",
        publish: true,
        recommendations: &[("P3", "considered")],
        toolbox: &[("faelles-aktiviteter", "neutral")],
        lessons: &[Lesson {
            key: "skive-aabningstider",
            title: "Fælles åbningstider holdt ikke",
            body: "Efter et halvt år holdt halvdelen af butikkerne lukket om torsdagen igen.",
            what_worked: "",
            setback: true,
            publish: true,
            hide: false,
        }],
    },
    Entry {
        key: "thisted",
        org: 2,
        title: "Thisted Bymidte",
        summary: "Kommunen samler data om tomme lokaler og om hvor mange der går i bymidten.",
        description: "Vi tæller fodgængere og registrerer tomme butikker hvert kvartal.",
        municipality: "787",
        town: "Thisted",
        population: Some(13_500),
        model: "informal_public",
        themes: &["1", "3.2"],
        status: "planned",
        visibility: "public",
        publish: true,
        recommendations: &[("P2", "considered")],
        toolbox: &[("foranalyser", "helped")],
        lessons: &[],
    },
    Entry {
        key: "aeroeskoebing",
        org: 0,
        title: "Ærøskøbing by og havn",
        summary: "Små butikker og havnen trækker turister til den gamle by.",
        description: "Sommerbutikker i tomme pakhuse ved havnen.",
        municipality: "492",
        town: "Ærøskøbing",
        population: Some(950),
        model: "informal_private",
        themes: &["4"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[],
        toolbox: &[("midlertidige-afproevninger", "neutral")],
        lessons: &[],
    },
    Entry {
        key: "aarhus",
        org: 2,
        title: "Aarhus Midtby",
        summary: "Et stort bysamarbejde om handel, kultur og byliv.",
        description: "Byrådet har vedtaget en plan for midtbyen frem mod 2030.",
        municipality: "751",
        town: "Aarhus",
        population: Some(290_000),
        model: "formal_public",
        themes: &["2", "3.2"],
        status: "active",
        visibility: "public",
        publish: true,
        recommendations: &[("P1", "considered"), ("P4", "in_progress")],
        toolbox: &[],
        lessons: &[],
    },
    Entry {
        key: "vordingborg",
        org: 1,
        title: "Vordingborg Handelsforening",
        summary: "Handelsforeningen arbejder med tomme butikker og fælles events.",
        description: "Kun for medlemmer: tomme butikker i Algade.",
        municipality: "390",
        town: "Vordingborg",
        population: Some(12_000),
        model: "informal_private",
        themes: &["2", "5"],
        status: "active",
        visibility: "members",
        publish: true,
        recommendations: &[("P5", "planned")],
        toolbox: &[],
        lessons: &[],
    },
    Entry {
        key: "haderslev",
        org: 3,
        title: "Haderslev Indre By",
        summary: "Et lukket samarbejde om tomme butikker i Haderslev.",
        description: "Fortroligt: forhandlinger om tomme butikker på Storegade.",
        municipality: "510",
        town: "Haderslev",
        population: Some(22_000),
        model: "formal_private",
        themes: &["5"],
        status: "active",
        visibility: "private",
        publish: true,
        recommendations: &[("P5", "in_progress")],
        toolbox: &[],
        lessons: &[],
    },
    Entry {
        key: "hjoerring",
        org: 3,
        title: "Hjørring Bymidteplan",
        summary: "Et udkast om tomme butikker, som ikke er offentliggjort.",
        description: "Udkast: tomme butikker og en ny plan.",
        municipality: "860",
        town: "Hjørring",
        population: Some(25_000),
        model: "formal_public",
        themes: &["3.2"],
        status: "planned",
        visibility: "public",
        publish: false,
        recommendations: &[("P5", "considered")],
        toolbox: &[],
        lessons: &[],
    },
];

/// The corpus as registered: ids by key, the organisations' owners, an admin.
pub struct Corpus {
    pub ids: HashMap<&'static str, String>,
    pub owners: Vec<TestUser>,
    pub admin: TestUser,
}

impl Corpus {
    pub fn id(&self, key: &str) -> &str {
        self.ids
            .get(key)
            .unwrap_or_else(|| panic!("no {key} in the corpus"))
    }

    /// The corpus key of a record id, for readable assertions.
    pub fn key_of(&self, id: &str) -> &'static str {
        self.ids
            .iter()
            .find(|(_, v)| v.as_str() == id)
            .map(|(k, _)| *k)
            .unwrap_or("?")
    }
}

fn ok(reply: &crate::helpers::Reply, what: &str) {
    assert!(
        reply.status.is_success(),
        "{what}: {} {}",
        reply.status,
        reply.text
    );
}

/// Registers the whole corpus through the API.
pub async fn load(app: &TestApp) -> Corpus {
    let mut owners = Vec::new();
    let mut orgs = Vec::new();
    for (email, name, municipality) in ORGANISATIONS {
        let owner = app.signup(email, name).await;
        orgs.push(
            app.create_org(&owner, "town_partnership", name, municipality)
                .await,
        );
        owners.push(owner);
    }
    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    let mut ids = HashMap::new();
    for e in ENTRIES {
        let owner = &owners[e.org];
        let mut body = json!({
            "title": e.title,
            "summary": e.summary,
            "description": e.description,
            "municipality_code": e.municipality,
            "town": e.town,
            "organisation_model": e.model,
            "themes": e.themes,
            "status": e.status,
            "visibility": e.visibility,
        });
        if let Some(p) = e.population {
            body["town_population"] = json!(p);
        }
        let reply = app
            .post_as(
                &format!("/api/v1/organizations/{}/collaborations", orgs[e.org]),
                &owner.token,
                &body,
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let id = reply.json()["id"].as_str().expect("id").to_owned();
        let base = format!("/api/v1/collaborations/{id}");
        for (code, status) in e.recommendations {
            let r = app
                .put_as(
                    &format!("{base}/recommendations/{code}"),
                    &owner.token,
                    &json!({"status": status}),
                )
                .await;
            ok(&r, code);
        }
        for (slug, outcome) in e.toolbox {
            let r = app
                .put_as(
                    &format!("{base}/toolbox/{slug}"),
                    &owner.token,
                    &json!({"outcome": outcome}),
                )
                .await;
            ok(&r, slug);
        }
        if e.publish {
            ok(
                &app.post_as(&format!("{base}/publish"), &owner.token, &json!({}))
                    .await,
                e.key,
            );
        }
        for l in e.lessons {
            let reply = app
                .post_as(
                    &format!("{base}/experiences"),
                    &owner.token,
                    &json!({
                        "title": l.title,
                        "body": l.body,
                        "what_worked": l.what_worked,
                        "is_setback": l.setback,
                    }),
                )
                .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
            let lesson = reply.json()["id"].as_str().expect("id").to_owned();
            if l.publish {
                ok(
                    &app.post_as(
                        &format!("/api/v1/experiences/{lesson}/publish"),
                        &owner.token,
                        &json!({}),
                    )
                    .await,
                    l.key,
                );
            }
            if l.hide {
                ok(
                    &app.post_as(
                        &format!("/api/v1/admin/experiences/{lesson}/hide"),
                        &admin.token,
                        &json!({"reason": "Usagligt"}),
                    )
                    .await,
                    l.key,
                );
            }
            ids.insert(l.key, lesson);
        }
        ids.insert(e.key, id);
    }
    Corpus { ids, owners, admin }
}

/// The keys of a search answer's items, in order.
pub fn keys(corpus: &Corpus, answer: &Value) -> Vec<&'static str> {
    answer["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {answer}"))
        .iter()
        .map(|i| corpus.key_of(i["id"].as_str().unwrap_or_default()))
        .collect()
}
