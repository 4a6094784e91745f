-- A list decides which records to show from the index alone. The state, visibility and
-- deletion of a collaboration are stored after its long texts, so checking them in the table
-- read each candidate row's overflow pages: a list of 20 in a municipality of 1,000
-- collaborations took 7-10 ms at 100,000 collaborations, 0.6 ms with these. Within one
-- municipality, state and visibility the index is in id order, so the newest 20 are the first 20.
DROP INDEX collaborations_municipality;
CREATE INDEX collaborations_municipality
    ON collaborations (municipality_code, state, visibility, id, deleted_at);
DROP INDEX collaborations_listing;
CREATE INDEX collaborations_listing ON collaborations (state, visibility, id, deleted_at);

-- Statistics for the new indexes at once (a few tenths of a second at 100,000).
ANALYZE collaborations;
