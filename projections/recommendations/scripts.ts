import { luaScript } from './lua-script.js';

/*
 * One script per event: Redis runs a script atomically, so an event's writes land all together or not at
 * all. Each decides from what Redis already holds whether the event still has anything to count (an order
 * already in the settled set, a product already in the session's set), so an event applied again, in any
 * order and however often, changes no score: idempotent by construction, not only by the checkpoint.
 */

/**
 * OrderPlaced: remember the order's customer and products until it is settled (the confirmation
 * carries neither), unless it is settled already; the customer's cached recommendations go.
 * KEYS: order hash, settled-orders set, customer's cache. ARGV: order id, customer id, product ids (comma-separated).
 */
export const orderPlacedScript = luaScript(
  'order-placed',
  `
redis.call('DEL', KEYS[3])
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'customer', ARGV[2], 'products', ARGV[3])
return 1
`,
);

/**
 * OrderConfirmed: count the order once (SADD to the settled set answers 0 the second time): each
 * product's popularity, the customer's purchases (latest time wins), each pair of its first
 * `maxPaired` products as bought together; the customer's cached recommendations go.
 * KEYS: order hash, settled-orders set, popularity. ARGV: order id, co-purchase key prefix, purchases key
 * prefix, cache key prefix, confirmation time (ms), maxPaired.
 */
export const orderConfirmedScript = luaScript(
  'order-confirmed',
  `
local order = redis.call('HMGET', KEYS[1], 'customer', 'products')
redis.call('DEL', KEYS[1])
local customer, list = order[1], order[2]
if not customer or not list then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
local products = {}
for product in string.gmatch(list, '[^,]+') do products[#products + 1] = product end
local purchases = ARGV[3] .. customer
local paired = math.min(#products, tonumber(ARGV[6]))
for i, product in ipairs(products) do
  redis.call('ZINCRBY', KEYS[3], 1, product)
  redis.call('ZADD', purchases, 'GT', ARGV[5], product)
  if i <= paired then
    for j = 1, paired do
      if j ~= i then redis.call('ZINCRBY', ARGV[2] .. product, 1, products[j]) end
    end
  end
end
redis.call('DEL', ARGV[4] .. customer)
return 1
`,
);

/**
 * OrderRejected, OrderCancelled: the order is settled without counting (a cancelled confirmed order was
 * counted and stays so: it was bought together); what was remembered for its confirmation goes.
 * KEYS: order hash, settled-orders set. ARGV: order id.
 */
export const orderDroppedScript = luaScript(
  'order-dropped',
  `
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
`,
);

/**
 * ProductViewed: a signed-in viewer's recent views (latest time wins, the newest `keep` kept: the same
 * set whatever the order of the views) and cached recommendations (they follow the browsing), and, when
 * the product is new to the session (and the session holds fewer than `maxPerSession`), one more session
 * in which it was viewed with each product viewed before.
 * KEYS: session set[, viewer's recent views, viewer's cache]. ARGV: product id, co-view key prefix, view time (ms), maxPerSession, keep.
 */
export const productViewedScript = luaScript(
  'product-viewed',
  `
local product = ARGV[1]
if #KEYS == 3 then
  redis.call('ZADD', KEYS[2], 'GT', ARGV[3], product)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[5]) - 1)
  redis.call('DEL', KEYS[3])
end
if redis.call('SISMEMBER', KEYS[1], product) == 1 then return 0 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
local others = redis.call('SMEMBERS', KEYS[1])
redis.call('SADD', KEYS[1], product)
for _, other in ipairs(others) do
  redis.call('ZINCRBY', ARGV[2] .. product, 1, other)
  redis.call('ZINCRBY', ARGV[2] .. other, 1, product)
end
return 1
`,
);

export const recommendationScripts = [orderPlacedScript, orderConfirmedScript, orderDroppedScript, productViewedScript] as const;
