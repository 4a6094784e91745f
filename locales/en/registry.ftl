# The registry: collaborations, experiences, comments.

problem-not-editor = Only the organisation's editors and owners can change this.
problem-bad-if-match = The If-Match header must name a version, such as "3".
problem-experience-not-published = The experience is not published, so it cannot be commented on.
problem-not-answerer = Only the experience's author and the organisation's editors can answer questions.

field-too-long = This field may be at most { $max } characters long.
field-number-range = The number must be between { $min } and { $max }.
field-url-invalid = Enter a full web address starting with http:// or https://.
field-theme-unknown = The theme "{ $value }" does not exist.
field-themes-required = Choose at least one theme.
field-ended-before-started = The end date cannot be before the start date.
field-collaboration-slug-taken = The organisation already has a collaboration with this title.
field-link-transition = The status cannot go from { $from } to { $to }. A status moves forward (considered, planned, in progress, implemented, evaluated) or can be abandoned.
field-reason-required = Say why the recommendation was abandoned.
field-recommendation-retired = The recommendation "{ $value }" is retired and cannot be chosen for new links.
field-toolbox-retired = The tool "{ $value }" is retired and cannot be chosen for new links.
field-recommendation-unknown = The recommendation "{ $value }" does not exist.
field-toolbox-unknown = The tool "{ $value }" does not exist.
field-region-unknown = The region code does not exist. Use one of the five region codes, such as 1085.
field-organisation-unknown = The organisation id is not valid.
field-cursor-invalid = The cursor is not valid. Use next_cursor from the previous page.
field-question-unknown = The question does not exist on this experience.
field-answer-only = Only answers can refer to a question.
field-csv-unreadable = The file cannot be read as CSV.
field-csv-not-utf8 = The file must be saved as UTF-8.
field-csv-unknown-column = This column is not known.
field-csv-missing-column = This column is missing from the first line.
field-csv-bad-row = The line does not have as many columns as the first line.
field-csv-duplicate-title = The same title is also on line { $line }.
field-requires = This parameter also needs { $other }.

## Status of a recommendation
status-considered = Considered
status-planned = Planned
status-in-progress = In progress
status-implemented = Implemented
status-evaluated = Evaluated
status-abandoned = Abandoned

## Outcome of a tool
outcome-helped = Helped
outcome-neutral = Neutral
outcome-did-not-help = Did not help
outcome-not-reported = Not reported
