import { notificationsProjection } from '../process-managers/notifications/projection.js';
import { auditIndexProjection } from './audit/projection.js';
import { catalogProjection } from './catalog/projection.js';
import { inventoryProjection } from './inventory/projection.js';
import { ordersProjection } from './orders/projection.js';
import { paymentsProjection } from './payments/projection.js';
import type { Projection } from './projection.js';
import { reviewsProjection } from './reviews/projection.js';
import { usersProjection } from './users/projection.js';

/** Every Postgres read model, each run by its own runner. */
export const readModelProjections: readonly Projection[] = [catalogProjection, inventoryProjection, ordersProjection, paymentsProjection, reviewsProjection, usersProjection, notificationsProjection, auditIndexProjection];
