import { z } from 'zod';

/** Money in integer minor units with its ISO 4217 currency: never floats (API.md, "Money"). */
export const MoneySchema = z.strictObject({
  amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
});
export type Money = z.infer<typeof MoneySchema>;

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

export function sameCurrency(a: Money, b: Money): boolean {
  return a.currency === b.currency;
}
