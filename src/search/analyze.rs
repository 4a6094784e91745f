//! Danish text analysis, done once in Rust for both databases so that SQLite and PostgreSQL
//! index and match exactly the same terms.
//!
//! A text becomes words (runs of letters and digits); each word is lowercased and folded
//! (`æ`/`ä` -> `ae`, `ø`/`ö` -> `oe`, `å` -> `aa`, other accents dropped), so "Åbenrå" and
//! "Aabenraa" or "Næstved" and "Naestved" are the same word. Danish stop words are left out.
//! Each remaining word is stemmed with the Snowball Danish stemmer (the algorithm PostgreSQL's
//! `danish` configuration uses), so "tomme butikker", "tom butik" and "butikkerne" meet at
//! `tom` and `butik`. The index keeps the stem and, when it differs, the folded word itself, so
//! a prefix typed half-way through an ending ("butikkern") still finds the word.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Changes whenever analysis changes what is indexed; a stored index of another version is
/// rebuilt when the service starts.
pub const ANALYZER_VERSION: i64 = 1;

/// Longer "words" (hashes, pasted URLs) are not indexed or searched.
const MAX_WORD_CHARS: usize = 40;

/// Only the start of a query is read.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// At most this many words of a query are searched for.
pub const MAX_QUERY_TERMS: usize = 8;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Danish));

/// Danish function words, folded (with "pa", "på" typed without the ring), in byte order for a
/// binary search. They carry no meaning for
/// search and would match nearly every record.
const STOP_WORDS: [&str; 94] = [
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller", "en",
    "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "naar",
    "ned", "noget", "nogle", "nu", "og", "ogsaa", "om", "op", "os", "over", "pa", "paa", "saadan",
    "selv", "sig", "sin", "sine", "sit", "skal", "skulle", "som", "thi", "til", "ud", "under",
    "vaere", "vaeret", "var", "vi", "vil", "ville", "vor",
];

fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// A word of a text: where it is in the original (bytes) and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Lowercased and folded.
    pub folded: String,
}

impl Word {
    /// Whether it is a stop word (and so neither indexed nor searched).
    pub fn is_stop_word(&self) -> bool {
        is_stop_word(&self.folded)
    }

    /// Its Snowball Danish stem.
    pub fn stem(&self) -> String {
        stem(&self.folded)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Lowercases and folds one word (letters and digits only).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.nfc().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii() => out.push(c),
            c => out.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d))),
        }
    }
    out
}

/// The Snowball Danish stem of a folded word.
pub fn stem(folded: &str) -> String {
    STEMMER.stem(folded).into_owned()
}

/// The words of a text, in order, with their places; over-long ones are skipped.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c) && i < text.len()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let raw = &text[s..i];
                if raw.chars().count() <= MAX_WORD_CHARS {
                    let folded = fold(raw);
                    if !folded.is_empty() {
                        out.push(Word {
                            start: s,
                            end: i,
                            folded,
                        });
                    }
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A text as it is indexed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indexed {
    /// In order: each word's stem, followed by the folded word when that differs. Stop words
    /// are left out.
    pub terms: Vec<String>,
    /// Each distinct term with the stem it stands for (a stem with itself), sorted: the
    /// vocabulary a word being typed is completed from (see [`completions`]).
    pub words: Vec<(String, String)>,
}

/// Analyses a text for the index.
pub fn index(text: &str) -> Indexed {
    let mut out = Indexed::default();
    for word in words(text) {
        if word.is_stop_word() {
            continue;
        }
        let stem = word.stem();
        out.words.push((stem.clone(), stem.clone()));
        out.terms.push(stem.clone());
        if stem != word.folded {
            out.words.push((word.folded.clone(), stem));
            out.terms.push(word.folded);
        }
    }
    out.words.sort();
    out.words.dedup();
    out
}

/// The terms a text is indexed under (see [`Indexed::terms`]).
pub fn index_terms(text: &str) -> Vec<String> {
    index(text).terms
}

/// The distinct stems of a text, sorted: what "similar text" compares.
pub fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = words(text)
        .into_iter()
        .filter(|w| !w.is_stop_word())
        .map(|w| w.stem())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One word of a query, as the index is searched for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The folded word as typed.
    pub word: String,
    /// Its stem: any indexed word with this stem matches.
    pub stem: String,
    /// The word is being typed: indexed words that start with it match too.
    pub prefix: bool,
    /// Indexed stems close to this one (typos), found in the vocabulary; they count half.
    pub fuzzy: Vec<String>,
    /// For a word being typed: the indexed terms it starts that its stem does not find
    /// already, when the vocabulary holds few (see [`completions`]); they are searched for
    /// instead of every term with the prefix. None: search by prefix.
    pub completions: Option<Vec<String>>,
}

impl QueryTerm {
    /// Whether a word of a text (folded, with its stem) matches this term exactly or by prefix.
    pub fn matches_exactly(&self, folded: &str, stem: &str) -> bool {
        stem == self.stem || (self.prefix && folded.starts_with(&self.word))
    }

    /// Whether a word of a text matches this term in any way, typos included.
    pub fn matches(&self, folded: &str, stem: &str) -> bool {
        self.matches_exactly(folded, stem) || self.fuzzy.iter().any(|f| f == stem)
    }

    /// Whether typo alternatives should be looked up: short words have too few letters for
    /// a typo to be told from another word.
    pub fn wants_fuzzy(&self) -> bool {
        self.stem.chars().count() >= 6
    }
}

/// The words of a query to search for. Nothing in a query is syntax: quotes, `*`, `-`,
/// parentheses, `:` and words such as NEAR or OR are separators or plain words. The last word
/// is a prefix when the query does not end with a space (the user is still typing it); a
/// one-letter word being typed is left out until it has two. Stop words are left out, repeats
/// too, and only the first [`MAX_QUERY_TERMS`] words of the first [`MAX_QUERY_CHARS`]
/// characters count.
pub fn query_terms(raw: &str) -> Vec<QueryTerm> {
    let (raw, cut) = match raw.char_indices().nth(MAX_QUERY_CHARS) {
        // A word cut in two by the limit is left out, not taken for one being typed.
        Some((end, next)) if is_word_char(next) => {
            let head = &raw[..end];
            (head.trim_end_matches(is_word_char), true)
        }
        Some((end, _)) => (&raw[..end], true),
        None => (raw, false),
    };
    let all = words(raw);
    let typing = !cut && raw.chars().last().is_some_and(is_word_char);
    let last = all.len().checked_sub(1);
    let mut out: Vec<QueryTerm> = Vec::new();
    for (i, word) in all.into_iter().enumerate() {
        if word.is_stop_word() {
            continue;
        }
        let prefix = typing && Some(i) == last;
        if prefix && word.folded.chars().count() < 2 {
            continue;
        }
        let stem = word.stem();
        if let Some(same) = out.iter_mut().find(|t| t.stem == stem) {
            same.prefix |= prefix;
            continue;
        }
        out.push(QueryTerm {
            word: word.folded,
            stem,
            prefix,
            fuzzy: Vec::new(),
            completions: None,
        });
    }
    out.truncate(MAX_QUERY_TERMS);
    out
}

/// A word being typed is completed from the vocabulary only when it has more letters than
/// SQLite's prefix indexes hold (2 and 3), which find shorter prefixes at once.
pub const COMPLETE_FROM_CHARS: usize = 4;

/// The terms a word being typed must be searched for by name, besides its stem, to find what a
/// prefix search finds, from `vocabulary`: every (term, stem) pair of the index whose term
/// starts with the word. Every stem it starts is named. A document holds a folded word only
/// beside its stem, so a folded word is left out when all the stems it stands for are named
/// already. "butikker" gives none: "butikker" and "butikkerne" stand for "butik", its stem.
pub fn completions(term: &QueryTerm, vocabulary: &[(String, String)]) -> Vec<String> {
    let started: Vec<&(String, String)> = vocabulary
        .iter()
        .filter(|(word, _)| word.starts_with(term.word.as_str()))
        .collect();
    let mut searched: Vec<&str> = started
        .iter()
        .filter(|(word, stem)| word == stem)
        .map(|(word, _)| word.as_str())
        .chain([term.stem.as_str()])
        .collect();
    searched.sort_unstable();
    searched.dedup();
    let found_by_stems = |word: &String| {
        started
            .iter()
            .filter(|(w, _)| w == word)
            .all(|(_, stem)| searched.binary_search(&stem.as_str()).is_ok())
    };
    let mut out: Vec<String> = started
        .iter()
        .map(|(word, _)| word)
        .filter(|word| !found_by_stems(word))
        .cloned()
        .chain(
            searched
                .iter()
                .filter(|stem| **stem != term.stem)
                .map(|stem| (*stem).to_owned()),
        )
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The trigrams of a word as PostgreSQL's pg_trgm makes them: the word padded with two spaces
/// before and one after, every run of three characters, each once, sorted.
pub fn trigrams(word: &str) -> Vec<String> {
    let padded: Vec<char> = "  ".chars().chain(word.chars()).chain([' ']).collect();
    let mut out: Vec<String> = padded.windows(3).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// pg_trgm's similarity: shared trigrams over all trigrams of the two words.
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// Below this similarity a vocabulary stem is not taken for a typo of a query word.
pub const FUZZY_MIN_SIMILARITY: f64 = 0.45;

/// At most this many typo alternatives per query word.
pub const FUZZY_MAX_ALTERNATIVES: usize = 3;

/// Picks the typo alternatives for a query word among vocabulary candidates: similar enough to
/// its stem, most similar first, ties alphabetical, the stem itself left out. A word still
/// being typed is not corrected to a shorter one: it may yet be completed.
pub fn pick_fuzzy(term: &QueryTerm, candidates: &[String]) -> Vec<String> {
    let stem = term.stem.as_str();
    let shortest = if term.prefix {
        term.word.chars().count()
    } else {
        0
    };
    let own = trigrams(stem);
    let mut scored: Vec<(f64, &String)> = candidates
        .iter()
        .filter(|c| c.as_str() != stem && c.chars().count() >= shortest)
        .map(|c| (similarity(&own, &trigrams(c)), c))
        .filter(|(s, _)| *s >= FUZZY_MIN_SIMILARITY)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(FUZZY_MAX_ALTERNATIVES)
        .map(|(_, c)| c.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems_of(text: &str) -> Vec<String> {
        words(text)
            .iter()
            .filter(|w| !w.is_stop_word())
            .map(Word::stem)
            .collect()
    }

    #[test]
    fn the_stop_word_list_is_sorted_so_it_can_be_searched() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("paa") && is_stop_word("pa") && is_stop_word("og"));
        assert!(!is_stop_word("butik"));
    }

    #[test]
    fn inflections_meet_at_one_stem() {
        assert_eq!(stems_of("tomme butikker"), ["tom", "butik"]);
        assert_eq!(stems_of("tom butik"), ["tom", "butik"]);
        assert_eq!(stems_of("butikkerne"), ["butik"]);
        assert_eq!(
            stems_of("handelsstandsforeningen"),
            stems_of("handelsstandsforening")
        );
    }

    #[test]
    fn danish_letters_and_their_ascii_spellings_are_the_same_word() {
        assert_eq!(fold("Åbenrå"), "aabenraa");
        assert_eq!(fold("Næstved"), "naestved");
        assert_eq!(fold("Køge"), "koege");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(stems_of("Åbenrå"), stems_of("Aabenraa"));
        assert_eq!(stems_of("Næstved"), stems_of("NAESTVED"));
        // A decomposed å (a + combining ring) is one word, not two.
        assert_eq!(stems_of("A\u{30a}benra\u{30a}"), stems_of("Aabenraa"));
    }

    #[test]
    fn words_keep_their_place_in_the_original() {
        let text = "Pop-up i «tomme» butikker!";
        let found: Vec<&str> = words(text).iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(found, ["Pop", "up", "i", "tomme", "butikker"]);
    }

    #[test]
    fn the_index_keeps_the_stem_and_the_word() {
        assert_eq!(
            index_terms("Tomme butikker og P3"),
            ["tom", "tomme", "butik", "butikker", "p3"]
        );
    }

    #[test]
    fn a_query_is_words_only_and_the_last_one_may_be_unfinished() {
        let terms = query_terms("\"tomme\" AND (butik* -NEAR: handelsst");
        let stems: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(stems, ["tom", "and", "butik", "near", "handelsst"]);
        assert_eq!(
            terms.iter().map(|t| t.prefix).collect::<Vec<_>>(),
            [false, false, false, false, true]
        );
        assert!(!query_terms("tomme butikker ").iter().any(|t| t.prefix));
        assert!(query_terms("og i på").is_empty());
        assert!(query_terms("tomme b").iter().all(|t| t.stem == "tom"));
        assert_eq!(query_terms(&"butik ".repeat(400)).len(), 1);
        assert_eq!(
            query_terms(&"ord".repeat(400)).len(),
            0,
            "one 1,200-letter word"
        );
        let many = (0..30).map(|i| format!("ord{i} ")).collect::<String>();
        assert_eq!(query_terms(&many).len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn a_typed_prefix_matches_words_half_way_through_their_ending() {
        let term = &query_terms("butikkern")[0];
        assert!(term.prefix);
        assert!(term.matches("butikkerne", "butik"));
        assert!(!term.matches("butikken", "butik"));
    }

    #[test]
    fn a_word_being_typed_is_completed_to_what_its_stem_does_not_find() {
        let vocabulary = |text: &str| index(text).words;
        let term = &query_terms("butikker")[0];
        assert_eq!(term.stem, "butik");
        let shops = vocabulary("butik butikker butikkerne butikkernes");
        assert!(completions(term, &shops).is_empty(), "all stand for butik");

        // A stem it starts is searched for by name, and the words that stand for it need not.
        let term = &query_terms("handelss")[0];
        let words = vocabulary("handelsstandsforeningen handelssti torv2030");
        assert_eq!(
            completions(term, &words),
            ["handelsstandsforening", "handelssti"]
        );
        // A word whose stem the prefix does not start is searched for itself.
        let term = &query_terms("butikkern")[0];
        assert_eq!(completions(term, &shops), ["butikkerne", "butikkernes"]);
        // Terms with digits are in the vocabulary as any other.
        let term = &query_terms("torv20")[0];
        assert_eq!(completions(term, &words), ["torv2030"]);
    }

    #[test]
    fn trigrams_and_similarity_follow_pg_trgm() {
        assert_eq!(trigrams("cat"), ["  c", " ca", "at ", "cat"]);
        let a = trigrams("handelsstandsforning");
        let b = trigrams("handelsstandsforening");
        let s = similarity(&a, &b);
        assert!(s > 0.7, "{s}");
        let candidates = [
            "handelsstandsforening".into(),
            "handel".into(),
            "forening".into(),
        ];
        let typo = &query_terms("handelsstandsforning ")[0];
        assert_eq!(pick_fuzzy(typo, &candidates), ["handelsstandsforening"]);
        let typing = &query_terms("handelsst")[0];
        assert!(
            pick_fuzzy(typing, &candidates).is_empty(),
            "not corrected to handel"
        );
    }
}
