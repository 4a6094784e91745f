//! A form's answer when the service refuses the input: the errors the person can fix, shown
//! next to the fields and in the error summary, with the status the API would answer. Anything
//! else (not found, the database away, a fault) stays an error page.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::page::PageContext;
use crate::error::{AppError, FieldError};

/// Errors to show on the form again.
#[derive(Debug)]
pub struct Refusal {
    /// The status the page is answered with.
    pub status: StatusCode,
    /// The errors; a field name the form does not have puts the error in the summary only.
    pub errors: Vec<FieldError>,
    /// Seconds to wait, when too many attempts were made.
    pub retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal of the form's own making (a choice the service cannot take as it came).
    pub fn new(errors: Vec<FieldError>) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            retry_after: None,
        }
    }

    /// What the form shows for `err`, or the error itself when it is no fault of the input.
    pub fn from_error(err: AppError) -> Result<Refusal, AppError> {
        let status = err.status();
        let (errors, retry_after) = match err {
            AppError::Validation(errors) => (errors, None),
            // A failed log-in is a mistake in the form, not a missing credential.
            AppError::Unauthorized(key) => {
                return Ok(Refusal::new(vec![FieldError::new("password", key)]));
            }
            AppError::BadRequest(key) | AppError::Forbidden(key) => {
                (vec![FieldError::new("", key)], None)
            }
            AppError::Conflict { field, key } => {
                (vec![FieldError::new(field.unwrap_or_default(), key)], None)
            }
            AppError::TooManyRequests { retry_after } => (
                vec![FieldError::new("", "problem-too-many-requests-detail")],
                Some(retry_after),
            ),
            other => return Err(other),
        };
        Ok(Refusal {
            status,
            errors,
            retry_after,
        })
    }

    /// The form page again, with this refusal's status (and `Retry-After`).
    pub fn render(&self, ctx: &PageContext, page: &impl Template) -> Response {
        let mut response = ctx.render_with(self.status, page);
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_come_back_to_the_form_and_faults_do_not() {
        let r = Refusal::from_error(AppError::field("email", "field-email-invalid")).expect("form");
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.errors[0].field, "email");
        let r = Refusal::from_error(AppError::Conflict {
            field: None,
            key: "problem-last-owner",
        })
        .expect("form");
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = Refusal::from_error(AppError::TooManyRequests { retry_after: 7 }).expect("form");
        assert_eq!(r.retry_after, Some(7));
        assert!(Refusal::from_error(AppError::NotFound).is_err());
        assert!(Refusal::from_error(AppError::Unavailable).is_err());
    }
}
