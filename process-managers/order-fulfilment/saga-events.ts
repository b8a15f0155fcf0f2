import { OrderCancelled, OrderPlaced, OrderShipped } from '../../domain/ordering/events.js';
import { PaymentAuthorized, PaymentDeclined, PaymentRefunded } from '../../domain/payments/events.js';
import type { EventOf } from '../../domain/shared/event-catalogue.js';

/** The events the order saga reacts to. */
export const sagaEvents = [OrderPlaced, PaymentAuthorized, PaymentDeclined, OrderCancelled, OrderShipped, PaymentRefunded] as const;

export type SagaEvent = EventOf<(typeof sagaEvents)[number]>;
