-- Version 14 is SQLite's vocabulary of indexed terms (`search_words`), from which a word being
-- typed is completed to the few terms it starts (migrations/sqlite/0014_search_words.sql).
-- PostgreSQL searches a word being typed by prefix, as before: its planner takes a prefix for
-- rare and reads a common word with a parallel scan of the documents, where the same word's
-- completions, known lexemes, led it to a bitmap scan of the GIN index 2.3 times slower
-- ("tomme butikker" in towns of 4,000-20,000, 100,000 collaborations: 94-104 against 206-240
-- ms; bench/README.md, "tenth"). Nothing to do here.
SELECT 1;
