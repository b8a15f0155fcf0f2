import type { SqlParameters } from './sql-parameters.js';

/**
 * pg_trgm similarity (0..1) from which a known word may stand for a misspelt query term. The default
 * 0.3 misses a swap of two letters in a 6-letter word (`iphnoe` ~ `iphone` is 0.27); at 0.25 it is
 * found, while words that only share their start stay apart (`case` ~ `cable` is 0.22). Relevance
 * weighs each match by its similarity, so exact matches still come first.
 */
export const TYPO_SIMILARITY = 0.25;
/**
 * A typo adds, drops or changes a letter or two, so a near word is at most this many letters longer or
 * shorter: `smartphone` shares `phone` with `iphone` (similarity 0.29) but is not a misspelling of it.
 */
const TYPO_LENGTH_CHANGE = 2;
/**
 * How many nearest known words a term is compared with: nearest-neighbour search on the GiST trigram
 * index, which needs no session-wide `pg_trgm.similarity_threshold` as `%` on a GIN index would.
 */
const NEAREST_WORDS = 10;
/** A word found in the description counts half as much as one in the name. */
const DESCRIPTION_WEIGHT = 0.5;

/**
 * CTEs ending in `text_matches(product_id, relevance)`: the products that have every term of the text
 * (split as the products' words are), each term matching itself or a known word within typo distance.
 * Relevance sums, per term, the best match's similarity times its weight (name 1, description 0.5),
 * rounded to 6 decimals so a cursor can hold it exactly.
 */
export function textMatchesCtes(text: string, parameters: SqlParameters): string {
  return /* sql */ `
  text_terms AS (
    SELECT term FROM unnest(tsvector_to_array(to_tsvector('simple', ${parameters.add(text, 'text')}))) AS term
  ),
  term_words AS (
    SELECT t.term, n.word, CASE WHEN n.word = t.term THEN 1 ELSE similarity(n.word, t.term)::numeric END AS closeness
    FROM text_terms t
    CROSS JOIN LATERAL (SELECT word FROM catalog_search_words ORDER BY word <-> t.term LIMIT ${parameters.add(NEAREST_WORDS, 'integer')}) n
    WHERE n.word = t.term
       OR (similarity(n.word, t.term) >= ${parameters.add(TYPO_SIMILARITY, 'real')} AND abs(length(n.word) - length(t.term)) <= ${parameters.add(TYPO_LENGTH_CHANGE, 'integer')})
  ),
  term_word_sets AS (
    SELECT term, array_agg(word) AS words FROM term_words GROUP BY term
  ),
  text_matches AS (
    SELECT p.product_id, round(sum(best.score), 6) AS relevance
    FROM term_word_sets s
    JOIN catalog_products p ON p.search_words && s.words
    -- The name's words are split again here, for the matches only, rather than stored: writes stay cheaper.
    CROSS JOIN LATERAL (SELECT tsvector_to_array(to_tsvector('simple', p.name)) AS words) name_split
    CROSS JOIN LATERAL (
      SELECT max(w.closeness * CASE WHEN w.word = ANY (name_split.words) THEN 1 ELSE ${parameters.add(DESCRIPTION_WEIGHT, 'numeric')} END) AS score
      FROM term_words w WHERE w.term = s.term AND w.word = ANY (p.search_words)
    ) best
    GROUP BY p.product_id
    HAVING count(*) = (SELECT count(*) FROM text_terms)
  )`;
}
