# Shared texts: errors, fields, the API reference.

yes = Yes
no = No
skip-to-content = Skip to content

## Errors (application/problem+json)
problem-bad-request = The request cannot be understood
problem-bad-request-detail = The request is not in the form the service expects.
problem-unauthorized = You are not logged in
problem-unauthorized-detail = Log in and try again.
problem-forbidden = You do not have access
problem-forbidden-detail = Your account may not do this.
problem-not-found = Not found
problem-not-found-detail = There is nothing at this address that you can see.
problem-method-not-allowed = Method not allowed
problem-method-not-allowed-detail = The address exists, but not with this method. See the Allow header.
problem-timeout = The request took too long
problem-timeout-detail = The service did not answer in time. Try again.
problem-conflict = Conflict
problem-conflict-detail = The change does not fit what is already saved.
problem-precondition-failed = Precondition failed
problem-precondition-failed-detail = The version you sent is not the stored one.
problem-stale-version-detail = Someone saved a change since you fetched this record. Fetch the newest version and try again; nothing was overwritten.
problem-payload-too-large = The content is too large
problem-payload-too-large-detail = The request's content is larger than the service accepts.
problem-unsupported-media-type = Unsupported content type
problem-unsupported-media-type-detail = Send the content in a format the service understands.
problem-validation = Some fields are not filled in correctly
problem-validation-detail = Correct the fields listed and try again. Nothing was saved.
problem-too-many-requests = Too many attempts
problem-too-many-requests-detail = Wait a little before you try again.
problem-unavailable = The service is temporarily unavailable
problem-unavailable-detail = The database does not answer right now. Try again shortly.
problem-internal = Something went wrong on our side
problem-internal-detail = The error was logged. Try again shortly.
problem-not-json = The content must be JSON (Content-Type: application/json).
problem-body-unreadable = The request's content could not be read.
problem-malformed-json = The content is not valid JSON.

## Fields
field-unknown = This field does not exist.
field-required = This field is required.
field-wrong-type = This field has the wrong type.
field-unknown-value = The value is not one of those allowed: { $allowed }.
field-email-invalid = Enter a valid email address, such as name@example.dk.
field-password-short = The password must be at least { $min } characters long.
field-password-long = The password must be at most { $max } characters long.
field-password-common = The password is too common. Choose one that is harder to guess, such as a sentence.
field-municipality-unknown = The municipality code does not exist. Use one of the 98 municipality codes.

## Catalogue import
catalogue-error-at-line = line { $line }: { $message }
catalogue-error-at = line { $line }, { $field }: { $message }
catalogue-error-syntax = the file cannot be read: { $message }
catalogue-error-duplicate = the code "{ $value }" appears twice
catalogue-error-unknown-theme = the theme "{ $value }" is not in the file
catalogue-error-unknown-section = the section "{ $value }" is not in the file
catalogue-error-unknown-value = the value "{ $value }" is not known
catalogue-error-bad-code = the code "{ $value }" may only have letters, digits, dots and hyphens
catalogue-error-empty-text = a Danish or English text is empty
catalogue-error-replaces-itself = a recommendation cannot replace itself
catalogue-error-store = the database refused the import: { $error }

## API reference
docs-reference = API reference
docs-version = Version
docs-openapi-link = The OpenAPI document (JSON)
docs-auth-note = Calls that need a login send an access token: Authorization: Bearer <token>.
docs-contents = Contents
docs-parameters = Parameters
docs-name = Name
docs-in = In
docs-required = Required
docs-description = Description
docs-request-body = Content
docs-responses = Responses
docs-status = Status
docs-body = Body
docs-requires-login = Requires login.

## Login
problem-login-required = Log in to do this.
problem-token-invalid = The access token is invalid or has expired. Log in again.
problem-token-revoked = The access token has been revoked. Log in again.
problem-email-unverified = Confirm your email address first. We have sent you a link.
field-email-taken = The email address is already in use.
field-slug-taken = The address (slug) is already in use.
