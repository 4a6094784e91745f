# Sidernes tekster.

## Ramme: sidehoved, navigation, sidefod
site-title = { $page } – bymidter
site-title-home = bymidter – registret over danske bysamarbejder
site-tagline = Registret over danske bysamarbejder
language-name = Dansk
language-switch-prefix = Skift sprog til
nav-label = Hovedmenu
nav-home = Forside
nav-recommendations = Anbefalinger
nav-toolbox = Værktøjskassen
nav-themes = Temaer
nav-places = Kommuner
breadcrumbs-label = Du er her
footer-about = bymidter er registret over danske bysamarbejder. Kataloget bygger på arbejdet i Partnerskab for levende bymidter (2020–2022); teksterne er vores egne korte gengivelser.
footer-catalogue = Kataloget
footer-service = Om tjenesten
footer-api = API-reference
footer-language = Sprog / Language
contents = Indhold

## Fælles betegnelser
label-themes = Temaer
label-addressees = Rettet til
label-status = Status
label-region = Region
label-region-code = Regionskode
label-municipality-code = Kommunekode
label-municipalities = Kommuner
badge-provisional = Foreløbig
badge-retired = Udgået
addressee-state = staten
addressee-municipalities = kommunerne
addressee-business = erhvervslivet

## Forsiden
home-title = Forside
home-description = Registret over danske bysamarbejder: find samarbejder i byer som din, og læs anbefalingerne og værktøjskassen fra Partnerskab for levende bymidter.
home-heading = Find og del erfaringer fra bysamarbejder
home-lead = bymidter samler de danske bysamarbejder – bymidtepartnerskaber, citychefer og kommuner – og knytter dem til anbefalingerne og værktøjskassen fra Partnerskab for levende bymidter. Så kan du finde byer, der ligner din, og se, hvad de har gjort.
home-search-region = Søg i samarbejderne
home-search-label = Søg efter samarbejder
home-search-hint = Skriv fx en by, en kommune eller et emne som tomme butikker.
home-search-button = Søg
home-recommendations-heading = Partnerskabets anbefalinger
home-recommendations-intro = Partnerskab for levende bymidter gav anbefalinger til staten, kommunerne og erhvervslivet. Hvert samarbejde kan vise, hvilke af dem det arbejder med.
home-recommendations-all = Se alle anbefalinger
home-catalogue-heading = Find vej i kataloget
home-toolbox-text = { $count } værktøjer til at organisere og drive et bysamarbejde, blandt andet de fire organiseringsmodeller.
home-themes-text = { $count } temaer og undertemaer, som partnerskabet arbejdede med – fra vidensgrundlaget til tomme butikker.
home-places-text = Alle { $municipalities } kommuner, ordnet efter de { $regions } regioner.
home-audience-heading = Hvem er bymidter til?
home-audience-partnerships = Bysamarbejder og citychefer
home-audience-partnerships-text = Registrerer deres samarbejde, holder det opdateret og deler erfaringer med andre byer.
home-audience-planners = Kommunale planlæggere
home-audience-planners-text = Finder samarbejder i byer, der ligner deres egen, og følger anbefalinger, temaer og kommuner.
home-audience-ministry = Ministeriet
home-audience-ministry-text = Følger, hvordan anbefalingerne bliver taget i brug i hele landet.

## Anbefalinger
recommendations-title = Anbefalinger
recommendations-description = Anbefalingerne fra Partnerskab for levende bymidter til staten, kommunerne og erhvervslivet.
recommendations-lead = Partnerskab for levende bymidter samlede kommuner, erhvervsliv og organisationer om at styrke de danske bymidter. Her er partnerskabets anbefalinger, og hvem de er rettet til.
recommendations-provisional-note = Anbefalingerne er foreløbige: teksterne er vores korte gengivelse af emner, som offentlige kilder bekræfter, og koderne (P1, P2 …) er vores egne. Når partnerskabets officielle liste bliver indlæst, peger de foreløbige anbefalinger videre til de officielle.
recommendations-current = Gældende anbefalinger
recommendations-none = Der er ingen gældende anbefalinger i kataloget.
recommendations-retired = Udgåede anbefalinger
recommendations-retired-intro = Disse anbefalinger er erstattet eller trukket tilbage. Deres sider findes stadig, så links til dem virker.
recommendation-replaced-by-short = erstattet af { $code }
recommendation-heading = { $code }: { $title }
recommendation-eyebrow = Anbefaling
recommendation-retired-title = Anbefalingen er udgået
recommendation-retired-replaced = Den er erstattet af
recommendation-retired-text = Den er trukket tilbage uden en afløser. Siden findes stadig, så links til den virker.
recommendation-status-provisional = Foreløbig formulering
recommendation-status-current = Gældende
recommendation-replaces = Erstatter
recommendation-related-tools = Værktøjer til de samme temaer
recommendation-related = Andre anbefalinger under de samme temaer

## Værktøjskassen
toolbox-title = Værktøjskassen
toolbox-description = Partnerskabets værktøjskasse: hvordan et bysamarbejde organiseres, planlægger og lærer, og de fire organiseringsmodeller.
toolbox-lead = Værktøjskassen samler råd til at starte og drive et bysamarbejde: hvem der skal med, hvordan I organiserer jer, og hvordan I planlægger aktiviteter og lærer af dem.
toolbox-eyebrow = Værktøjskassen
toolbox-retired-title = Værktøjet er udgået
toolbox-retired-text = Det er ikke længere en del af værktøjskassen, men siden findes stadig, så links til den virker.
toolbox-model-title = En af de fire organiseringsmodeller
toolbox-model-text = »{ $model }« er en af de fire måder, et bysamarbejde kan organiseres på.
toolbox-model-compare = Sammenlign de fire modeller
toolbox-other-models = De andre organiseringsmodeller
toolbox-related-recommendations = Anbefalinger under de samme temaer
toolbox-same-section = Mere fra »{ $section }«
models-heading = De fire organiseringsmodeller
models-intro = Et bysamarbejde kan organiseres på fire måder. De adskiller sig ved, hvor forpligtende samarbejdet er, og om det er private aktører eller kommunen, der leder det. Når et samarbejde registreres, vælger det en af de fire.
models-caption = De fire organiseringsmodeller efter, hvor forpligtende samarbejdet er, og hvem der leder det
models-private = Privat ledet
models-private-hint = Handel, ejendomsejere og andre private aktører driver samarbejdet.
models-public = Offentligt ledet
models-public-hint = Kommunen faciliterer eller er kernepartner.
models-informal = Uformel
models-informal-hint = Løst, uden bindende medlemskab.
models-formal = Formel
models-formal-hint = Bundet af vedtægter, kontingent eller en aftale.
model-informal-private = Uformel privat organisering
model-formal-private = Formel privat organisering
model-informal-public = Uformel offentlig organisering
model-formal-public = Formel offentlig organisering

## Temaer
themes-title = Temaer
themes-description = De temaer, Partnerskab for levende bymidter arbejdede med, og de anbefalinger og værktøjer, der hører til.
themes-lead = Partnerskabet arbejdede med fem temaer. Hvert tema samler anbefalinger og værktøjer.
theme-heading = Tema { $code }: { $name }
theme-eyebrow = Tema
theme-part-of = del af
theme-retired-text = Temaet er ikke længere en del af kataloget, men siden findes stadig.
theme-children = Undertemaer
theme-recommendations = Anbefalinger
theme-no-recommendations = Ingen anbefalinger hører til temaet.
theme-tools = Værktøjer
theme-no-tools = Ingen værktøjer hører til temaet.

## Kommuner og regioner
municipalities-title = Kommuner
municipalities-description = Alle danske kommuner, ordnet efter region.
municipalities-lead = Alle { $count } kommuner, ordnet efter region. Hver kommune har sin egen side.
municipalities-region-link = Om { $region }
municipality-heading = { $name } – kommune
municipality-description = { $name } er en kommune i { $region }.
municipality-eyebrow = Kommune
municipality-same-region = Andre kommuner i { $region }
regions-title = Regioner
regions-description = De fem danske regioner og deres kommuner.
regions-lead = Danmark har fem regioner. Hver region har en side med sine kommuner.
region-count = { $count } kommuner
region-description = { $name } og dens { $count } kommuner.
region-eyebrow = Region
region-municipalities = Kommunerne i regionen

## Sprog
language-title = Sprog
language-description = Vælg, om bymidter skal vises på dansk eller engelsk.
language-lead = bymidter findes på dansk og engelsk.
language-legend = Hvilket sprog vil du bruge?
language-hint = Vi gemmer dit valg i en cookie på denne enhed.
language-save = Gem valget
field-language-choose = Vælg dansk eller engelsk.

## Formularer
title-with-errors = Fejl: { $title }
form-error-summary-title = Der er et problem
form-error-prefix = Fejl:
problem-csrf = Formularen kunne ikke godkendes. Den er måske for gammel, eller cookies er slået fra. Gå tilbage, genindlæs siden, og prøv igen.
problem-not-form = Indholdet skal sendes som en formular.

## Fejlsider
error-status = Fejl { $status }
error-not-found-detail = Siden findes ikke. Måske er adressen skrevet forkert, eller siden er flyttet.
error-not-found-next = Prøv i stedet
error-link-home = Gå til forsiden
error-reference = Oplys denne reference, hvis du kontakter os:

## API-reference
docs-title = { $title } – reference
docs-document = Dokument
