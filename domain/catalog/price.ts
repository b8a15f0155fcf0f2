import { MoneySchema, type Money } from '../shared/money.js';

/** A price is what a product sells for: a positive amount in one currency. */
export const PriceSchema = MoneySchema.refine((price) => price.amount > 0, 'a price is positive');

/** Why this is not a valid price, if it is not. */
export function priceProblem(price: Money): string | undefined {
  if (!Number.isSafeInteger(price.amount) || price.amount <= 0) return 'a price is a positive whole number of minor units';
  if (!MoneySchema.shape.currency.safeParse(price.currency).success) return 'a price needs an ISO 4217 currency code';
  return undefined;
}
