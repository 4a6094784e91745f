//! A simple synthetic registry for the search benchmark: collaborations in towns of every size
//! across the 98 municipalities, with links, experiences and Danish text made from word pools
//! written for this benchmark. Everything goes in through the store's own methods, so the search
//! index is built exactly as the service builds it.
//!
//! Swap-out point: the benchmark needs only [`generate`] and [`Generated`]. When the shared
//! registry generator lands, call it instead and fill [`Generated`] from what it made.

use std::sync::Arc;
use std::time::Instant;

use bymidter::registry::markdown;
use bymidter::store::Store;
use bymidter::store::accounts::{NewUser, OrganisationRow};
use bymidter::store::registry::{
    CollaborationFields, ExperienceFields, RecommendationLinkRow, ToolboxLinkRow,
};
use chrono::Utc;
use uuid::Uuid;

/// A small, fast, deterministic random source (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() as f64 / u64::MAX as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Skewed towards the start of `items`, as word use is.
    pub fn skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let a = self.below(items.len());
        let b = self.below(items.len());
        &items[a.min(b)]
    }
}

/// What the benchmark needs from the generated data.
pub struct Generated {
    pub collaborations: Vec<Uuid>,
    pub municipalities: Vec<String>,
    pub experiences: usize,
}

/// How much to make.
pub struct Scale {
    pub collaborations: usize,
    pub experiences_per_collaboration: usize,
}

pub const TOWNS: &[&str] = &[
    "Faaborg",
    "Tønder",
    "Næstved",
    "Aabenraa",
    "Svendborg",
    "Skive",
    "Thisted",
    "Ærøskøbing",
    "Aarhus",
    "Vordingborg",
    "Haderslev",
    "Hjørring",
    "Ringe",
    "Nyborg",
    "Middelfart",
    "Kolding",
    "Vejle",
    "Horsens",
    "Randers",
    "Viborg",
    "Silkeborg",
    "Herning",
    "Holstebro",
    "Struer",
    "Lemvig",
    "Ringkøbing",
    "Varde",
    "Esbjerg",
    "Ribe",
    "Sønderborg",
    "Nordborg",
    "Augustenborg",
    "Gråsten",
    "Kruså",
    "Løgumkloster",
    "Skærbæk",
    "Brørup",
    "Vejen",
    "Give",
    "Brande",
    "Ikast",
    "Hammel",
    "Hadsten",
    "Hobro",
    "Mariager",
    "Hadsund",
    "Aars",
    "Løgstør",
    "Farsø",
    "Nykøbing",
    "Frederikshavn",
    "Skagen",
    "Sæby",
    "Brønderslev",
    "Dronninglund",
    "Fjerritslev",
    "Hanstholm",
    "Køge",
    "Roskilde",
    "Holbæk",
    "Kalundborg",
    "Slagelse",
    "Korsør",
    "Sorø",
    "Ringsted",
    "Haslev",
    "Faxe",
    "Præstø",
    "Stege",
    "Nakskov",
    "Maribo",
    "Rødby",
    "Sakskøbing",
    "Rønne",
    "Nexø",
    "Hillerød",
    "Helsingør",
    "Frederikssund",
    "Frederiksværk",
    "Hundested",
    "Gilleleje",
    "Odder",
    "Skanderborg",
    "Ebeltoft",
    "Grenaa",
    "Rønde",
    "Assens",
    "Bogense",
    "Otterup",
    "Kerteminde",
    "Rudkøbing",
    "Marstal",
    "Tarm",
    "Skjern",
    "Videbæk",
    "Lemvig",
    "Bjerringbro",
];

const TOPICS: &[&str] = &[
    "tomme butikker",
    "tomme lokaler",
    "pop-up butikker",
    "fælles åbningstider",
    "julemarkedet",
    "byfesten",
    "parkeringen",
    "cykelstierne",
    "byrummet",
    "beplantningen",
    "belysningen",
    "torvedagene",
    "markedsføringen",
    "handelsstandsforeningen",
    "citychefen",
    "ejendomsejerne",
    "detailhandlen",
    "caféerne",
    "kulturhuset",
    "biblioteket",
    "turisterne",
    "havnen",
    "gågaden",
    "torvet",
    "legepladsen",
    "ungdomsklubben",
    "bylivet",
    "foreningslivet",
    "udviklingsplanen",
    "helhedsplanen",
    "erhvervsfremmen",
    "facaderne",
    "skiltningen",
    "vinterbelysningen",
    "loppemarkedet",
    "fredagsbarerne",
    "koncerterne",
    "kunstnerne",
    "værkstederne",
    "biograferne",
    "vandrestierne",
    "shelterpladserne",
    "boligerne",
];

const VERBS: &[&str] = &[
    "samarbejder om",
    "arbejder med",
    "har fået nyt liv i",
    "satser på",
    "investerer i",
    "har kortlagt",
    "har evalueret",
    "planlægger",
    "har forbedret",
    "har udvidet",
    "fik hjælp til",
    "kæmper med",
    "har genopfundet",
    "tester",
    "måler effekten af",
];

const ACTORS: &[&str] = &[
    "Handlende",
    "Ejendomsejerne",
    "Kommunen",
    "Handelsstandsforeningen",
    "Citychefen",
    "Foreningerne",
    "Borgerne",
    "De unge",
    "Kulturhuset",
    "Turistforeningen",
    "Erhvervsrådet",
    "Butikkerne",
    "Caféerne",
    "Frivillige",
    "Bestyrelsen",
];

const PARTS: &[&str] = &[
    "by",
    "torv",
    "havne",
    "butiks",
    "handels",
    "kultur",
    "forenings",
    "gade",
    "park",
    "lys",
    "marked",
    "sommer",
    "vinter",
    "cykel",
    "bolig",
    "erhvervs",
    "turist",
    "unge",
    "læse",
    "kunst",
    "musik",
    "mad",
    "café",
    "leg",
    "natur",
    "vand",
    "sports",
    "frivillig",
    "plan",
    "facade",
];

const HEADS: &[&str] = &[
    "rum",
    "liv",
    "fest",
    "projekt",
    "netværk",
    "strategi",
    "samarbejde",
    "forening",
    "pulje",
    "dag",
    "aften",
    "vandring",
    "løb",
    "plads",
    "sti",
    "center",
    "værksted",
    "butik",
    "marked",
    "udvalg",
    "råd",
    "kontor",
    "guide",
    "kort",
    "analyse",
    "tælling",
    "portal",
    "kampagne",
];

const LESSON_TITLES: &[&str] = &[
    "Hvad vi lærte af",
    "Sådan fik vi gang i",
    "Derfor gik det galt med",
    "Erfaringer med",
    "Et år med",
    "Første skridt med",
    "Da vi opgav",
    "Tre råd om",
];

const SENTENCES: &[&str] = &[
    "{actor} {verb} {topic}, og det har givet flere besøgende i bymidten.",
    "Vi startede med {topic} og fortsatte med {topic2}.",
    "Det tog to år at få {topic} på plads, men nu kommer folk igen.",
    "{actor} betaler halvdelen, kommunen resten.",
    "Et {compound} viste sig at være det, der samlede os.",
    "Vi har lavet et {compound} sammen med {actor2}.",
    "Det sværeste var {topic}, fordi ingen ville tage ansvaret.",
    "Næste år vil vi gøre mere ud af {topic}.",
    "Et {compound} og et {compound2} trak mange til.",
    "Vi målte, hvor mange der gik forbi, før og efter {topic}.",
];

const STATUSES: &[&str] = &[
    "considered",
    "planned",
    "in_progress",
    "implemented",
    "evaluated",
];
const MODELS: &[&str] = &[
    "informal_private",
    "formal_private",
    "informal_public",
    "formal_public",
];

/// A Danish compound noun from the pools ("torvefest", "havnesti").
pub fn compound(rng: &mut Rng) -> String {
    format!("{}{}", rng.skewed(PARTS), rng.skewed(HEADS))
}

fn sentence(rng: &mut Rng) -> String {
    let mut s = rng.pick(SENTENCES).to_string();
    for (slot, value) in [
        ("{actor2}", rng.pick(ACTORS).to_lowercase()),
        ("{actor}", rng.pick(ACTORS).to_string()),
        ("{verb}", rng.pick(VERBS).to_string()),
        ("{topic2}", rng.skewed(TOPICS).to_string()),
        ("{topic}", rng.skewed(TOPICS).to_string()),
        ("{compound2}", compound(rng)),
        ("{compound}", compound(rng)),
    ] {
        s = s.replace(slot, &value);
    }
    s
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn population(rng: &mut Rng) -> i64 {
    // Log-uniform from 500 to 300,000 inhabitants.
    let f = rng.next() as f64 / u64::MAX as f64;
    (500.0 * (600.0f64).powf(f)) as i64
}

/// Makes `scale` worth of published and unpublished records through the store.
pub async fn generate(
    store: &Arc<dyn Store>,
    scale: &Scale,
    seed: u64,
) -> anyhow::Result<Generated> {
    let mut rng = Rng::new(seed);
    let now = Utc::now();
    // Codes from the catalogue the store holds.
    let (municipalities, recommendations, toolbox, themes) = {
        let mut tx = store.read().await?;
        let municipalities: Vec<String> = tx
            .municipalities()
            .await?
            .into_iter()
            .map(|m| m.code)
            .collect();
        let recommendations: Vec<String> = tx
            .recommendations()
            .await?
            .into_iter()
            .filter(|r| !r.retired)
            .map(|r| r.code)
            .collect();
        let toolbox: Vec<String> = tx
            .toolbox_entries()
            .await?
            .into_iter()
            .filter(|t| !t.retired)
            .map(|t| t.slug)
            .collect();
        let themes: Vec<String> = tx
            .themes()
            .await?
            .into_iter()
            .filter(|t| !t.retired)
            .map(|t| t.code)
            .collect();
        (municipalities, recommendations, toolbox, themes)
    };
    let organisations = (scale.collaborations / 20).max(1);
    let mut orgs = Vec::with_capacity(organisations);
    let mut tx = store.write().await?;
    let owner = Uuid::now_v7();
    tx.insert_user(&NewUser {
        id: owner,
        email: format!("bench-{owner}@bymidter.invalid"),
        name: "Benchmark".into(),
        password_hash: "not-a-hash".into(),
        locale: "da".into(),
        now,
    })
    .await?;
    for i in 0..organisations {
        let id = Uuid::now_v7();
        tx.insert_organisation(&OrganisationRow {
            id,
            name: format!("Bysamarbejde {i}"),
            slug: format!("bysamarbejde-{i}-{}", id.simple()),
            kind: "town_partnership".into(),
            municipality_code: Some(rng.pick(&municipalities).clone()),
            created_at: now,
            updated_at: now,
        })
        .await?;
        tx.put_member(id, owner, "owner", now).await?;
        orgs.push(id);
    }
    tx.commit().await?;

    let started = Instant::now();
    let mut collaborations = Vec::with_capacity(scale.collaborations);
    let mut experiences = 0;
    let batch = 250;
    for chunk in 0..scale.collaborations.div_ceil(batch) {
        let mut tx = store.write().await?;
        for n in chunk * batch..((chunk + 1) * batch).min(scale.collaborations) {
            let id = Uuid::now_v7();
            let town = rng.pick(TOWNS).to_string();
            let topic = rng.skewed(TOPICS).to_string();
            let sentences = 3 + rng.below(6);
            let description = paragraph(&mut rng, sentences);
            let rendered = markdown::render(&description);
            let mut themes: Vec<String> = (0..1 + rng.below(3))
                .map(|_| rng.pick(&themes).clone())
                .collect();
            themes.sort();
            themes.dedup();
            let fields = CollaborationFields {
                title: match rng.below(4) {
                    0 => format!("Bymidten i {town}"),
                    1 => format!("{town} {}", compound(&mut rng)),
                    2 => format!("{} i {town}", capitalise(&topic)),
                    _ => format!("{town} Handel og Byliv"),
                },
                summary: format!("{} {} {topic} i {town}.", rng.pick(ACTORS), rng.pick(VERBS)),
                description_md: description,
                description_html: rendered.html,
                description_text: rendered.text,
                town,
                town_population: rng.chance(0.9).then(|| population(&mut rng)),
                municipality_code: rng.pick(&municipalities).clone(),
                organisation_model: rng.pick(MODELS).to_string(),
                started_on: None,
                ended_on: None,
                status: rng
                    .pick(&["active", "active", "active", "planned", "paused", "ended"])
                    .to_string(),
                website: None,
                contact: None,
                visibility: match rng.below(20) {
                    0 => "private",
                    1 | 2 => "members",
                    _ => "public",
                }
                .into(),
                themes,
                fee_bases: Vec::new(),
                partner_kinds: Vec::new(),
            };
            let org = orgs[n % orgs.len()];
            tx.insert_collaboration(id, org, &format!("c-{}", id.simple()), &fields, now)
                .await?;
            for code in pick_some(&mut rng, &recommendations, 3) {
                tx.put_recommendation_link(
                    &RecommendationLinkRow {
                        collaboration_id: id,
                        recommendation_code: code,
                        status: rng.pick(STATUSES).to_string(),
                        note: if rng.chance(0.3) {
                            sentence(&mut rng)
                        } else {
                            String::new()
                        },
                        evidence_url: None,
                        reason: None,
                        created_at: now,
                        updated_at: now,
                    },
                    owner,
                )
                .await?;
            }
            for slug in pick_some(&mut rng, &toolbox, 3) {
                tx.put_toolbox_link(
                    &ToolboxLinkRow {
                        collaboration_id: id,
                        toolbox_slug: slug,
                        note: String::new(),
                        outcome: Some("helped".into()),
                        updated_at: now,
                    },
                    owner,
                )
                .await?;
            }
            if rng.chance(0.9) {
                tx.set_collaboration_state(id, None, "published", now)
                    .await?;
            }
            for _ in 0..scale.experiences_per_collaboration {
                let eid = Uuid::now_v7();
                let sentences = 2 + rng.below(5);
                let body = paragraph(&mut rng, sentences);
                let rendered = markdown::render(&body);
                let worked = sentence(&mut rng);
                let fields = ExperienceFields {
                    title: format!("{} {}", rng.pick(LESSON_TITLES), rng.skewed(TOPICS)),
                    body_text: format!("{} {worked}", rendered.text),
                    body_md: body,
                    body_html: rendered.html,
                    what_worked: worked,
                    what_did_not: String::new(),
                    advice: String::new(),
                    is_setback: rng.chance(0.15),
                    themes: Vec::new(),
                };
                tx.insert_experience(eid, id, owner, &fields, now).await?;
                if rng.chance(0.85) {
                    tx.set_experience_state(eid, None, "published", now).await?;
                }
                experiences += 1;
            }
            collaborations.push(id);
        }
        tx.commit().await?;
        if (chunk + 1) % 40 == 0 {
            eprintln!(
                "  generated {} collaborations in {:.0?}",
                collaborations.len(),
                started.elapsed()
            );
        }
    }
    Ok(Generated {
        collaborations,
        municipalities,
        experiences,
    })
}

fn pick_some(rng: &mut Rng, items: &[String], most: usize) -> Vec<String> {
    let mut out: Vec<String> = (0..rng.below(most + 1))
        .map(|_| rng.skewed(items).clone())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Words people search for: topics, compounds, towns, with typos and half-typed words.
pub fn queries(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let mut words: Vec<String> = Vec::new();
            for _ in 0..1 + rng.below(2) {
                match rng.below(4) {
                    0 => words.push(compound(rng)),
                    1 => words.push(rng.pick(TOWNS).to_string()),
                    _ => words.extend(rng.skewed(TOPICS).split(' ').map(str::to_owned)),
                }
            }
            let mut q = words.join(" ");
            match rng.below(6) {
                // A typo: one letter dropped from a longer word.
                0 => {
                    if let Some(w) = words.iter().find(|w| w.chars().count() > 7) {
                        let cut: String = w
                            .chars()
                            .enumerate()
                            .filter(|(i, _)| *i != w.chars().count() / 2)
                            .map(|(_, c)| c)
                            .collect();
                        q = q.replacen(w.as_str(), &cut, 1);
                    }
                }
                // Still typing the last word.
                1 => {
                    let keep = q.chars().count().saturating_sub(2 + rng.below(3)).max(3);
                    q = q.chars().take(keep).collect();
                }
                // Ascii spelling.
                2 => q = q.replace('æ', "ae").replace('ø', "oe").replace('å', "aa"),
                _ => q.push(' '),
            }
            q
        })
        .collect()
}
