//! The emails, one folder each under `templates/email/<name>/` (subject, text and HTML), in the
//! reader's language. Every template is checked by the compiler (askama).

use askama::Template;

use crate::i18n::Locale;

/// An email's three parts, rendered.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// An email that can be rendered in its reader's language.
pub trait Email: Send + Sync {
    /// Its kind (the template folder's name), for operators.
    fn kind(&self) -> &'static str;
    /// Subject, text and HTML.
    fn render(&self) -> anyhow::Result<Rendered>;
}

/// Declares an email: its fields, and the three templates that render it.
macro_rules! email {
    (
        $(#[$meta:meta])*
        $name:ident = $kind:tt, $subject:tt, $text:tt, $html:tt {
            $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            /// The reader's language.
            pub locale: Locale,
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl $name {
            /// A text of this email in the reader's language.
            fn t(&self, key: &str) -> String {
                self.locale.text(key)
            }
        }

        const _: () = {
            #[derive(Template)]
            #[template(path = $subject)]
            struct Subject<'a> {
                e: &'a $name,
            }

            #[derive(Template)]
            #[template(path = $text)]
            struct Text<'a> {
                e: &'a $name,
            }

            #[derive(Template)]
            #[template(path = $html)]
            struct Html<'a> {
                e: &'a $name,
            }

            impl Email for $name {
                fn kind(&self) -> &'static str {
                    $kind
                }

                fn render(&self) -> anyhow::Result<Rendered> {
                    let subject = Subject { e: self }.render()?;
                    Ok(Rendered {
                        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
                        text: Text { e: self }.render()?,
                        html: Html { e: self }.render()?,
                    })
                }
            }
        };
    };
}

email! {
    /// Confirm your email address (after registering, or on request).
    VerifyEmail = "verify", "email/verify/subject.txt", "email/verify/body.txt",
        "email/verify/body.html" {
        /// The reader's name.
        name: String,
        /// The confirmation link.
        link: String,
        /// How many hours the link works.
        hours: u64,
    }
}

email! {
    /// Someone tried to register with an address that already has an account.
    AccountExists = "account_exists", "email/account_exists/subject.txt",
        "email/account_exists/body.txt", "email/account_exists/body.html" {
        /// The reader's name.
        name: String,
        /// Where to log in.
        login_link: String,
        /// Where to ask for a new password.
        reset_link: String,
    }
}

email! {
    /// A link to choose a new password.
    PasswordReset = "password_reset", "email/password_reset/subject.txt",
        "email/password_reset/body.txt", "email/password_reset/body.html" {
        /// The reader's name.
        name: String,
        /// The reset link.
        link: String,
        /// How many minutes the link works.
        minutes: u64,
    }
}

email! {
    /// The password was changed; every session was ended.
    PasswordChanged = "password_changed", "email/password_changed/subject.txt",
        "email/password_changed/body.txt", "email/password_changed/body.html" {
        /// The reader's name.
        name: String,
        /// Where to ask for a new password if it was not them.
        reset_link: String,
    }
}

email! {
    /// An invitation to join an organisation.
    Invitation = "invitation", "email/invitation/subject.txt", "email/invitation/body.txt",
        "email/invitation/body.html" {
        /// The organisation's name.
        organisation: String,
        /// Who invites.
        inviter: String,
        /// The role on joining (`owner`, `editor`, `viewer`).
        role: String,
        /// The link that accepts (or registers and accepts).
        link: String,
        /// How many days the link works.
        days: u64,
    }
}

email! {
    /// One notification, for readers who want email immediately.
    NotificationEmail = "notification", "email/notification/subject.txt",
        "email/notification/body.txt", "email/notification/body.html" {
        /// The reader's name.
        name: String,
        /// What happened, in the reader's language.
        title: String,
        /// The page it is about.
        link: String,
        /// The reader's preferences page (no login needed).
        preferences_link: String,
        /// Stops this kind of email in one click.
        unsubscribe_link: String,
    }
}

email! {
    /// The daily or weekly digest: what happened, grouped by kind.
    DigestEmail = "digest", "email/digest/subject.txt", "email/digest/body.txt",
        "email/digest/body.html" {
        /// The reader's name.
        name: String,
        /// `daily` or `weekly`.
        cadence: String,
        /// Each kind's heading and its notifications (title, link).
        groups: Vec<(String, Vec<(String, String)>)>,
        /// The reader's preferences page (no login needed).
        preferences_link: String,
        /// Stops the digests in one click.
        unsubscribe_link: String,
    }
}

email! {
    /// The yearly "is your record still right?" reminder.
    ReviewEmail = "review", "email/review/subject.txt", "email/review/body.txt",
        "email/review/body.html" {
        /// The reader's name.
        name: String,
        /// The collaboration's title.
        collaboration: String,
        /// Confirms the record is current (no login needed).
        confirm_link: String,
        /// The record's page, to change it.
        page_link: String,
        /// The reader's preferences page (no login needed).
        preferences_link: String,
        /// Stops these reminders in one click.
        unsubscribe_link: String,
    }
}

impl NotificationEmail {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
}

impl DigestEmail {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
    fn count(&self) -> usize {
        self.groups.iter().map(|(_, items)| items.len()).sum()
    }
    fn subject_line(&self) -> String {
        self.locale.text_with(
            &format!("email-digest-subject-{}", self.cadence),
            &[("count", self.count().to_string())],
        )
    }
    fn intro(&self) -> String {
        self.locale
            .text(&format!("email-digest-intro-{}", self.cadence))
    }
}

impl ReviewEmail {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
    fn subject_line(&self) -> String {
        self.locale.text_with(
            "email-review-subject",
            &[("collaboration", self.collaboration.clone())],
        )
    }
    fn intro(&self) -> String {
        self.locale.text_with(
            "email-review-intro",
            &[("collaboration", self.collaboration.clone())],
        )
    }
}

impl VerifyEmail {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
    fn expiry(&self) -> String {
        self.locale
            .text_with("email-verify-expiry", &[("hours", self.hours.to_string())])
    }
}

impl AccountExists {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
}

impl PasswordReset {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
    fn expiry(&self) -> String {
        self.locale.text_with(
            "email-reset-expiry",
            &[("minutes", self.minutes.to_string())],
        )
    }
}

impl PasswordChanged {
    fn greeting(&self) -> String {
        greeting(self.locale, &self.name)
    }
}

impl Invitation {
    fn subject_line(&self) -> String {
        self.locale.text_with(
            "email-invitation-subject",
            &[("organisation", self.organisation.clone())],
        )
    }
    fn intro(&self) -> String {
        self.locale.text_with(
            "email-invitation-intro",
            &[
                ("inviter", self.inviter.clone()),
                ("organisation", self.organisation.clone()),
                ("role", self.locale.text(&format!("role-{}", self.role))),
            ],
        )
    }
    fn expiry(&self) -> String {
        self.locale.text_with(
            "email-invitation-expiry",
            &[("days", self.days.to_string())],
        )
    }
}

fn greeting(locale: Locale, name: &str) -> String {
    locale.text_with("email-greeting", &[("name", name.to_owned())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_email(locale: Locale) -> Vec<Box<dyn Email>> {
        let link = "https://bymidter.dk/x?token=abc".to_owned();
        vec![
            Box::new(VerifyEmail {
                locale,
                name: "Mette <Ø>".into(),
                link: link.clone(),
                hours: 48,
            }),
            Box::new(AccountExists {
                locale,
                name: "Mette".into(),
                login_link: link.clone(),
                reset_link: link.clone(),
            }),
            Box::new(PasswordReset {
                locale,
                name: "Mette".into(),
                link: link.clone(),
                minutes: 30,
            }),
            Box::new(PasswordChanged {
                locale,
                name: "Mette".into(),
                reset_link: link.clone(),
            }),
            Box::new(Invitation {
                locale,
                organisation: "Bysamarbejdet i Næstved".into(),
                inviter: "Mette".into(),
                role: "editor".into(),
                link: link.clone(),
                days: 14,
            }),
            Box::new(NotificationEmail {
                locale,
                name: "Mette".into(),
                title: "Faxe Handel har offentliggjort «Bymidten»".into(),
                link: link.clone(),
                preferences_link: link.clone(),
                unsubscribe_link: link.clone(),
            }),
            Box::new(DigestEmail {
                locale,
                name: "Mette".into(),
                cadence: "daily".into(),
                groups: vec![(
                    "Nye samarbejder".into(),
                    vec![("Bymidten i Faxe".into(), link.clone())],
                )],
                preferences_link: link.clone(),
                unsubscribe_link: link.clone(),
            }),
            Box::new(ReviewEmail {
                locale,
                name: "Mette".into(),
                collaboration: "Bymidten i Faxe".into(),
                confirm_link: link.clone(),
                page_link: link.clone(),
                preferences_link: link.clone(),
                unsubscribe_link: link,
            }),
        ]
    }

    #[test]
    fn every_email_renders_in_both_languages_with_its_link() {
        for locale in Locale::ALL {
            for email in every_email(locale) {
                let r = email.render().expect("renders");
                let kind = email.kind();
                assert!(!r.subject.is_empty(), "{kind} {locale}: subject");
                assert!(!r.subject.contains('\n'), "{kind} {locale}: one line");
                assert!(
                    r.text.contains("https://bymidter.dk/x?token=abc"),
                    "{kind} {locale}: text link"
                );
                assert!(
                    r.html.contains("href=\"https://bymidter.dk/x?token=abc\""),
                    "{kind} {locale}: html link"
                );
                assert!(
                    r.html
                        .contains(&format!("<html lang=\"{}\">", locale.code())),
                    "{kind} {locale}: html lang"
                );
                assert!(!r.html.contains("<table"), "{kind}: no tables");
                assert!(
                    !r.text.contains("email-"),
                    "{kind} {locale}: a missing text"
                );
            }
        }
        let verify = VerifyEmail {
            locale: Locale::En,
            name: "Mette <Ø>".into(),
            link: "https://x/y?token=1".into(),
            hours: 48,
        }
        .render()
        .expect("renders");
        assert!(
            verify.html.contains("Mette &#60;Ø&#62;") || verify.html.contains("Mette &lt;Ø&gt;")
        );
        assert!(verify.text.contains("Mette <Ø>"));
        assert!(verify.text.contains("48"));
    }
}
