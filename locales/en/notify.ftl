# Following and notifications.

notification-collaboration-published = { $organisation } published “{ $collaboration }” in { $town }
notification-experience-published = “{ $collaboration }” shared an experience: { $experience }
notification-recommendation-status-changed = { $collaboration } set { $recommendation } to { $status }
notification-comment-received = New comment on your experience “{ $experience }”
notification-question-received = New question on your experience “{ $experience }”
notification-answer-received = Your question on “{ $experience }” has been answered
notification-invited = You are invited to { $organisation } as { $role }
notification-role-changed = Your role in { $organisation } is now { $role }
notification-content-hidden = A moderator hid your post “{ $experience }”: { $reason }
notification-record-review = Is the record of “{ $collaboration }” still right?

kind-collaboration-published = New collaborations
kind-experience-published = New experiences
kind-recommendation-status-changed = Recommendation status changes
kind-comment-received = Comments on your experiences
kind-question-received = Questions on your experiences
kind-answer-received = Answers to your questions
kind-invited = Invitations
kind-role-changed = Role changes
kind-content-hidden = Hidden content
kind-record-review = Reminders to keep records current

email-notification-open = See it on bymidter
email-why = You get this email because you follow something on bymidter or are part of it.
email-preferences = Choose which emails you get:
email-unsubscribe = Unsubscribe from this kind of email:
email-digest-subject-daily = Today on bymidter: { $count } { $count ->
    [one] update
   *[other] updates
}
email-digest-subject-weekly = This week on bymidter: { $count } { $count ->
    [one] update
   *[other] updates
}
email-digest-intro-daily = Here is what happened since last time in what you follow.
email-digest-intro-weekly = Here is this week's news in what you follow.
email-review-subject = Is the record of “{ $collaboration }” still right?
email-review-intro = The record of “{ $collaboration }” has not changed for a year. Other municipalities and partnerships use it, so it should be right.
email-review-confirm = Yes, it is still right
email-review-change = Does something need changing? Edit it here:

field-target-unknown = What you want to follow does not exist.
field-frequency-unknown = Choose immediate, daily, weekly or off.
problem-link-invalid = The link is invalid or altered. Use the link from the latest email.

unsubscribe-title = Unsubscribe
unsubscribe-done-title = You are unsubscribed
unsubscribe-description = Unsubscribe from a kind of email from bymidter.
unsubscribe-lead = Stop emails about: { $kind }?
unsubscribe-button = Yes, unsubscribe
unsubscribe-done = You will no longer get emails about: { $kind }.
unsubscribe-more = You can still see your notifications when you are logged in, and change which emails you get through the link in the email.
unsubscribe-digest = the daily and weekly summaries

preferences-title = Your emails from bymidter
preferences-description = Choose how often you get email from bymidter.
preferences-lead = Choose how often you want email about what you follow. You can always see your notifications when you are logged in.
preferences-frequency-legend = How often do you want email?
preferences-frequency-hint = A daily summary gathers the day's news in one email.
preferences-kinds-title = By subject
preferences-kinds-hint = Choose otherwise for single kinds of notification if you like.
preferences-as-general = As above
preferences-save = Save
preferences-saved = Your choices are saved.
frequency-immediate = Immediately
frequency-daily = Daily summary
frequency-weekly = Weekly summary
frequency-off = Never

confirm-title = Is the record still right?
confirm-done-title = Thank you!
confirm-description = Confirm that a collaboration's record is still right.
confirm-lead = Confirm that the record of “{ $collaboration }” is still right.
confirm-button = Yes, it is still right
confirm-change = Does something need changing? Go to
confirm-done = The record of “{ $collaboration }” is confirmed. We will ask again in a year.

my-page-notifications = Notifications
my-page-unread = { $count } unread
my-page-no-notifications = You have no notifications yet. Follow recommendations, themes, municipalities or collaborations to hear news.
my-page-notification-unread = unread
my-page-mark-read = Mark all as read
my-page-email-preferences = Choose which emails you get
my-page-follows = What you follow
my-page-no-follows = You follow nothing yet. Use the “Follow” button on a recommendation, a theme, a municipality or a collaboration.
follow-button = Follow
follow-stop = Stop following
follow-type-recommendation = Recommendation
follow-type-toolbox-entry = Tool
follow-type-theme = Theme
follow-type-municipality = Municipality
follow-type-region = Region
follow-type-organization = Organisation
follow-type-saved-search = Saved search
follow-type-collaboration = Collaboration
notice-followed = You now follow it and will hear when there is news.
notice-unfollowed = You no longer follow it.
notice-notifications-read = Your notifications are marked as read.
