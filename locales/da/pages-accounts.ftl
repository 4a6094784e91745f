# Siderne for konti, organisationer og administration.

## Sidehovedet
account-nav-label = Din konto
account-logged-in-as = Logget ind som
account-my-page = Min side
account-admin = Administration
account-log-out = Log ud
account-log-in = Log ind
account-register = Opret konto
action-cancel = Annullér

## Beskeder efter en handling
notice-logged-out = Du er logget ud.
notice-logged-out-everywhere = Du er logget ud på alle enheder.
notice-email-verified = Din e-mailadresse er bekræftet.
notice-link-sent = Hvis adressen har en konto, der ikke er bekræftet, har vi sendt et nyt link.
notice-password-reset = Din adgangskode er ændret. Log ind med den nye adgangskode.
notice-password-changed = Din adgangskode er ændret, og du er logget ud alle steder. Log ind med den nye adgangskode.
notice-settings-saved = Dine indstillinger er gemt.
notice-invitation-registered = Din konto er klar, og du er medlem af organisationen. Log ind med din e-mailadresse og den adgangskode, du valgte. Havde adressen allerede en konto, har vi i stedet sendt dig en e-mail.
notice-invitation-accepted = Du har taget imod invitationen og er nu medlem af organisationen.
notice-organisation-created = Organisationen er oprettet, og du er dens ejer.
notice-invitation-sent = Invitationen er sendt.
notice-invitation-withdrawn = Invitationen er trukket tilbage. Linket i den virker ikke længere.
notice-role-changed = Rollen er ændret.
notice-member-removed = Medlemmet er fjernet fra organisationen.
notice-left-organisation = Du har forladt organisationen.
notice-recommendation-saved = Anbefalingens tekster er gemt.
notice-recommendation-retired = Anbefalingen er trukket tilbage. Dens side og alle links til den virker fortsat.
notice-email-requeued = E-mailen er sat i kø igen og bliver sendt om lidt.
notice-role-granted = Rollen er givet.
notice-role-revoked = Rollen er taget fra kontoen.
notice-role-unchanged = Der var intet at ændre: kontoen havde allerede den indstilling.

## Felter
field-label-name = Navn
field-hint-name = Dit navn, som andre medlemmer af dine organisationer ser det.
field-label-email = E-mailadresse
field-label-password = Adgangskode
field-label-current-password = Nuværende adgangskode
field-label-new-password = Ny adgangskode
field-hint-new-password = Mindst 12 og højst 128 tegn. Brug gerne en sætning, du kan huske, fx fire tilfældige ord. Almindelige adgangskoder afvises.
field-email-frequency-choose = Vælg, hvor ofte du vil have e-mails.
field-link-incomplete = Linket er ikke helt. Kopiér hele linket fra e-mailen, eller bed om et nyt.
field-organisation-kind-choose = Vælg, hvilken slags organisation det er.
field-role-choose = Vælg en rolle: ejer, redaktør eller læser.
field-text-length = Teksten skal udfyldes og må højst være på { $max } tegn.
field-replacement-unknown = Vælg en gældende anbefaling, der ikke er den samme.
label-organisation = Organisation
label-kind = Type
label-role = Rolle
label-members = Medlemmer
label-municipality = Kommune

## Log ind
login-title = Log ind
login-description = Log ind på bymidter med din e-mailadresse og adgangskode.
login-lead = Log ind for at registrere jeres samarbejde, dele erfaringer og invitere kolleger.
login-submit = Log ind
login-forgot = Har du glemt din adgangskode?
login-no-account = Har du ikke en konto?
login-no-account-text = Det er gratis at oprette en konto. Du skal bruge en e-mailadresse, som du kan læse nu.

## Opret konto
register-title = Opret konto
register-description = Opret en konto på bymidter for at registrere jeres bysamarbejde og dele erfaringer.
register-lead = Med en konto kan du registrere jeres bysamarbejde, dele erfaringer og følge med i andre byer. Vi sender en e-mail med et link, som bekræfter din adresse.
register-email-hint = Vi sender et link hertil, som du skal åbne for at bekræfte adressen.
register-invitation = Du opretter en konto for at blive { $role } i { $organisation }. Brug den e-mailadresse, invitationen blev sendt til.
register-submit = Opret konto
register-have-account = Har du allerede en konto?

## Tjek din e-mail
check-email-title = Tjek din e-mail
check-email-description = Vi har sendt en e-mail med et link, der bekræfter din adresse.
check-email-lead = Hvis adressen kan bruges, har vi sendt en e-mail med et link. Åbn linket for at bekræfte din e-mailadresse.
check-email-expiry = Linket virker i { $hours } timer. Du kan logge ind allerede nu, men du skal bekræfte adressen, før du kan oprette en organisation.
check-email-known = Har adressen allerede en konto, har vi i stedet sendt en påmindelse med et link til at logge ind.
check-email-none-heading = Har du ikke fået en e-mail?
check-email-none-text = Se efter i mappen med uønsket post. Der kan gå et par minutter.
check-email-new-link = Få et nyt link

## Nyt link
resend-title = Få et nyt link
resend-description = Få en ny e-mail med et link, der bekræfter din adresse.
resend-lead = Skriv den e-mailadresse, du oprettede kontoen med. Er den ikke bekræftet endnu, sender vi et nyt link.
resend-submit = Send et nyt link

## Bekræft e-mailadressen
verify-title = Bekræft din e-mailadresse
verify-description = Bekræft, at e-mailadressen er din.
verify-lead = Tryk på knappen for at bekræfte, at e-mailadressen er din.
verify-submit = Bekræft e-mailadressen
verify-failed = Adressen blev ikke bekræftet. Bed om et nyt link og brug det inden for fristen.

## Glemt adgangskode
forgot-title = Glemt adgangskode
forgot-description = Få et link til at vælge en ny adgangskode.
forgot-lead = Skriv din e-mailadresse. Har den en konto, sender vi et link, hvor du kan vælge en ny adgangskode.
forgot-submit = Send link
reset-sent-title = Tjek din e-mail
reset-sent-description = Hvis adressen har en konto, har vi sendt et link til at vælge en ny adgangskode.
reset-sent-lead = Hvis adressen har en konto, har vi sendt en e-mail med et link, hvor du kan vælge en ny adgangskode.
reset-sent-expiry = Linket virker i { $minutes } minutter og kan bruges én gang.
reset-sent-none = Har du ikke fået en e-mail?
reset-sent-again = Bed om et nyt link
reset-title = Vælg en ny adgangskode
reset-description = Vælg en ny adgangskode til din konto.
reset-lead = Når du har valgt en ny adgangskode, bliver du logget ud alle steder og kan logge ind med den nye.
reset-submit = Gem den nye adgangskode
reset-link-refused = Linket kan ikke bruges. Det er måske for gammelt eller allerede brugt.

## Skift adgangskode
change-password-title = Skift adgangskode
change-password-description = Skift adgangskoden til din konto.
change-password-lead = Når adgangskoden er skiftet, bliver du logget ud alle steder, også her, og logger ind igen med den nye.
change-password-submit = Skift adgangskode

## Min side
my-page-title = Min side
my-page-description = Dine organisationer, dine indstillinger og din adgangskode.
my-page-lead = Du er logget ind som { $name } ({ $email }).
my-page-unverified-title = Bekræft din e-mailadresse
my-page-unverified-text = Din e-mailadresse er ikke bekræftet endnu. Åbn linket i den e-mail, vi sendte, for at kunne oprette en organisation og skrive indhold.
my-page-unverified-send = Send linket igen
my-page-organisations = Mine organisationer
my-page-no-organisations = Du er ikke medlem af nogen organisation endnu. Opret en, eller bed en ejer om at invitere dig.
my-page-members-link = Medlemmer og invitationer
my-page-create-organisation = Opret en organisation
my-page-create-needs-verified = Når din e-mailadresse er bekræftet, kan du oprette en organisation.
my-page-settings = Mine indstillinger
my-page-language = Sprog
my-page-frequency = E-mails om det, du følger
my-page-edit-settings = Ret indstillinger
my-page-security = Adgangskode og log ind
my-page-everywhere-text = Har du været logget ind på en computer, du ikke bruger mere, kan du logge ud alle steder på én gang.
my-page-everywhere = Log ud på alle enheder

## Indstillinger
settings-title = Indstillinger
settings-description = Ret dit navn, dit sprog og hvor ofte du får e-mails.
settings-language-legend = Sprog
settings-language-hint = Sproget i e-mails til dig og på siderne, når du er logget ind.
settings-frequency-legend = Hvor ofte vil du have e-mails om det, du følger?
settings-frequency-hint = E-mails om din konto, fx et link til en ny adgangskode, får du altid.
settings-submit = Gem indstillinger
frequency-immediate-hint = En e-mail, hver gang der sker noget.
frequency-daily-hint = Én samlet e-mail om dagen.
frequency-weekly-hint = Én samlet e-mail om ugen.
frequency-off-hint = Ingen e-mails om det, du følger.

## Invitationer
invitation-title = Invitation til { $organisation }
invitation-description = Tag imod en invitation til en organisation på bymidter.
invitation-eyebrow = Invitation
invitation-lead = Du er inviteret til at være { $role } i { $organisation } på bymidter.
invitation-accept = Tag imod invitationen
invitation-other-account = Invitationen er sendt til en anden e-mailadresse end den, du er logget ind med. Log ud, og log ind med den adresse, invitationen blev sendt til, eller opret en konto med den.
invitation-has-account = Har du en konto?
invitation-has-account-text = Log ind med den e-mailadresse, invitationen blev sendt til. Derefter kan du tage imod den.
invitation-log-in = Log ind og tag imod
invitation-new = Ny på bymidter?
invitation-new-text = Opret en konto med den e-mailadresse, invitationen blev sendt til. Så er du medlem med det samme.
invitation-register = Opret konto og tag imod
invitation-invalid-title = Invitationen kan ikke bruges
invitation-invalid-text = Invitationen er ugyldig, udløbet, trukket tilbage eller allerede brugt. Bed den, der inviterede dig, om en ny.

## Roller
role-label-owner = Ejer
role-label-editor = Redaktør
role-label-viewer = Læser
role-owner-hint = Styrer medlemmer og invitationer og kan alt, hvad en redaktør kan.
role-editor-hint = Registrerer og redigerer organisationens samarbejder og erfaringer.
role-viewer-hint = Læser organisationens kladder og det, der kun er for organisationen.

## Organisationer
organisation-kind-municipality = Kommune
organisation-kind-municipality-hint = En kommune eller en kommunal forvaltning.
organisation-kind-town-partnership = Bysamarbejde
organisation-kind-town-partnership-hint = Et bymidtesamarbejde, fx en bymidteforening eller et BID.
organisation-kind-trade-association = Handelsstandsforening
organisation-kind-trade-association-hint = En forening af handlende og erhvervsdrivende.
organisation-kind-city-management = Citymanagement
organisation-kind-city-management-hint = En citychef eller et citymanagement-sekretariat.
organisation-kind-ministry = Ministerium
organisation-kind-ministry-hint = Ministeriet, der følger anbefalingerne. Vælger ingen kommune.
organisation-kind-other = Andet
organisation-kind-other-hint = En anden slags organisation.
organisation-new-title = Opret en organisation
organisation-new-description = Opret jeres organisation på bymidter. Du bliver dens ejer og kan invitere kolleger.
organisation-new-lead = Organisationen er den, der registrerer samarbejder og erfaringer. Du bliver dens ejer og kan bagefter invitere kolleger.
organisation-new-unverified = Du skal bekræfte din e-mailadresse, før du kan oprette en organisation. Åbn linket i den e-mail, vi sendte, eller få et nyt.
organisation-new-submit = Opret organisationen
organisation-field-name = Organisationens navn
organisation-field-name-hint = Som I selv skriver det, fx »Ringsted Bymidte«.
organisation-field-kind = Hvilken slags organisation er det?
organisation-field-municipality = Kommune
organisation-field-municipality-hint = Den kommune, organisationen hører til. Kommunerne står under deres region. Ministeriet vælger ingen.
organisation-municipality-none = Vælg kommune
organisation-description = { $name }: { $kind } på bymidter.
organisation-description-in = { $name }: { $kind } i { $municipality } Kommune.
organisation-your-role = Du er { $role } i organisationen.
organisation-members-link = Se medlemmer og invitationer

## Medlemmer
members-title = Medlemmer og invitationer
members-page-title = Medlemmer af { $organisation }
members-description = Medlemmerne af { $organisation } og deres roller.
members-lead = Din rolle: { $role }.
members-list = Medlemmer
members-actions = Handlinger
members-you = dig
members-role-of = Rolle for { $name }
members-save-role = Gem rolle
members-remove = Fjern
members-invite = Invitér en person
members-invite-text = Personen får en e-mail med et link. Har vedkommende ikke en konto, kan den oprettes fra linket.
members-invite-email = Personens e-mailadresse
members-invite-email-hint = Invitationen gælder kun for denne adresse.
members-invite-role = Hvilken rolle skal personen have?
members-invite-submit = Send invitation
members-invitations = Åbne invitationer
members-no-invitations = Der er ingen åbne invitationer.
members-expires = Udløber
members-withdraw = Træk tilbage
members-leave = Forlad organisationen
members-leave-text = Du mister adgangen til organisationens kladder og medlemmer. Er du den eneste ejer, skal du først gøre en anden til ejer.
members-leave-submit = Forlad { $organisation }

## Administration
admin-title = Administration
admin-description = Kataloget, døde e-mails og platformsroller.
admin-lead = Her styrer du kataloget over anbefalinger, sender e-mails igen, der ikke kom frem, og giver platformsroller.
admin-catalogue-title = Katalog
admin-catalogue-description = Indlæs en ny udgave af kataloget, ret en anbefalings tekster, eller træk en anbefaling tilbage.
admin-catalogue-version = Indlæst katalog: version { $version }.
admin-catalogue-no-version = Der er ikke indlæst noget katalog.
admin-catalogue-code = Kode
admin-catalogue-recommendation = Anbefaling
admin-catalogue-edit = Ret tekster
admin-catalogue-retire = Træk tilbage
admin-catalogue-import = Indlæs en ny udgave
admin-catalogue-import-text = Filen har samme format som data/seed/catalogue.toml og et højere versionsnummer. Den kontrolleres hel først: er der en fejl, ændres intet, og fejlen vises med linje og felt. Det, den nye fil ikke nævner, bliver trukket tilbage, aldrig slettet.
admin-catalogue-file = Katalogfil (TOML)
admin-catalogue-file-hint = Vælg en fil på din computer.
admin-catalogue-file-missing = Vælg en katalogfil.
admin-catalogue-file-not-text = Filen er ikke en tekstfil i UTF-8.
admin-catalogue-file-refused = Filen blev ikke indlæst: { $error }
admin-catalogue-import-submit = Indlæs kataloget
admin-catalogue-imported = Kataloget version { $version } er indlæst: { $themes } temaer, { $recommendations } anbefalinger og { $toolbox } værktøjer; { $retired } trukket tilbage.
admin-edit-title = Ret { $code }
admin-edit-description = Ret en anbefalings titel og resumé på dansk og engelsk.
admin-edit-lead = Rettelserne gælder med det samme. Den næste udgave af kataloget, der indlæses, bestemmer teksterne igen.
admin-edit-title-da = Titel på dansk
admin-edit-summary-da = Resumé på dansk
admin-edit-title-en = Titel på engelsk
admin-edit-summary-en = Resumé på engelsk
admin-edit-submit = Gem teksterne
admin-retire-title = Træk { $code } tilbage
admin-retire-description = Træk en anbefaling tilbage. Den slettes ikke.
admin-retire-text = Anbefalingen slettes ikke: dens side og alle links til den virker fortsat, og den vises som udgået. Er den erstattet af en anden, peger den videre dertil.
admin-retire-replaced-by = Erstattes af (kan udelades)
admin-retire-replaced-by-hint = En gældende anbefaling, som afløser denne.
admin-retire-no-replacement = Ingen afløser
admin-retire-submit = Træk anbefalingen tilbage
admin-emails-title = Døde e-mails
admin-emails-description = E-mails, der ikke kom frem efter sidste forsøg.
admin-emails-lead = Disse e-mails kom ikke frem, heller ikke efter sidste forsøg. Ret årsagen (fx mailserveren), og send dem igen.
admin-emails-count = Døde e-mails lige nu: { $count }.
admin-emails-none = Der er ingen døde e-mails.
admin-emails-recipient = Modtager
admin-emails-subject = Emne
admin-emails-queued = Sat i kø
admin-emails-attempts = Forsøg
admin-emails-error = Sidste fejl
admin-emails-retry = Send igen
admin-roles-title = Platformsroller
admin-roles-description = Giv eller tag rollerne administrator og analytiker.
admin-roles-lead = Platformsroller giver ingen rettigheder i organisationerne. Personen skal have oprettet en konto først.
admin-roles-holders = Konti med en platformsrolle
admin-roles-revoke = Tag rollen
admin-roles-grant = Giv en rolle
admin-roles-email = Kontoens e-mailadresse
admin-roles-email-hint = Den adresse, personen har oprettet sin konto med.
admin-roles-role = Rolle
admin-roles-grant-submit = Giv rollen
admin-roles-no-account = Ingen konto har den e-mailadresse. Personen skal oprette en konto først.
admin-roles-role-choose = Vælg administrator eller analytiker.
admin-roles-not-yourself = Du kan ikke tage din egen administratorrolle her. Bed en anden administrator om det, eller brug kommandolinjen.
platform-role-admin = Administrator
platform-role-admin-hint = Styrer kataloget, moderation, e-mails og roller.
platform-role-analyst = Analytiker
platform-role-analyst-hint = Ser alle tal for, hvordan anbefalingerne bliver taget i brug, og kan hente dem.
platform-role-none = Ingen
