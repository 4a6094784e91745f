# The pages for accounts, organisations and administration.

## The header
account-nav-label = Your account
account-logged-in-as = Logged in as
account-my-page = My page
account-admin = Administration
account-log-out = Log out
account-log-in = Log in
account-register = Create an account
action-cancel = Cancel

## Messages after an action
notice-logged-out = You are logged out.
notice-logged-out-everywhere = You are logged out on every device.
notice-email-verified = Your email address is confirmed.
notice-link-sent = If the address has an account that is not confirmed yet, we have sent a new link.
notice-password-reset = Your password is changed. Log in with the new password.
notice-password-changed = Your password is changed and you are logged out everywhere. Log in with the new password.
notice-settings-saved = Your settings are saved.
notice-invitation-registered = Your account is ready and you are a member of the organisation. Log in with your email address and the password you chose. If the address already had an account, we have sent you an email instead.
notice-invitation-accepted = You have accepted the invitation and are now a member of the organisation.
notice-organisation-created = The organisation is created, and you are its owner.
notice-invitation-sent = The invitation is sent.
notice-invitation-withdrawn = The invitation is withdrawn. Its link no longer works.
notice-role-changed = The role is changed.
notice-member-removed = The member is removed from the organisation.
notice-left-organisation = You have left the organisation.
notice-recommendation-saved = The recommendation's texts are saved.
notice-recommendation-retired = The recommendation is retired. Its page and every link to it keep working.
notice-email-requeued = The email is queued again and goes out shortly.
notice-role-granted = The role is given.
notice-role-revoked = The role is taken from the account.
notice-role-unchanged = Nothing to change: the account already had that setting.

## Fields
field-label-name = Name
field-hint-name = Your name, as the other members of your organisations see it.
field-label-email = Email address
field-label-password = Password
field-label-current-password = Current password
field-label-new-password = New password
field-hint-new-password = At least 12 and at most 128 characters. A sentence you can remember works well, such as four random words. Common passwords are refused.
field-email-frequency-choose = Choose how often you want emails.
field-link-incomplete = The link is not whole. Copy the whole link from the email, or ask for a new one.
field-organisation-kind-choose = Choose what kind of organisation it is.
field-role-choose = Choose a role: owner, editor or viewer.
field-text-length = Fill in the text; it may be at most { $max } characters.
field-replacement-unknown = Choose a current recommendation that is not this one.
label-organisation = Organisation
label-kind = Kind
label-role = Role
label-members = Members
label-municipality = Municipality

## Log in
login-title = Log in
login-description = Log in to bymidter with your email address and password.
login-lead = Log in to register your collaboration, share experiences and invite colleagues.
login-submit = Log in
login-forgot = Forgotten your password?
login-no-account = No account?
login-no-account-text = Creating an account is free. You need an email address you can read now.

## Create an account
register-title = Create an account
register-description = Create an account on bymidter to register your town-centre collaboration and share experiences.
register-lead = With an account you can register your town-centre collaboration, share experiences and follow other towns. We send an email with a link that confirms your address.
register-email-hint = We send a link here that you open to confirm the address.
register-invitation = You are creating an account to become { $role } in { $organisation }. Use the email address the invitation was sent to.
register-submit = Create account
register-have-account = Already have an account?

## Check your email
check-email-title = Check your email
check-email-description = We have sent an email with a link that confirms your address.
check-email-lead = If the address can be used, we have sent an email with a link. Open the link to confirm your email address.
check-email-expiry = The link works for { $hours } hours. You can log in already, but you must confirm the address before you can create an organisation.
check-email-known = If the address already has an account, we have sent a reminder with a link to log in instead.
check-email-none-heading = No email?
check-email-none-text = Look in your junk mail folder. It can take a few minutes.
check-email-new-link = Get a new link

## New link
resend-title = Get a new link
resend-description = Get a new email with a link that confirms your address.
resend-lead = Enter the email address you created the account with. If it is not confirmed yet, we send a new link.
resend-submit = Send a new link

## Confirm the email address
verify-title = Confirm your email address
verify-description = Confirm that the email address is yours.
verify-lead = Press the button to confirm that the email address is yours.
verify-submit = Confirm the email address
verify-failed = The address was not confirmed. Ask for a new link and use it in time.

## Forgotten password
forgot-title = Forgotten password
forgot-description = Get a link to choose a new password.
forgot-lead = Enter your email address. If it has an account, we send a link where you can choose a new password.
forgot-submit = Send link
reset-sent-title = Check your email
reset-sent-description = If the address has an account, we have sent a link to choose a new password.
reset-sent-lead = If the address has an account, we have sent an email with a link where you can choose a new password.
reset-sent-expiry = The link works for { $minutes } minutes and can be used once.
reset-sent-none = No email?
reset-sent-again = Ask for a new link
reset-title = Choose a new password
reset-description = Choose a new password for your account.
reset-lead = Once you have chosen a new password, you are logged out everywhere and can log in with the new one.
reset-submit = Save the new password
reset-link-refused = The link cannot be used. It may be too old or used already.

## Change password
change-password-title = Change password
change-password-description = Change the password of your account.
change-password-lead = Once the password is changed, you are logged out everywhere, here too, and log in again with the new one.
change-password-submit = Change password

## My page
my-page-title = My page
my-page-description = Your organisations, your settings and your password.
my-page-lead = You are logged in as { $name } ({ $email }).
my-page-unverified-title = Confirm your email address
my-page-unverified-text = Your email address is not confirmed yet. Open the link in the email we sent to be able to create an organisation and write content.
my-page-unverified-send = Send the link again
my-page-organisations = My organisations
my-page-no-organisations = You are not a member of any organisation yet. Create one, or ask an owner to invite you.
my-page-members-link = Members and invitations
my-page-create-organisation = Create an organisation
my-page-create-needs-verified = Once your email address is confirmed, you can create an organisation.
my-page-settings = My settings
my-page-language = Language
my-page-frequency = Emails about what you follow
my-page-edit-settings = Change settings
my-page-security = Password and logging in
my-page-everywhere-text = If you have been logged in on a computer you no longer use, you can log out everywhere at once.
my-page-everywhere = Log out on every device

## Settings
settings-title = Settings
settings-description = Change your name, your language and how often you get emails.
settings-language-legend = Language
settings-language-hint = The language of emails to you, and of the pages when you are logged in.
settings-frequency-legend = How often do you want emails about what you follow?
settings-frequency-hint = Emails about your account, such as a link to a new password, always come.
settings-submit = Save settings
frequency-immediate-hint = An email every time something happens.
frequency-daily-hint = One email a day with everything.
frequency-weekly-hint = One email a week with everything.
frequency-off-hint = No emails about what you follow.

## Invitations
invitation-title = Invitation to { $organisation }
invitation-description = Accept an invitation to an organisation on bymidter.
invitation-eyebrow = Invitation
invitation-lead = You are invited to be { $role } in { $organisation } on bymidter.
invitation-accept = Accept the invitation
invitation-other-account = The invitation was sent to another email address than the one you are logged in with. Log out and log in with the address the invitation was sent to, or create an account with it.
invitation-has-account = Do you have an account?
invitation-has-account-text = Log in with the email address the invitation was sent to. Then you can accept it.
invitation-log-in = Log in and accept
invitation-new = New to bymidter?
invitation-new-text = Create an account with the email address the invitation was sent to. You are then a member at once.
invitation-register = Create an account and accept
invitation-invalid-title = The invitation cannot be used
invitation-invalid-text = The invitation is invalid, expired, withdrawn or used already. Ask the person who invited you for a new one.

## Roles
role-label-owner = Owner
role-label-editor = Editor
role-label-viewer = Viewer
role-owner-hint = Manages members and invitations, and can do everything an editor can.
role-editor-hint = Registers and edits the organisation's collaborations and experiences.
role-viewer-hint = Reads the organisation's drafts and what is for the organisation only.

## Organisations
organisation-kind-municipality = Municipality
organisation-kind-municipality-hint = A municipality or a municipal department.
organisation-kind-town-partnership = Town-centre partnership
organisation-kind-town-partnership-hint = A town-centre collaboration, such as a town-centre association or a BID.
organisation-kind-trade-association = Trade association
organisation-kind-trade-association-hint = An association of shops and businesses.
organisation-kind-city-management = City management
organisation-kind-city-management-hint = A city manager or a city management office.
organisation-kind-ministry = Ministry
organisation-kind-ministry-hint = The ministry that follows the recommendations. Chooses no municipality.
organisation-kind-other = Other
organisation-kind-other-hint = Another kind of organisation.
organisation-new-title = Create an organisation
organisation-new-description = Create your organisation on bymidter. You become its owner and can invite colleagues.
organisation-new-lead = The organisation is what registers collaborations and experiences. You become its owner and can invite colleagues afterwards.
organisation-new-unverified = You must confirm your email address before you can create an organisation. Open the link in the email we sent, or get a new one.
organisation-new-submit = Create the organisation
organisation-field-name = The organisation's name
organisation-field-name-hint = As you write it yourselves, for example "Ringsted Bymidte".
organisation-field-kind = What kind of organisation is it?
organisation-field-municipality = Municipality
organisation-field-municipality-hint = The municipality the organisation belongs to. The municipalities are listed under their region. The ministry chooses none.
organisation-municipality-none = Choose a municipality
organisation-description = { $name }: { $kind } on bymidter.
organisation-description-in = { $name }: { $kind } in { $municipality } Municipality.
organisation-your-role = You are { $role } in the organisation.
organisation-members-link = See members and invitations

## Members
members-title = Members and invitations
members-page-title = Members of { $organisation }
members-description = The members of { $organisation } and their roles.
members-lead = Your role: { $role }.
members-list = Members
members-actions = Actions
members-you = you
members-role-of = Role of { $name }
members-save-role = Save role
members-remove = Remove
members-invite = Invite someone
members-invite-text = The person gets an email with a link. Without an account, they can create one from the link.
members-invite-email = The person's email address
members-invite-email-hint = The invitation works for this address only.
members-invite-role = Which role should the person have?
members-invite-submit = Send invitation
members-invitations = Open invitations
members-no-invitations = There are no open invitations.
members-expires = Expires
members-withdraw = Withdraw
members-leave = Leave the organisation
members-leave-text = You lose access to the organisation's drafts and members. If you are the only owner, make someone else owner first.
members-leave-submit = Leave { $organisation }

## Administration
admin-title = Administration
admin-description = The catalogue, dead emails and platform roles.
admin-lead = Here you manage the catalogue of recommendations, send again emails that did not arrive, and give platform roles.
admin-catalogue-title = Catalogue
admin-catalogue-description = Import a new edition of the catalogue, correct a recommendation's texts, or retire a recommendation.
admin-catalogue-version = Catalogue loaded: version { $version }.
admin-catalogue-no-version = No catalogue is loaded.
admin-catalogue-code = Code
admin-catalogue-recommendation = Recommendation
admin-catalogue-edit = Edit texts
admin-catalogue-retire = Retire
admin-catalogue-import = Import a new edition
admin-catalogue-import-text = The file has the format of data/seed/catalogue.toml and a higher version number. It is checked whole first: if anything is wrong, nothing changes and the error is shown with its line and field. What the new file no longer names is retired, never deleted.
admin-catalogue-file = Catalogue file (TOML)
admin-catalogue-file-hint = Choose a file on your computer.
admin-catalogue-file-missing = Choose a catalogue file.
admin-catalogue-file-not-text = The file is not a UTF-8 text file.
admin-catalogue-file-refused = The file was not imported: { $error }
admin-catalogue-import-submit = Import the catalogue
admin-catalogue-imported = Catalogue version { $version } is imported: { $themes } themes, { $recommendations } recommendations and { $toolbox } tools; { $retired } retired.
admin-edit-title = Edit { $code }
admin-edit-description = Correct a recommendation's title and summary in Danish and English.
admin-edit-lead = The corrections apply at once. The next edition of the catalogue that is imported decides the texts again.
admin-edit-title-da = Title in Danish
admin-edit-summary-da = Summary in Danish
admin-edit-title-en = Title in English
admin-edit-summary-en = Summary in English
admin-edit-submit = Save the texts
admin-retire-title = Retire { $code }
admin-retire-description = Retire a recommendation. It is not deleted.
admin-retire-text = The recommendation is not deleted: its page and every link to it keep working, and it is shown as retired. If another replaces it, it points there.
admin-retire-replaced-by = Replaced by (optional)
admin-retire-replaced-by-hint = A current recommendation that takes over from this one.
admin-retire-no-replacement = No replacement
admin-retire-submit = Retire the recommendation
admin-emails-title = Dead emails
admin-emails-description = Emails that did not arrive after their last attempt.
admin-emails-lead = These emails did not arrive, not even at the last attempt. Fix the cause (the mail server, for instance) and send them again.
admin-emails-count = Dead emails now: { $count }.
admin-emails-none = There are no dead emails.
admin-emails-recipient = Recipient
admin-emails-subject = Subject
admin-emails-queued = Queued
admin-emails-attempts = Attempts
admin-emails-error = Last error
admin-emails-retry = Send again
admin-roles-title = Platform roles
admin-roles-description = Give or take the roles administrator and analyst.
admin-roles-lead = Platform roles give no rights inside organisations. The person must have created an account first.
admin-roles-holders = Accounts with a platform role
admin-roles-revoke = Take the role
admin-roles-grant = Give a role
admin-roles-email = The account's email address
admin-roles-email-hint = The address the person created their account with.
admin-roles-role = Role
admin-roles-grant-submit = Give the role
admin-roles-no-account = No account has that email address. The person must create an account first.
admin-roles-role-choose = Choose administrator or analyst.
admin-roles-not-yourself = You cannot take your own administrator role here. Ask another administrator, or use the command line.
platform-role-admin = Administrator
platform-role-admin-hint = Manages the catalogue, moderation, emails and roles.
platform-role-analyst = Analyst
platform-role-analyst-hint = Sees every figure on how the recommendations are taken up, and can download them.
platform-role-none = None
