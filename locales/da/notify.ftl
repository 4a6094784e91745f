# Følg og notifikationer.

notification-collaboration-published = { $organisation } har offentliggjort «{ $collaboration }» i { $town }
notification-experience-published = «{ $collaboration }» har delt en erfaring: { $experience }
notification-recommendation-status-changed = { $collaboration } har sat { $recommendation } til { $status }
notification-comment-received = Ny kommentar til din erfaring «{ $experience }»
notification-question-received = Nyt spørgsmål til din erfaring «{ $experience }»
notification-answer-received = Dit spørgsmål til «{ $experience }» er besvaret
notification-invited = Du er inviteret til { $organisation } som { $role }
notification-role-changed = Din rolle i { $organisation } er nu { $role }
notification-content-hidden = En moderator har skjult dit indlæg «{ $experience }»: { $reason }
notification-record-review = Er oplysningerne om «{ $collaboration }» stadig rigtige?

kind-collaboration-published = Nye samarbejder
kind-experience-published = Nye erfaringer
kind-recommendation-status-changed = Ændret status for anbefalinger
kind-comment-received = Kommentarer til dine erfaringer
kind-question-received = Spørgsmål til dine erfaringer
kind-answer-received = Svar på dine spørgsmål
kind-invited = Invitationer
kind-role-changed = Ændrede roller
kind-content-hidden = Skjult indhold
kind-record-review = Påmindelser om at holde oplysninger ajour

email-notification-open = Se det på bymidter
email-why = Du får denne e-mail, fordi du følger noget på bymidter eller er nævnt i det.
email-preferences = Vælg hvilke e-mails du får:
email-unsubscribe = Afmeld denne slags e-mail:
email-digest-subject-daily = Dagens nyt fra bymidter: { $count } { $count ->
    [one] ting
   *[other] ting
}
email-digest-subject-weekly = Ugens nyt fra bymidter: { $count } { $count ->
    [one] ting
   *[other] ting
}
email-digest-intro-daily = Her er, hvad der er sket siden sidst i det, du følger.
email-digest-intro-weekly = Her er ugens nyt i det, du følger.
email-review-subject = Er oplysningerne om «{ $collaboration }» stadig rigtige?
email-review-intro = Oplysningerne om «{ $collaboration }» er ikke ændret i et år. Andre kommuner og samarbejder bruger dem, så de skal helst være rigtige.
email-review-confirm = Ja, de er stadig rigtige
email-review-change = Skal noget ændres? Ret det her:

field-target-unknown = Det, du vil følge, findes ikke.
field-frequency-unknown = Vælg straks, dagligt, ugentligt eller aldrig.
problem-link-invalid = Linket er ugyldigt eller ændret. Brug linket fra den seneste e-mail.

unsubscribe-title = Afmeld e-mails
unsubscribe-done-title = Du er afmeldt
unsubscribe-description = Afmeld en slags e-mail fra bymidter.
unsubscribe-lead = Vil du ikke længere have e-mails om: { $kind }?
unsubscribe-button = Ja, afmeld
unsubscribe-done = Du får ikke længere e-mails om: { $kind }.
unsubscribe-more = Du kan stadig se dine notifikationer, når du er logget ind, og ændre hvilke e-mails du får via linket i e-mailen.
unsubscribe-digest = dagligt og ugentligt overblik

preferences-title = Dine e-mails fra bymidter
preferences-description = Vælg hvor ofte du får e-mails fra bymidter.
preferences-lead = Vælg hvor ofte du vil have e-mails om det, du følger. Du kan altid se dine notifikationer, når du er logget ind.
preferences-frequency-legend = Hvor ofte vil du have e-mails?
preferences-frequency-hint = Et dagligt overblik samler dagens nyt i én e-mail.
preferences-kinds-title = Efter emne
preferences-kinds-hint = Vælg noget andet for enkelte slags notifikationer, hvis du vil.
preferences-as-general = Som ovenfor
preferences-save = Gem
preferences-saved = Dine valg er gemt.
frequency-immediate = Med det samme
frequency-daily = Dagligt overblik
frequency-weekly = Ugentligt overblik
frequency-off = Aldrig

confirm-title = Er oplysningerne stadig rigtige?
confirm-done-title = Tak!
confirm-description = Bekræft at et samarbejdes oplysninger stadig er rigtige.
confirm-lead = Bekræft at oplysningerne om «{ $collaboration }» stadig er rigtige.
confirm-button = Ja, de er stadig rigtige
confirm-change = Skal noget ændres? Gå til
confirm-done = Oplysningerne om «{ $collaboration }» er bekræftet. Vi spørger igen om et år.

my-page-notifications = Notifikationer
my-page-unread = { $count } ulæste
my-page-no-notifications = Du har ingen notifikationer endnu. Følg anbefalinger, temaer, kommuner eller samarbejder for at høre nyt.
my-page-notification-unread = ulæst
my-page-mark-read = Markér alle som læst
my-page-email-preferences = Vælg hvilke e-mails du får
my-page-follows = Det følger du
my-page-no-follows = Du følger ikke noget endnu. Brug knappen «Følg» på en anbefaling, et tema, en kommune eller et samarbejde.
follow-button = Følg
follow-stop = Stop med at følge
follow-type-recommendation = Anbefaling
follow-type-toolbox-entry = Værktøj
follow-type-theme = Tema
follow-type-municipality = Kommune
follow-type-region = Region
follow-type-organization = Organisation
follow-type-saved-search = Gemt søgning
follow-type-collaboration = Samarbejde
notice-followed = Du følger det nu og får besked, når der sker nyt.
notice-unfollowed = Du følger det ikke længere.
notice-notifications-read = Dine notifikationer er markeret som læst.
