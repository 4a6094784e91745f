# Redaktørernes sider: registrere og redigere et samarbejde, koblinger, erfaringer, svar.

## Fejl
editor-choice-unknown = Vælg en af mulighederne på listen.
editor-number-invalid = Skriv tallet med cifre, fx 43000.
editor-date-invalid = Skriv datoen som år-måned-dag, fx 2021-03-01.
editor-organisation-choose = Vælg den organisation, samarbejdet hører til.
editor-link-recommendation-required = Vælg en anbefaling.
editor-link-status-required = Vælg, hvor langt I er med anbefalingen.
editor-link-tool-required = Vælg et værktøj.
editor-stale = En anden har gemt ændringer, mens du redigerede. Intet er overskrevet; se begge versioner herunder.

editor-municipality-choose = Vælg kommunen, samarbejdet ligger i.
editor-title-required = Skriv samarbejdets titel.
editor-summary-required = Skriv en kort beskrivelse.
editor-town-required = Skriv byens navn.
editor-model-required = Vælg den organisering, der ligner jeres bedst.
editor-visibility-required = Vælg, hvem der må se samarbejdet.

## Formularen
editor-section-about = Om samarbejdet
editor-section-place = Hvor
editor-section-organisation = Organisering og parter
editor-section-work = Arbejdet
editor-section-contact = Hjemmeside, kontakt og synlighed
editor-field-organisation = Organisation
editor-field-organisation-hint = Samarbejdet registreres for en organisation, hvor du er redaktør eller ejer.
editor-field-title = Titel
editor-field-title-hint = Samarbejdets navn, som det kendes lokalt, fx »Næstved Bymidte«.
editor-field-summary = Kort beskrivelse
editor-field-summary-hint = Et par sætninger, der vises i lister og søgeresultater. Højst 500 tegn.
editor-field-description = Beskrivelse
editor-field-description-hint = Fortæl om formål, parter og aktiviteter. Du kan bruge Markdown: **fed**, *kursiv*, lister med - og links.
editor-field-municipality = Kommune
editor-field-town = By
editor-field-town-population = Indbyggertal i byen
editor-field-town-population-hint = Valgfrit. Bruges til at finde samarbejder i byer af samme størrelse.
editor-field-organisation-model = Organisering
editor-field-organisation-model-hint = Værktøjskassens fire måder at organisere et bysamarbejde på. Vælg den, der ligner jeres bedst.
editor-field-themes = Temaer
editor-field-themes-hint = Vælg mindst ét af partnerskabets temaer.
editor-field-partner-kinds = Parter i samarbejdet
editor-field-fee-bases = Finansiering
editor-field-status = Status
editor-field-started-on = Startdato
editor-field-ended-on = Slutdato
editor-field-date-hint = Valgfrit. Skriv datoen som år-måned-dag, fx 2021-03-01.
editor-field-ended-on-hint = Kun hvis samarbejdet er afsluttet. Skriv datoen som år-måned-dag.
editor-field-website = Hjemmeside
editor-field-website-hint = Valgfrit. Hele adressen, fx https://naestvedbymidte.dk.
editor-field-contact = Kontaktadresse
editor-field-contact-hint = Valgfrit. Brug en fælles adresse, fx bymidte@kommune.dk. Den vises kun for brugere med login.
editor-field-visibility = Hvem må se samarbejdet, når det er offentliggjort?
editor-visibility-public = Alle
editor-visibility-public-hint = Også besøgende uden login og i de åbne data.
editor-visibility-members = Brugere med login
editor-visibility-members-hint = Alle, der er logget ind på bymidter.
editor-visibility-private = Kun organisationen
editor-visibility-private-hint = Kun jeres egne medlemmer.

## Registrere
editor-new-title = Registrér et samarbejde
editor-new-description = Registrér et bysamarbejde, så andre kan lære af det.
editor-new-lead = Samarbejdet gemmes som en kladde, som kun jeres organisation kan se. Bagefter kan du koble anbefalinger og værktøjer på, se det igennem og offentliggøre det.
editor-new-submit = Gem kladden
editor-new-unverified = Bekræft din e-mailadresse, før du registrerer et samarbejde.
editor-new-no-organisation-title = Du er ikke redaktør i en organisation
editor-new-no-organisation = Et samarbejde hører til en organisation. Opret jeres organisation, eller bed en ejer om at invitere dig som redaktør.
editor-new-create-organisation = Opret en organisation
editor-write-new = Registrér et samarbejde

## Redigere
editor-edit-title = Redigér { $title }
editor-edit-description = Redigér samarbejdets oplysninger og koblinger.
editor-edit-crumb = Redigér
editor-state-published = Samarbejdet er offentliggjort.
editor-state-draft = Samarbejdet er en kladde. Kun jeres organisation kan se det.
editor-see-page = Se siden
editor-publish = Offentliggør
editor-unpublish = Gør til kladde igen
editor-write-experience = Skriv en erfaring
editor-delete = Slet samarbejdet
editor-details-title = Oplysninger
editor-save = Gem ændringerne
editor-preview = Vis et eksempel
editor-preview-title = Eksempel
editor-preview-hint = Sådan kommer teksterne til at se ud. Intet er gemt endnu.
editor-stale-title = To versioner
editor-stale-lead = Her er felterne, hvor den gemte version og din er forskellige.
editor-stale-field = Felt
editor-stale-theirs = Gemt af en anden
editor-stale-yours = Din version
editor-stale-then = Din version står stadig i formularen. Gem igen for at bruge den, eller åbn siden igen for at begynde fra den gemte.
editor-panel-title = For redaktører
editor-edit = Redigér samarbejdet

## Koblinger
editor-links-recommendations-intro = Kobl de anbefalinger på, I arbejder med, og hvor langt I er. Hver ændring gemmes med dato, så udviklingen kan følges.
editor-links-tools-intro = Kobl de værktøjer fra værktøjskassen på, I har brugt, og om de hjalp.
editor-link-recommendation-form = Kobl en anbefaling på eller ret en kobling
editor-link-tool-form = Kobl et værktøj på eller ret en kobling
editor-link-recommendation = Anbefaling
editor-link-recommendation-hint = Vælger du en, der allerede er koblet på, ændres den.
editor-link-recommendation-choose = Vælg anbefaling
editor-link-status = Status
editor-link-status-hint = Status går fremad: overvejet, planlagt, i gang, gennemført, evalueret. Opgivet kan vælges når som helst.
editor-link-status-choose = Vælg status
editor-link-reason = Hvorfor er den opgivet?
editor-link-reason-hint = Skal udfyldes, når status er opgivet.
editor-link-note = Note
editor-link-evidence = Link til dokumentation
editor-link-evidence-hint = Valgfrit, fx en evaluering eller et referat. Hele adressen med https://.
editor-link-tool = Værktøj
editor-link-tool-choose = Vælg værktøj
editor-link-outcome = Udbytte
editor-link-outcome-hint = Hjalp værktøjet jer?
editor-link-save = Gem koblingen
editor-link-change = Ret
editor-link-remove = Fjern

## Slette
editor-delete-title = Slet { $title }?
editor-delete-crumb = Slet
editor-delete-draft = Kladden slettes og kan ikke findes igen.
editor-delete-published = Samarbejdet fjernes fra registret. Det har været offentliggjort, så det gemmes skjult af hensyn til historikken.
editor-delete-confirm = Ja, slet samarbejdet

## Erfaringer, kommentarer og anmeldelser
experience-new-title = Ny erfaring fra { $title }
experience-new-crumb = Ny erfaring
experience-new-heading = Skriv en erfaring
experience-new-lead = Del hvad I gjorde, hvad der virkede, og hvad andre kan lære. Erfaringen gemmes som en kladde, som du offentliggør fra dens side.
experience-new-submit = Gem kladden
experience-field-title = Titel
experience-field-title-hint = Fx »Pop-up i tomme butikker«.
experience-field-body = Hvad gjorde I?
experience-field-setback = Tilbageslag
experience-field-setback-yes = Erfaringen handler om noget, der ikke lykkedes
experience-field-setback-hint = Også det, der gik galt, er værd at dele.
experience-publish = Offentliggør erfaringen
experience-write-comment = Skriv en kommentar eller et spørgsmål
experience-answer = Svar på spørgsmålet
experience-report = Anmeld
experience-report-experience = Anmeld erfaringen
experience-log-in-to-comment = Log ind for at kommentere eller stille et spørgsmål.
comment-field-body = Din tekst
comment-field-kind = Hvad er det?
comment-form-title = Skriv en kommentar
comment-submit = Send
report-field-reason = Hvorfor er det upassende?
report-field-reason-hint = Moderatorerne læser din begrundelse.
report-form-title = Anmeld til moderatorerne
report-submit = Send anmeldelsen

## Beskeder
notice-collaboration-created = Kladden er gemt. Kobl anbefalinger og værktøjer på, og offentliggør samarbejdet, når det er klar.
notice-collaboration-saved = Ændringerne er gemt.
notice-collaboration-published = Samarbejdet er offentliggjort.
notice-collaboration-unpublished = Samarbejdet er en kladde igen.
notice-collaboration-deleted = Samarbejdet er slettet.
notice-link-saved = Koblingen er gemt.
notice-link-removed = Koblingen er fjernet.
notice-experience-created = Erfaringen er gemt som kladde.
notice-experience-published = Erfaringen er offentliggjort.
notice-comment-posted = Dit indlæg er sendt.
notice-report-sent = Tak. Moderatorerne ser på det.
organisation-no-collaborations = Organisationen har ikke registreret samarbejder, som du kan se.
