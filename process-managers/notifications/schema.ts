/**
 * The notifications read model. `notification_users`, `notification_preferences`,
 * `notification_orders` and `notification_products` are what the projection needs to address people
 * (who they are, how they want to hear from us, whose order it is), each row with the position of the
 * last event folded into it; `notifications` holds what was said to whom, on which channel, where.
 *
 * `notification_deliveries` is the delivery state (the worker's queue). It is deliberately not one of
 * the projection's tables and is named with its schema: a rebuild builds the other tables afresh and
 * swaps them in, but never this one, so a notification sent stays sent across rebuilds (the rebuild
 * derives the same notification ids, and their delivery rows already exist). The projection only ever
 * inserts a missing delivery row (pending, due at once); the worker alone changes one.
 */
export const notificationsSchema = `
CREATE TABLE IF NOT EXISTS notification_users (
  user_id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  roles text[] NOT NULL,
  position bigint NOT NULL
);
-- Restock alerts go to every admin.
CREATE INDEX IF NOT EXISTS notification_users_admins ON notification_users (user_id) WHERE 'admin' = ANY (roles);

CREATE TABLE IF NOT EXISTS notification_preferences (
  user_id uuid PRIMARY KEY,
  email boolean NOT NULL,
  sms boolean NOT NULL,
  push boolean NOT NULL,
  phone text,
  push_endpoint text,
  position bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS notification_orders (
  order_id uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  position bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS notification_products (
  product_id uuid PRIMARY KEY,
  position bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS notifications (
  notification_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  template text NOT NULL,
  data jsonb NOT NULL,
  address text NOT NULL,
  correlation_id text NOT NULL,
  causation_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  position bigint NOT NULL
);
-- A user's notifications, newest first.
CREATE INDEX IF NOT EXISTS notifications_by_user ON notifications (user_id, position DESC, notification_id DESC);

CREATE TABLE IF NOT EXISTS public.notification_deliveries (
  notification_id uuid PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When a pending notification is next due; while a worker sends it, the end of its claim.
  next_attempt_at timestamptz NOT NULL,
  claim uuid,
  last_error text,
  sent_at timestamptz
);
-- Whether the delivery's end (sent, or given up at failed_at) is recorded as an event (see delivery-outcomes.ts).
ALTER TABLE public.notification_deliveries ADD COLUMN IF NOT EXISTS failed_at timestamptz;
ALTER TABLE public.notification_deliveries ADD COLUMN IF NOT EXISTS outcome_recorded boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS notification_deliveries_unrecorded ON public.notification_deliveries (notification_id) WHERE status <> 'pending' AND NOT outcome_recorded;
-- What the workers poll: pending notifications per channel, the most overdue first.
CREATE INDEX IF NOT EXISTS notification_deliveries_due ON public.notification_deliveries (channel, next_attempt_at) WHERE status = 'pending';
`;

export const notificationsTables = ['notification_users', 'notification_preferences', 'notification_orders', 'notification_products', 'notifications'] as const;
