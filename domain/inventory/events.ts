import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';

const units = z.number().int().positive();
const stockLevel = z.number().int().nonnegative();

export const StockRestocked = defineEvent(
  'StockRestocked',
  z.object({ productId: z.uuid(), quantity: units, onHand: stockLevel, restockedAt: z.iso.datetime() }),
);

export const LowStockThresholdSet = defineEvent(
  'LowStockThresholdSet',
  z.object({ productId: z.uuid(), threshold: stockLevel, setAt: z.iso.datetime() }),
);

export const StockReserved = defineEvent(
  'StockReserved',
  z.object({ productId: z.uuid(), orderId: z.uuid(), quantity: units, available: stockLevel, reservedAt: z.iso.datetime() }),
);

export const ReservationReleased = defineEvent(
  'ReservationReleased',
  z.object({ productId: z.uuid(), orderId: z.uuid(), quantity: units, releasedAt: z.iso.datetime() }),
);

export const ReservationCommitted = defineEvent(
  'ReservationCommitted',
  z.object({ productId: z.uuid(), orderId: z.uuid(), quantity: units, onHand: stockLevel, committedAt: z.iso.datetime() }),
);

export const LowStockDetected = defineEvent(
  'LowStockDetected',
  z.object({ productId: z.uuid(), available: stockLevel, threshold: units, detectedAt: z.iso.datetime() }),
);

export const inventoryEvents = [StockRestocked, LowStockThresholdSet, StockReserved, ReservationReleased, ReservationCommitted, LowStockDetected] as const;

export type InventoryEvent = EventOf<(typeof inventoryEvents)[number]>;
