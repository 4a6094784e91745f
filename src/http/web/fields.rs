//! More kinds of form field for the account, organisation and admin pages, as views for
//! `templates/partials/fields.html`: select lists with option groups, long texts, file
//! uploads, and the email and password inputs with the right `autocomplete` tokens.

use super::form::{Choice, Field};
use super::page::PageContext;

/// A group of options in a select list (`<optgroup>`); without a label the options stand alone.
#[derive(Debug, Clone)]
pub struct OptionGroup {
    /// The group's label, e.g. a region.
    pub label: Option<String>,
    /// Its options.
    pub options: Vec<Choice>,
}

/// A select option.
pub fn option(value: &str, label: String) -> Choice {
    Choice {
        value: value.to_owned(),
        id: String::new(),
        label,
        lang: None,
        hint: None,
    }
}

/// An email input that browsers and password managers fill in.
pub fn email(name: &str, label: String) -> Field {
    let mut field = Field::text(name, label).input_type("email");
    field.autocomplete = Some("email");
    field
}

/// A password input (never filled in with what was sent). `autocomplete` is
/// `current-password` or `new-password`.
pub fn password(name: &str, label: String, autocomplete: &'static str) -> Field {
    let mut field = Field::text(name, label).input_type("password");
    field.autocomplete = Some(autocomplete);
    field
}

/// A text input with an `autocomplete` token.
pub fn text(name: &str, label: String, autocomplete: &'static str) -> Field {
    let mut field = Field::text(name, label);
    field.autocomplete = Some(autocomplete);
    field
}

/// A radio group whose options each have a hint.
pub fn radios_with_hints(
    name: &str,
    legend: String,
    options: Vec<(String, String, Option<String>)>,
) -> Field {
    let hints: Vec<Option<String>> = options.iter().map(|(_, _, h)| h.clone()).collect();
    let mut field = Field::radios(
        name,
        legend,
        options.into_iter().map(|(v, l, _)| (v, l)).collect(),
    );
    for (option, hint) in field.options.iter_mut().zip(hints) {
        option.hint = hint;
    }
    field
}

/// The page title, marked when the form on it has errors (screen readers hear it first).
pub fn title(ctx: &PageContext, title: String, has_errors: bool) -> String {
    if has_errors {
        ctx.t1("title-with-errors", "title", &title)
    } else {
        title
    }
}
