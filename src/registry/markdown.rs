//! Markdown written by users: rendered with pulldown-cmark, sanitised with ammonia (no script,
//! no styles, no event handlers), and reduced to plain text for search.

use pulldown_cmark::{Event, Options, Parser, TagEnd, html};

/// Sanitised HTML and plain text of a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Safe to embed in a page.
    pub html: String,
    /// Words only, for search and snippets.
    pub text: String,
}

/// Renders `markdown`. Raw HTML in it is kept only where ammonia allows it; links get
/// `rel="noopener noreferrer nofollow"`.
pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    let html = ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string();
    Rendered {
        html,
        text: plain_text(markdown, options),
    }
}

fn plain_text(markdown: &str, options: Options) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed_and_markdown_is_kept() {
        let r = render(
            "# Tomme butikker\n\nVi åbnede **pop-up** butikker.<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[link](javascript:alert(3))",
        );
        assert!(r.html.contains("<h1>Tomme butikker</h1>"));
        assert!(r.html.contains("<strong>pop-up</strong>"));
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("onerror"));
        assert!(!r.html.contains("javascript:"));
        let plain = render("# Tomme butikker\n\nVi åbnede **pop-up** butikker.\n\n- én\n- to");
        assert_eq!(
            plain.text,
            "Tomme butikker Vi åbnede pop-up butikker. én to"
        );
    }
}
