//! Snippets: the part of a text where the query's words are, with those words marked. Made in
//! Rust from the same analysis as the index, so they are the same on both databases.

use super::analyze::{self, QueryTerm};

/// Words in a snippet, at most.
const WINDOW: usize = 28;

/// A snippet twice: HTML-safe with `<mark>` around the matching words, and plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Escaped text with `<mark>...</mark>` around each matching word.
    pub html: String,
    /// The same text, unmarked and unescaped.
    pub text: String,
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The window of `text` with the most different query words (the first such window), or its
/// start when none is there; `…` where it is cut.
pub fn snippet(text: &str, terms: &[QueryTerm]) -> Snippet {
    let words = analyze::words(text);
    let hits: Vec<Option<usize>> = words
        .iter()
        .map(|w| {
            let stem = w.stem();
            terms.iter().position(|t| t.matches(&w.folded, &stem))
        })
        .collect();
    let mut best = (0usize, 0usize);
    for start in 0..words.len() {
        if hits[start].is_none() && start > 0 {
            continue;
        }
        let end = (start + WINDOW).min(words.len());
        let mut seen: Vec<usize> = hits[start..end].iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
    }
    // Start a little before the first match, so it is read in its sentence.
    let first = if best.1 == 0 {
        0
    } else {
        best.0.saturating_sub(3)
    };
    let last = (first + WINDOW).min(words.len());
    if words.is_empty() {
        let plain = text.trim().to_owned();
        let mut html = String::new();
        escape(&plain, &mut html);
        return Snippet { html, text: plain };
    }
    let from = if first == 0 { 0 } else { words[first].start };
    let to = if last == words.len() {
        text.len()
    } else {
        words[last - 1].end
    };
    let mut html = String::new();
    let mut plain = String::new();
    if from > 0 {
        html.push('…');
        plain.push('…');
    }
    let mut at = from;
    for (w, hit) in words[first..last].iter().zip(&hits[first..last]) {
        escape(&text[at..w.start], &mut html);
        plain.push_str(&text[at..w.start]);
        let word = &text[w.start..w.end];
        if hit.is_some() {
            html.push_str("<mark>");
            escape(word, &mut html);
            html.push_str("</mark>");
        } else {
            escape(word, &mut html);
        }
        plain.push_str(word);
        at = w.end;
    }
    escape(&text[at..to], &mut html);
    plain.push_str(&text[at..to]);
    if to < text.len() {
        html.push('…');
        plain.push('…');
    }
    let trim = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    Snippet {
        html: trim(html),
        text: trim(plain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_words_are_marked_in_every_form() {
        let terms = analyze::query_terms("tomme butikker ");
        let s = snippet(
            "Vi fik en tom butik og <b>butikkerne</b> på torvet.",
            &terms,
        );
        assert_eq!(
            s.html,
            "Vi fik en <mark>tom</mark> <mark>butik</mark> og &lt;b&gt;<mark>butikkerne</mark>&lt;/b&gt; på torvet."
        );
        assert_eq!(
            s.text,
            "Vi fik en tom butik og <b>butikkerne</b> på torvet."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches() {
        let terms = analyze::query_terms("handelsst");
        let text = format!(
            "{} Handelsstandsforeningen sagde ja. {}",
            "Indledning uden fund. ".repeat(20),
            "Afslutning. ".repeat(40)
        );
        let s = snippet(&text, &terms);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.html.contains("<mark>Handelsstandsforeningen</mark>"));
        assert!(s.text.split_whitespace().count() <= WINDOW + 2);
    }

    #[test]
    fn without_matches_the_start_is_shown() {
        let s = snippet("Kort tekst.", &analyze::query_terms("cykel"));
        assert_eq!(s.text, "Kort tekst.");
    }
}
