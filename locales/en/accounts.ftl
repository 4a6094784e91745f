# Accounts, organisations, roles and emails.

## Errors
problem-login-failed = The email address or password is wrong.
problem-refresh-invalid = The session has expired or ended. Log in again.
problem-verify-token-invalid = The link to confirm the email address is invalid, expired or already used. Ask for a new one.
problem-reset-token-invalid = The link to choose a new password is invalid, expired or already used. Ask for a new one.
problem-invitation-invalid = The invitation is invalid, expired, withdrawn or already used. Ask for a new one.
problem-invitation-other-email = The invitation was sent to another email address than the one you are logged in with.
problem-owner-only = Only the organisation's owners can do this.
problem-member-only = Only the organisation's members can do this.
problem-admin-only = Only operators (administrators) can do this.
problem-last-owner = The organisation must have at least one owner. Make another member an owner first.
problem-already-member = The person is already a member of the organisation.

## Fields
field-name-length = The name must be between 1 and { $max } characters.
field-password-wrong = The current password is wrong.
field-municipality-required = Choose the municipality (only the ministry has none).
field-invitation-other-email = The invitation was sent to another email address. Register with the address the invitation was sent to.
field-token-required = The code from the link is missing.

## Roles
role-owner = owner
role-editor = editor
role-viewer = viewer

## Answers
status-verification-sent = If the address can be used, we have sent an email with a link.

## Emails
email-greeting = Hello { $name }
email-signature = Kind regards, bymidter – the registry of Danish town-centre collaborations
email-link-fallback = If the button does not work, copy this link into your browser:
email-verify-subject = Confirm your email address at bymidter
email-verify-intro = Thank you for creating an account at bymidter. Confirm your email address by opening the link below.
email-verify-action = Confirm the email address
email-verify-expiry = The link works for { $hours } hours.
email-verify-ignore = If you did not create an account, you can ignore this email.
email-exists-subject = You already have an account at bymidter
email-exists-intro = Someone (perhaps you) tried to create an account at bymidter with this email address. You already have an account, so no new one was created.
email-exists-login = Log in here:
email-exists-reset = If you have forgotten your password, you can choose a new one here:
email-exists-ignore = If it was not you, you can ignore this email. Your account is unchanged.
email-reset-subject = Choose a new password for bymidter
email-reset-intro = We received a request to reset the password of your account. Open the link below to choose a new one.
email-reset-action = Choose a new password
email-reset-expiry = The link works for { $minutes } minutes and can be used once.
email-reset-ignore = If you did not ask for this, you can ignore this email. Your password is unchanged.
email-changed-subject = Your bymidter password has been changed
email-changed-intro = The password of your account has just been changed, and you have been logged out everywhere.
email-changed-not-you = If it was not you, choose a new password at once:
email-invitation-subject = Invitation to { $organisation } on bymidter
email-invitation-hello = Hello
email-invitation-intro = { $inviter } has invited you to be { $role } in { $organisation } on bymidter, the registry of Danish town-centre collaborations.
email-invitation-how = Open the link to accept the invitation. If you have no account, you can create one with this email address from the same link.
email-invitation-action = Accept the invitation
email-invitation-expiry = The invitation is valid for { $days } days.
email-invitation-ignore = If you do not know the sender, you can ignore this email.
