/**
 * The catalogue read model's tables. Search reads the words of a product as the `simple` text-search
 * parser splits them (lower-cased, no stemming and no stop words, so no language is assumed: typo
 * tolerance covers plurals, e.g. `tents` ~ `tent`). `catalog_search_words` is the dictionary of every
 * word seen, with a trigram index whose nearest-neighbour search turns a misspelt query term into the
 * known words it may mean.
 */
export const catalogSchema = /* sql */ `
CREATE TABLE IF NOT EXISTS catalog_categories (
  category_id uuid PRIMARY KEY,
  name        text NOT NULL,
  parent_id   uuid,
  created_at  timestamptz NOT NULL,
  position    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS catalog_categories_parent_idx ON catalog_categories (parent_id);

CREATE TABLE IF NOT EXISTS catalog_products (
  product_id     uuid PRIMARY KEY,
  sku            text NOT NULL,
  name           text NOT NULL,
  description    text NOT NULL,
  price_amount   bigint NOT NULL,
  price_currency text NOT NULL,
  category_id    uuid NOT NULL,
  attributes     jsonb NOT NULL,
  status         text NOT NULL,
  created_at     timestamptz NOT NULL,
  position       bigint NOT NULL,
  search_words   text[] GENERATED ALWAYS AS (tsvector_to_array(to_tsvector('simple', name || ' ' || description))) STORED
);
CREATE INDEX IF NOT EXISTS catalog_products_search_idx ON catalog_products USING gin (search_words);
CREATE INDEX IF NOT EXISTS catalog_products_category_idx ON catalog_products (category_id);
CREATE INDEX IF NOT EXISTS catalog_products_price_idx ON catalog_products (price_amount, product_id);
CREATE INDEX IF NOT EXISTS catalog_products_newest_idx ON catalog_products (created_at, product_id);

CREATE TABLE IF NOT EXISTS catalog_search_words (
  word text PRIMARY KEY
);
CREATE INDEX IF NOT EXISTS catalog_search_words_trigram_idx ON catalog_search_words USING gist (word gist_trgm_ops);
`;

export const catalogTables = ['catalog_categories', 'catalog_products', 'catalog_search_words'] as const;
