/**
 * Every review with its moderation status, and per product the count and sum of the APPROVED ratings
 * only (API.md: only approved reviews count). The catalogue read model joins `product_ratings` for a
 * product's `rating` and its `rating` sort.
 */
export const reviewsSchema = `
CREATE TABLE IF NOT EXISTS reviews (
  review_id uuid PRIMARY KEY,
  product_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title text NOT NULL,
  body text NOT NULL,
  verified_purchase boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  submitted_at timestamptz NOT NULL,
  moderated_at timestamptz,
  moderator_id uuid,
  reason text,
  position bigint NOT NULL
);
-- A product's approved reviews, newest first.
CREATE INDEX IF NOT EXISTS reviews_approved_by_product ON reviews (product_id, submitted_at DESC, review_id DESC) WHERE status = 'approved';
-- The moderation queue (and the other statuses), oldest first.
CREATE INDEX IF NOT EXISTS reviews_by_status ON reviews (status, submitted_at, review_id);

CREATE TABLE IF NOT EXISTS product_ratings (
  product_id uuid PRIMARY KEY,
  rating_count integer NOT NULL,
  rating_sum integer NOT NULL,
  position bigint NOT NULL
);
`;

export const reviewsTables = ['reviews', 'product_ratings'] as const;
