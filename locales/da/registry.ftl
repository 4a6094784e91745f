# Registret: samarbejder, erfaringer, kommentarer.

problem-not-editor = Kun organisationens redaktører og ejere kan ændre dette.
problem-bad-if-match = If-Match-headeren skal angive en version, fx "3".
problem-experience-not-published = Erfaringen er ikke offentliggjort, så den kan ikke kommenteres.
problem-not-answerer = Kun erfaringens forfatter og organisationens redaktører kan besvare spørgsmål.

field-too-long = Feltet må højst være på { $max } tegn.
field-number-range = Tallet skal være mellem { $min } og { $max }.
field-url-invalid = Skriv en fuld webadresse, der begynder med http:// eller https://.
field-theme-unknown = Temaet "{ $value }" findes ikke.
field-themes-required = Vælg mindst ét tema.
field-ended-before-started = Slutdatoen kan ikke ligge før startdatoen.
field-collaboration-slug-taken = Organisationen har allerede et samarbejde med denne titel.
field-link-transition = Status kan ikke gå fra { $from } til { $to }. Status går fremad (overvejet, planlagt, i gang, gennemført, evalueret) eller kan opgives.
field-reason-required = Skriv hvorfor anbefalingen er opgivet.
field-recommendation-retired = Anbefalingen "{ $value }" er udgået og kan ikke vælges til nye koblinger.
field-toolbox-retired = Værktøjet "{ $value }" er udgået og kan ikke vælges til nye koblinger.
field-recommendation-unknown = Anbefalingen "{ $value }" findes ikke.
field-toolbox-unknown = Værktøjet "{ $value }" findes ikke.
field-region-unknown = Regionskoden findes ikke. Brug en af de fem regionskoder, fx 1085.
field-organisation-unknown = Organisationens id er ikke gyldigt.
field-cursor-invalid = Markøren er ugyldig. Brug next_cursor fra forrige side.
field-question-unknown = Spørgsmålet findes ikke på denne erfaring.
field-answer-only = Kun svar kan henvise til et spørgsmål.
field-csv-unreadable = Filen kan ikke læses som CSV.
field-csv-not-utf8 = Filen skal være gemt som UTF-8.
field-csv-unknown-column = Kolonnen kendes ikke.
field-csv-missing-column = Kolonnen mangler i første linje.
field-csv-bad-row = Linjen har ikke samme antal kolonner som første linje.
field-csv-duplicate-title = Samme titel står også i linje { $line }.
field-requires = Parameteren kræver også { $other }.

## Status for en anbefaling
status-considered = Overvejet
status-planned = Planlagt
status-in-progress = I gang
status-implemented = Gennemført
status-evaluated = Evalueret
status-abandoned = Opgivet

## Udbytte af et værktøj
outcome-helped = Hjalp
outcome-neutral = Neutral
outcome-did-not-help = Hjalp ikke
outcome-not-reported = Ikke oplyst
