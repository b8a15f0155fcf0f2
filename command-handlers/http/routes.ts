import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../infra/event-store/port.js';
import type { GatewayTools } from '../../infra/http/server.js';
import type { CommandObserver } from '../command-observer.js';
import { catalogRoutes } from '../catalog/routes.js';
import { inventoryRoutes } from '../inventory/routes.js';
import { notificationRoutes } from '../notifications/routes.js';
import { orderRoutes } from '../ordering/routes.js';
import { reviewRoutes } from '../reviews/routes.js';
import { trackingRoutes } from '../tracking/routes.js';
import { userRoutes } from '../users/routes.js';

/** Every command route of API.md, on one event store; `observer` is told of every command they handle (`commandContext`). */
export function registerCommandRoutes(app: FastifyInstance, store: EventStore, tools: GatewayTools, observer: CommandObserver): void {
  app.decorate('commandObserver', observer);
  userRoutes(app, store, tools);
  catalogRoutes(app, store, tools);
  inventoryRoutes(app, store, tools);
  orderRoutes(app, store, tools);
  reviewRoutes(app, store, tools);
  trackingRoutes(app, store, tools);
  notificationRoutes(app, store, tools);
}
