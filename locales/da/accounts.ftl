# Konti, organisationer, roller og e-mails.

## Fejl
problem-login-failed = E-mailadressen eller adgangskoden er forkert.
problem-refresh-invalid = Sessionen er udløbet eller afsluttet. Log ind igen.
problem-verify-token-invalid = Linket til at bekræfte e-mailadressen er ugyldigt, udløbet eller allerede brugt. Bed om et nyt.
problem-reset-token-invalid = Linket til at vælge en ny adgangskode er ugyldigt, udløbet eller allerede brugt. Bed om et nyt.
problem-invitation-invalid = Invitationen er ugyldig, udløbet, trukket tilbage eller allerede brugt. Bed om en ny.
problem-invitation-other-email = Invitationen er sendt til en anden e-mailadresse end den, du er logget ind med.
problem-owner-only = Kun organisationens ejere kan gøre dette.
problem-member-only = Kun organisationens medlemmer kan gøre dette.
problem-admin-only = Kun driftsansvarlige (administratorer) kan gøre dette.
problem-last-owner = Organisationen skal have mindst én ejer. Gør et andet medlem til ejer først.
problem-already-member = Personen er allerede medlem af organisationen.

## Felter
field-name-length = Navnet skal være mellem 1 og { $max } tegn.
field-password-wrong = Den nuværende adgangskode er forkert.
field-municipality-required = Vælg kommunen (kun ministeriet har ingen).
field-invitation-other-email = Invitationen er sendt til en anden e-mailadresse. Registrér dig med den adresse, invitationen blev sendt til.
field-token-required = Koden fra linket mangler.

## Roller
role-owner = ejer
role-editor = redaktør
role-viewer = læser

## Svar
status-verification-sent = Hvis adressen kan bruges, har vi sendt en e-mail med et link.

## E-mails
email-greeting = Hej { $name }
email-signature = Venlig hilsen bymidter – registret over danske bymidtesamarbejder
email-link-fallback = Virker knappen ikke, så kopiér dette link ind i din browser:
email-verify-subject = Bekræft din e-mailadresse hos bymidter
email-verify-intro = Tak fordi du har oprettet en konto hos bymidter. Bekræft din e-mailadresse ved at åbne linket herunder.
email-verify-action = Bekræft e-mailadressen
email-verify-expiry = Linket virker i { $hours } timer.
email-verify-ignore = Har du ikke oprettet en konto, kan du se bort fra denne e-mail.
email-exists-subject = Du har allerede en konto hos bymidter
email-exists-intro = Nogen (måske dig) har forsøgt at oprette en konto hos bymidter med denne e-mailadresse. Du har allerede en konto, så der er ikke oprettet en ny.
email-exists-login = Log ind her:
email-exists-reset = Har du glemt adgangskoden, kan du vælge en ny her:
email-exists-ignore = Var det ikke dig, kan du se bort fra denne e-mail. Din konto er uændret.
email-reset-subject = Vælg en ny adgangskode til bymidter
email-reset-intro = Vi har fået en anmodning om at nulstille adgangskoden til din konto. Åbn linket herunder for at vælge en ny.
email-reset-action = Vælg en ny adgangskode
email-reset-expiry = Linket virker i { $minutes } minutter og kan bruges én gang.
email-reset-ignore = Har du ikke bedt om det, kan du se bort fra denne e-mail. Din adgangskode er uændret.
email-changed-subject = Din adgangskode til bymidter er ændret
email-changed-intro = Adgangskoden til din konto er netop blevet ændret, og du er logget ud alle steder.
email-changed-not-you = Var det ikke dig, så vælg en ny adgangskode med det samme:
email-invitation-subject = Invitation til { $organisation } på bymidter
email-invitation-hello = Hej
email-invitation-intro = { $inviter } har inviteret dig til at være { $role } i { $organisation } på bymidter, registret over danske bymidtesamarbejder.
email-invitation-how = Åbn linket for at tage imod invitationen. Har du ikke en konto, kan du oprette en med denne e-mailadresse fra samme link.
email-invitation-action = Tag imod invitationen
email-invitation-expiry = Invitationen gælder i { $days } dage.
email-invitation-ignore = Kender du ikke afsenderen, kan du se bort fra denne e-mail.
