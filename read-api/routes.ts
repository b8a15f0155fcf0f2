import type { FastifyInstance } from 'fastify';
import { analyticsQueryRoutes } from './analytics/routes.js';
import { auditRoutes } from './audit/routes.js';
import { catalogQueryRoutes } from './catalog/routes.js';
import type { QueryDependencies } from './http/query-dependencies.js';
import { inventoryQueryRoutes } from './inventory/routes.js';
import { notificationQueryRoutes } from './notifications/routes.js';
import { orderQueryRoutes } from './orders/routes.js';
import { recommendationQueryRoutes } from './recommendations/routes.js';
import { reviewQueryRoutes } from './reviews/routes.js';
import { userQueryRoutes } from './users/routes.js';

/** Every query route of API.md (GET), from the read models. */
export function registerQueryRoutes(app: FastifyInstance, deps: QueryDependencies): void {
  catalogQueryRoutes(app, deps);
  inventoryQueryRoutes(app, deps);
  orderQueryRoutes(app, deps);
  reviewQueryRoutes(app, deps);
  userQueryRoutes(app, deps);
  notificationQueryRoutes(app, deps);
  analyticsQueryRoutes(app, deps);
  recommendationQueryRoutes(app, deps);
  auditRoutes(app, deps);
}
