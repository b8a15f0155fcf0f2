import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../infra/event-store/port.js';
import type { GatewayTools } from '../../infra/http/server.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { knownOrdersWithProduct } from '../../read-api/orders/orders-with-product.js';
import type { CommandObserver } from '../command-observer.js';
import { catalogRoutes } from '../catalog/routes.js';
import { inventoryRoutes } from '../inventory/routes.js';
import { notificationRoutes } from '../notifications/routes.js';
import { orderRoutes } from '../ordering/routes.js';
import { reviewRoutes } from '../reviews/routes.js';
import { trackingRoutes } from '../tracking/routes.js';
import { userRoutes } from '../users/routes.js';

/**
 * Every command route of API.md, on one event store; `observer` is told of every command they handle
 * (`commandContext`). Reviews ask the orders read model which orders to check for a verified purchase.
 */
export function registerCommandRoutes(app: FastifyInstance, store: EventStore, tools: GatewayTools, observer: CommandObserver, readModels: SqlExecutor): void {
  app.decorate('commandObserver', observer);
  userRoutes(app, store, tools);
  catalogRoutes(app, store, tools);
  inventoryRoutes(app, store, tools);
  orderRoutes(app, store, tools);
  reviewRoutes(app, store, tools, (customerId, productId) => knownOrdersWithProduct(readModels, customerId, productId));
  trackingRoutes(app, store, tools);
  notificationRoutes(app, store, tools);
}
