# The pages' texts.

## Frame: header, navigation, footer
site-title = { $page } – bymidter
site-title-home = bymidter – the registry of Danish town-centre collaborations
site-tagline = The registry of Danish town-centre collaborations
language-name = English
language-switch-prefix = Change language to
nav-label = Main menu
nav-home = Home
nav-recommendations = Recommendations
nav-toolbox = Toolbox
nav-themes = Themes
nav-places = Municipalities
breadcrumbs-label = You are here
footer-about = bymidter is the registry of Danish town-centre collaborations. The catalogue builds on the work of the Partnership for Living Town Centres (Partnerskab for levende bymidter, 2020–2022); the texts are our own short renderings.
footer-catalogue = The catalogue
footer-service = About the service
footer-api = API reference
footer-language = Sprog / Language
contents = Contents

## Shared labels
label-themes = Themes
label-addressees = Addressed to
label-status = Status
label-region = Region
label-region-code = Region code
label-municipality-code = Municipality code
label-municipalities = Municipalities
badge-provisional = Provisional
badge-retired = Retired
addressee-state = the state
addressee-municipalities = the municipalities
addressee-business = business

## Front page
home-title = Home
home-description = The registry of Danish town-centre collaborations: find collaborations in towns like yours, and read the recommendations and toolbox of the Partnership for Living Town Centres.
home-heading = Find and share what town-centre collaborations have learnt
home-lead = bymidter brings together Denmark's town-centre collaborations – partnerships, city managers and municipalities – and links them to the recommendations and toolbox of the Partnership for Living Town Centres. So you can find towns like yours and see what they have done.
home-search-region = Search the collaborations
home-search-label = Search for collaborations
home-search-hint = For example a town, a municipality or a topic such as empty shops.
home-search-button = Search
home-recommendations-heading = The partnership's recommendations
home-recommendations-intro = The Partnership for Living Town Centres made recommendations to the state, the municipalities and business. Each collaboration can show which of them it works on.
home-recommendations-all = See all recommendations
home-catalogue-heading = Find your way in the catalogue
home-toolbox-text = { $count } tools for organising and running a town-centre collaboration, including the four organisation models.
home-themes-text = { $count } themes and sub-themes the partnership worked on – from the knowledge base to empty shops.
home-places-text = All { $municipalities } municipalities, arranged by the { $regions } regions.
home-audience-heading = Who is bymidter for?
home-audience-partnerships = Town-centre partnerships and city managers
home-audience-partnerships-text = Register their collaboration, keep it up to date and share experience with other towns.
home-audience-planners = Municipal planners
home-audience-planners-text = Find collaborations in towns like their own, and follow recommendations, themes and municipalities.
home-audience-ministry = The ministry
home-audience-ministry-text = Follows how the recommendations are taken up across the country.

## Recommendations
recommendations-title = Recommendations
recommendations-description = The recommendations of the Partnership for Living Town Centres to the state, the municipalities and business.
recommendations-lead = The Partnership for Living Town Centres brought municipalities, business and organisations together to strengthen Danish town centres. These are the partnership's recommendations, and whom they are addressed to.
recommendations-provisional-note = The recommendations are provisional: the texts are our short rendering of topics that public sources confirm, and the codes (P1, P2 …) are our own. When the partnership's official list is loaded, the provisional recommendations will point on to the official ones.
recommendations-current = Current recommendations
recommendations-none = The catalogue holds no current recommendations.
recommendations-retired = Retired recommendations
recommendations-retired-intro = These recommendations have been replaced or withdrawn. Their pages remain, so links to them keep working.
recommendation-replaced-by-short = replaced by { $code }
recommendation-heading = { $code }: { $title }
recommendation-eyebrow = Recommendation
recommendation-retired-title = This recommendation is retired
recommendation-retired-replaced = It has been replaced by
recommendation-retired-text = It was withdrawn without a successor. The page remains, so links to it keep working.
recommendation-status-provisional = Provisional wording
recommendation-status-current = Current
recommendation-replaces = Replaces
recommendation-related-tools = Tools on the same themes
recommendation-related = Other recommendations on the same themes

## Toolbox
toolbox-title = Toolbox
toolbox-description = The partnership's toolbox: how a town-centre collaboration organises, plans and learns, and the four organisation models.
toolbox-lead = The toolbox gathers advice on starting and running a town-centre collaboration: who should take part, how to organise, and how to plan activities and learn from them.
toolbox-eyebrow = Toolbox
toolbox-retired-title = This tool is retired
toolbox-retired-text = It is no longer part of the toolbox, but the page remains, so links to it keep working.
toolbox-model-title = One of the four organisation models
toolbox-model-text = “{ $model }” is one of the four ways a town-centre collaboration can be organised.
toolbox-model-compare = Compare the four models
toolbox-other-models = The other organisation models
toolbox-related-recommendations = Recommendations on the same themes
toolbox-same-section = More from “{ $section }”
models-heading = The four organisation models
models-intro = A town-centre collaboration can be organised in four ways. They differ in how binding the collaboration is, and in whether private actors or the municipality lead it. A collaboration chooses one of the four when it is registered.
models-caption = The four organisation models by how binding the collaboration is and who leads it
models-private = Led privately
models-private-hint = Retail, property owners and other private actors run the collaboration.
models-public = Led publicly
models-public-hint = The municipality facilitates or is a core partner.
models-informal = Informal
models-informal-hint = Loose, without binding membership.
models-formal = Formal
models-formal-hint = Bound by statutes, fees or an agreement.
model-informal-private = Informal private organisation
model-formal-private = Formal private organisation
model-informal-public = Informal public organisation
model-formal-public = Formal public organisation

## Themes
themes-title = Themes
themes-description = The themes the Partnership for Living Town Centres worked on, and the recommendations and tools that belong to them.
themes-lead = The partnership worked on five themes. Each theme gathers recommendations and tools.
theme-heading = Theme { $code }: { $name }
theme-eyebrow = Theme
theme-part-of = part of
theme-retired-text = This theme is no longer part of the catalogue, but the page remains.
theme-children = Sub-themes
theme-recommendations = Recommendations
theme-no-recommendations = No recommendations belong to this theme.
theme-tools = Tools
theme-no-tools = No tools belong to this theme.

## Municipalities and regions
municipalities-title = Municipalities
municipalities-description = Every Danish municipality, arranged by region.
municipalities-lead = All { $count } municipalities, arranged by region. Each municipality has a page of its own.
municipalities-region-link = About { $region }
municipality-heading = { $name } – municipality
municipality-description = { $name } is a municipality in { $region }.
municipality-eyebrow = Municipality
municipality-same-region = Other municipalities in { $region }
regions-title = Regions
regions-description = The five Danish regions and their municipalities.
regions-lead = Denmark has five regions. Each region has a page listing its municipalities.
region-count = { $count } municipalities
region-description = { $name } and its { $count } municipalities.
region-eyebrow = Region
region-municipalities = The municipalities in the region

## Language
language-title = Language
language-description = Choose whether bymidter is shown in Danish or English.
language-lead = bymidter is available in Danish and English.
language-legend = Which language do you want to use?
language-hint = We keep your choice in a cookie on this device.
language-save = Save choice
field-language-choose = Choose Danish or English.

## Forms
title-with-errors = Error: { $title }
form-error-summary-title = There is a problem
form-error-prefix = Error:
problem-csrf = The form could not be accepted. It may be too old, or cookies may be turned off. Go back, reload the page and try again.
problem-not-form = The content must be sent as a form.

## Error pages
error-status = Error { $status }
error-not-found-detail = The page does not exist. The address may be mistyped, or the page may have moved.
error-not-found-next = Try instead
error-link-home = Go to the front page
error-reference = Quote this reference if you contact us:

## API reference
docs-title = { $title } – reference
docs-document = Document
