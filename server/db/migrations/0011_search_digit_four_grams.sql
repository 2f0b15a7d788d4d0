-- Runs of four or more digits are now indexed by their 4-grams as well (shared/search-terms.ts):
-- every row's terms become its bigrams and trigrams as before, then the 4-grams of the digit runs
-- of its normalised `search_text`, each kept where it first appears. No other term is four
-- characters long, so any 4-grams already there are dropped first and the statements can run again.
UPDATE "tickets" SET "search_terms" = ARRAY(
	SELECT u.t FROM unnest("search_terms") WITH ORDINALITY AS u(t, i) WHERE length(u.t) <> 4 ORDER BY u.i
) || ARRAY(
	SELECT g.gram FROM (
		SELECT substr(r.run[1], k, 4) AS gram, min(r.n * 1000000000 + k) AS first
		FROM regexp_matches("search_text", '[0-9]{4,}', 'g') WITH ORDINALITY AS r(run, n),
			generate_series(1, length(r.run[1]) - 3) AS k
		GROUP BY 1
	) g ORDER BY g.first
)
WHERE "search_text" ~ '[0-9]{4}';--> statement-breakpoint
UPDATE "customers" SET "search_terms" = ARRAY(
	SELECT u.t FROM unnest("search_terms") WITH ORDINALITY AS u(t, i) WHERE length(u.t) <> 4 ORDER BY u.i
) || ARRAY(
	SELECT g.gram FROM (
		SELECT substr(r.run[1], k, 4) AS gram, min(r.n * 1000000000 + k) AS first
		FROM regexp_matches("search_text", '[0-9]{4,}', 'g') WITH ORDINALITY AS r(run, n),
			generate_series(1, length(r.run[1]) - 3) AS k
		GROUP BY 1
	) g ORDER BY g.first
)
WHERE "search_text" ~ '[0-9]{4}';--> statement-breakpoint
UPDATE "assets" SET "search_terms" = ARRAY(
	SELECT u.t FROM unnest("search_terms") WITH ORDINALITY AS u(t, i) WHERE length(u.t) <> 4 ORDER BY u.i
) || ARRAY(
	SELECT g.gram FROM (
		SELECT substr(r.run[1], k, 4) AS gram, min(r.n * 1000000000 + k) AS first
		FROM regexp_matches("search_text", '[0-9]{4,}', 'g') WITH ORDINALITY AS r(run, n),
			generate_series(1, length(r.run[1]) - 3) AS k
		GROUP BY 1
	) g ORDER BY g.first
)
WHERE "search_text" ~ '[0-9]{4}';
