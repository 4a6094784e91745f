# Fælles tekster: fejl, felter, API-referencen.

yes = Ja
no = Nej
skip-to-content = Gå til indhold

## Fejl (application/problem+json)
problem-bad-request = Forespørgslen kan ikke forstås
problem-bad-request-detail = Forespørgslen er ikke udformet, som tjenesten forventer.
problem-unauthorized = Du er ikke logget ind
problem-unauthorized-detail = Log ind og prøv igen.
problem-forbidden = Du har ikke adgang
problem-forbidden-detail = Din konto må ikke gøre dette.
problem-not-found = Ikke fundet
problem-not-found-detail = Der findes intet på denne adresse, som du kan se.
problem-method-not-allowed = Metoden er ikke tilladt
problem-method-not-allowed-detail = Adressen findes, men ikke med denne metode. Se Allow-headeren.
problem-timeout = Forespørgslen tog for lang tid
problem-timeout-detail = Tjenesten nåede ikke at svare i tide. Prøv igen.
problem-conflict = Konflikt
problem-conflict-detail = Ændringen passer ikke med det, der allerede er gemt.
problem-precondition-failed = Forudsætningen holder ikke
problem-precondition-failed-detail = Den version, du sendte, er ikke den gemte.
problem-stale-version-detail = En anden har gemt en ændring, siden du hentede posten. Hent den nyeste version og prøv igen; intet er overskrevet.
problem-payload-too-large = Indholdet er for stort
problem-payload-too-large-detail = Forespørgslens indhold er større, end tjenesten tager imod.
problem-unsupported-media-type = Indholdstypen understøttes ikke
problem-unsupported-media-type-detail = Send indholdet i et format, tjenesten forstår.
problem-validation = Nogle felter er ikke udfyldt korrekt
problem-validation-detail = Ret felterne i listen og prøv igen. Intet er gemt.
problem-too-many-requests = For mange forsøg
problem-too-many-requests-detail = Vent lidt, før du prøver igen.
problem-unavailable = Tjenesten er midlertidigt utilgængelig
problem-unavailable-detail = Databasen svarer ikke lige nu. Prøv igen om lidt.
problem-internal = Der skete en fejl hos os
problem-internal-detail = Fejlen er logget. Prøv igen om lidt.
problem-not-json = Indholdet skal være JSON (Content-Type: application/json).
problem-body-unreadable = Forespørgslens indhold kunne ikke læses.
problem-malformed-json = Indholdet er ikke gyldig JSON.

## Felter
field-unknown = Feltet findes ikke.
field-required = Feltet skal udfyldes.
field-wrong-type = Feltet har en forkert type.
field-unknown-value = Værdien er ikke en af de tilladte: { $allowed }.
field-email-invalid = Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.
field-password-short = Adgangskoden skal være på mindst { $min } tegn.
field-password-long = Adgangskoden må højst være på { $max } tegn.
field-password-common = Adgangskoden er for almindelig. Vælg en, der er sværere at gætte, fx en sætning.
field-municipality-unknown = Kommunekoden findes ikke. Brug en af de 98 kommunekoder.

## Katalogimport
catalogue-error-at-line = linje { $line }: { $message }
catalogue-error-at = linje { $line }, { $field }: { $message }
catalogue-error-syntax = filen kan ikke læses: { $message }
catalogue-error-duplicate = koden "{ $value }" står der to gange
catalogue-error-unknown-theme = temaet "{ $value }" findes ikke i filen
catalogue-error-unknown-section = afsnittet "{ $value }" findes ikke i filen
catalogue-error-unknown-value = værdien "{ $value }" kendes ikke
catalogue-error-bad-code = koden "{ $value }" må kun have bogstaver, tal, punktum og bindestreg
catalogue-error-empty-text = en tekst på dansk eller engelsk er tom
catalogue-error-replaces-itself = en anbefaling kan ikke erstatte sig selv
catalogue-error-store = databasen afviste importen: { $error }

## API-reference
docs-reference = API-reference
docs-version = Version
docs-openapi-link = OpenAPI-dokumentet (JSON)
docs-auth-note = Kald, der kræver login, sender et adgangstoken: Authorization: Bearer <token>.
docs-contents = Indhold
docs-parameters = Parametre
docs-name = Navn
docs-in = Hvor
docs-required = Påkrævet
docs-description = Beskrivelse
docs-request-body = Indhold
docs-responses = Svar
docs-status = Status
docs-body = Indhold
docs-requires-login = Kræver login.

## Login
problem-login-required = Log ind for at gøre dette.
problem-token-invalid = Adgangstokenet er ugyldigt eller udløbet. Log ind igen.
problem-token-revoked = Adgangstokenet er trukket tilbage. Log ind igen.
problem-email-unverified = Bekræft din e-mailadresse først. Vi har sendt dig et link.
field-email-taken = E-mailadressen er allerede i brug.
field-slug-taken = Adressen (slug) er allerede i brug.
