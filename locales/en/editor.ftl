# The editors' pages: registering and editing a collaboration, links, experiences, answers.

## Errors
editor-choice-unknown = Choose one of the options in the list.
editor-number-invalid = Write the number in digits, e.g. 43000.
editor-date-invalid = Write the date as year-month-day, e.g. 2021-03-01.
editor-organisation-choose = Choose the organisation the collaboration belongs to.
editor-link-recommendation-required = Choose a recommendation.
editor-link-status-required = Choose how far you have come with the recommendation.
editor-link-tool-required = Choose a tool.
editor-stale = Someone else saved changes while you were editing. Nothing was overwritten; see both versions below.

editor-municipality-choose = Choose the municipality the collaboration is in.
editor-title-required = Write the title of the collaboration.
editor-summary-required = Write a short description.
editor-town-required = Write the name of the town.
editor-model-required = Choose the organisation model most like yours.
editor-visibility-required = Choose who may see the collaboration.

## The form
editor-section-about = About the collaboration
editor-section-place = Where
editor-section-organisation = Organisation and partners
editor-section-work = The work
editor-section-contact = Website, contact and visibility
editor-field-organisation = Organisation
editor-field-organisation-hint = The collaboration is registered for an organisation where you are an editor or owner.
editor-field-title = Title
editor-field-title-hint = The collaboration's name as it is known locally, e.g. "Næstved Bymidte".
editor-field-summary = Short description
editor-field-summary-hint = A few sentences shown in lists and search results. At most 500 characters.
editor-field-description = Description
editor-field-description-hint = Tell about purpose, partners and activities. You can use Markdown: **bold**, *italic*, lists with - and links.
editor-field-municipality = Municipality
editor-field-town = Town
editor-field-town-population = Inhabitants of the town
editor-field-town-population-hint = Optional. Used to find collaborations in towns of the same size.
editor-field-organisation-model = Organisation model
editor-field-organisation-model-hint = The toolbox's four ways to organise a town-centre collaboration. Choose the one most like yours.
editor-field-themes = Themes
editor-field-themes-hint = Choose at least one of the partnership's themes.
editor-field-partner-kinds = Partners in the collaboration
editor-field-fee-bases = Funding
editor-field-status = Status
editor-field-started-on = Start date
editor-field-ended-on = End date
editor-field-date-hint = Optional. Write the date as year-month-day, e.g. 2021-03-01.
editor-field-ended-on-hint = Only if the collaboration has ended. Write the date as year-month-day.
editor-field-website = Website
editor-field-website-hint = Optional. The full address, e.g. https://naestvedbymidte.dk.
editor-field-contact = Contact address
editor-field-contact-hint = Optional. Use a shared address, e.g. towncentre@municipality.dk. It is shown only to logged-in users.
editor-field-visibility = Who may see the collaboration once it is published?
editor-visibility-public = Everyone
editor-visibility-public-hint = Visitors without a login too, and the open data.
editor-visibility-members = Logged-in users
editor-visibility-members-hint = Everyone logged in to bymidter.
editor-visibility-private = Only the organisation
editor-visibility-private-hint = Only your own members.

## Registering
editor-new-title = Register a collaboration
editor-new-description = Register a town-centre collaboration so others can learn from it.
editor-new-lead = The collaboration is saved as a draft that only your organisation can see. Then you can link recommendations and tools, look it over and publish it.
editor-new-submit = Save the draft
editor-new-unverified = Confirm your email address before you register a collaboration.
editor-new-no-organisation-title = You are not an editor in any organisation
editor-new-no-organisation = A collaboration belongs to an organisation. Create your organisation, or ask an owner to invite you as an editor.
editor-new-create-organisation = Create an organisation
editor-write-new = Register a collaboration

## Editing
editor-edit-title = Edit { $title }
editor-edit-description = Edit the collaboration's details and links.
editor-edit-crumb = Edit
editor-state-published = The collaboration is published.
editor-state-draft = The collaboration is a draft. Only your organisation can see it.
editor-see-page = See the page
editor-publish = Publish
editor-unpublish = Make it a draft again
editor-write-experience = Write an experience
editor-delete = Delete the collaboration
editor-details-title = Details
editor-save = Save the changes
editor-preview = Show a preview
editor-preview-title = Preview
editor-preview-hint = This is how the texts will look. Nothing is saved yet.
editor-stale-title = Two versions
editor-stale-lead = These are the fields where the saved version and yours differ.
editor-stale-field = Field
editor-stale-theirs = Saved by someone else
editor-stale-yours = Your version
editor-stale-then = Your version is still in the form. Save again to use it, or open the page again to start from the saved one.
editor-panel-title = For editors
editor-edit = Edit the collaboration

## Links
editor-links-recommendations-intro = Link the recommendations you work with and how far you have come. Every change is kept with its date, so progress can be followed.
editor-links-tools-intro = Link the tools from the toolbox you have used, and whether they helped.
editor-link-recommendation-form = Link a recommendation or change a link
editor-link-tool-form = Link a tool or change a link
editor-link-recommendation = Recommendation
editor-link-recommendation-hint = Choosing one that is already linked changes it.
editor-link-recommendation-choose = Choose a recommendation
editor-link-status = Status
editor-link-status-hint = The status moves forward: considered, planned, in progress, implemented, evaluated. Abandoned can be chosen at any time.
editor-link-status-choose = Choose a status
editor-link-reason = Why was it abandoned?
editor-link-reason-hint = Required when the status is abandoned.
editor-link-note = Note
editor-link-evidence = Link to evidence
editor-link-evidence-hint = Optional, e.g. an evaluation or minutes. The full address with https://.
editor-link-tool = Tool
editor-link-tool-choose = Choose a tool
editor-link-outcome = Outcome
editor-link-outcome-hint = Did the tool help you?
editor-link-save = Save the link
editor-link-change = Change
editor-link-remove = Remove

## Deleting
editor-delete-title = Delete { $title }?
editor-delete-crumb = Delete
editor-delete-draft = The draft is deleted and cannot be found again.
editor-delete-published = The collaboration is removed from the registry. It has been published, so it is kept hidden for the history.
editor-delete-confirm = Yes, delete the collaboration

## Experiences, comments and reports
experience-new-title = New experience from { $title }
experience-new-crumb = New experience
experience-new-heading = Write an experience
experience-new-lead = Share what you did, what worked and what others can learn. The experience is saved as a draft, which you publish from its page.
experience-new-submit = Save the draft
experience-field-title = Title
experience-field-title-hint = E.g. "Pop-up shops in empty units".
experience-field-body = What did you do?
experience-field-setback = Setback
experience-field-setback-yes = The experience is about something that did not succeed
experience-field-setback-hint = What went wrong is worth sharing too.
experience-publish = Publish the experience
experience-write-comment = Write a comment or a question
experience-answer = Answer the question
experience-report = Report
experience-report-experience = Report the experience
experience-log-in-to-comment = Log in to comment or ask a question.
comment-field-body = Your text
comment-field-kind = What is it?
comment-form-title = Write a comment
comment-submit = Send
report-field-reason = Why is it inappropriate?
report-field-reason-hint = The moderators read your reason.
report-form-title = Report to the moderators
report-submit = Send the report

## Notices
notice-collaboration-created = The draft is saved. Link recommendations and tools, and publish the collaboration when it is ready.
notice-collaboration-saved = The changes are saved.
notice-collaboration-published = The collaboration is published.
notice-collaboration-unpublished = The collaboration is a draft again.
notice-collaboration-deleted = The collaboration is deleted.
notice-link-saved = The link is saved.
notice-link-removed = The link is removed.
notice-experience-created = The experience is saved as a draft.
notice-experience-published = The experience is published.
notice-comment-posted = Your post is sent.
notice-report-sent = Thank you. The moderators will look at it.
organisation-no-collaborations = The organisation has registered no collaborations you can see.
