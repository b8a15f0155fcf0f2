import { reject, type Rejection } from '../shared/rejection.js';
import type { ShippingAddress } from './commands.js';

const REQUIRED_FIELDS = ['name', 'line1', 'city', 'postalCode', 'country'] as const;

/** The address to ship to, if it is complete; a blank second line is the same as none. */
export function checkShippingAddress(address: ShippingAddress): ShippingAddress | Rejection {
  const missing = REQUIRED_FIELDS.find((field) => address[field].trim() === '');
  if (missing !== undefined) return reject('unprocessable', `the shipping address needs a ${missing}`);
  if (!/^[A-Z]{2}$/.test(address.country)) return reject('unprocessable', 'the shipping country must be a two-letter ISO 3166 code such as GB');
  const { name, line1, line2, city, postalCode, country } = address;
  return line2 === undefined || line2.trim() === '' ? { name, line1, city, postalCode, country } : { name, line1, line2, city, postalCode, country };
}
