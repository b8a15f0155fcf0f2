import type { z } from 'zod';
import type { Attributes } from '../../domain/catalog/attributes.js';
import type { ShippingAddressSchema } from '../../domain/ordering/events.js';
import type { Random } from './random.js';

/**
 * Words for the simulated shop's products, people and reviews: a vocabulary of a few hundred words,
 * so that the catalogue's search dictionary grows as a real outdoor shop's would, not one word per product.
 */
const ADJECTIVES = ['Alpine', 'Rugged', 'Compact', 'Ultralight', 'Classic', 'Trail', 'Summit', 'Coastal', 'Urban', 'Nordic', 'Desert', 'Storm', 'Polar', 'Forest', 'Canyon', 'Glacier'];
const MATERIALS = ['Merino', 'Nylon', 'Canvas', 'Titanium', 'Aluminium', 'Fleece', 'Gore-Tex', 'Bamboo', 'Leather', 'Down', 'Cotton', 'Carbon'];
const NOUNS = ['Tent', 'Backpack', 'Jacket', 'Boots', 'Stove', 'Lantern', 'Sleeping Bag', 'Trekking Poles', 'Water Bottle', 'Hammock', 'Gloves', 'Beanie', 'Map Case', 'Compass', 'Mug', 'Headlamp'];
const QUALITIES = ['waterproof', 'breathable', 'durable', 'lightweight', 'packable', 'insulated', 'windproof', 'reflective', 'recycled', 'adjustable'];
const USES = ['hiking', 'camping', 'climbing', 'running', 'travel', 'winter', 'festivals', 'commuting', 'kayaking', 'fishing'];
const COLOURS = ['red', 'blue', 'olive', 'black', 'sand', 'orange', 'grey', 'teal'];
const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dev', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Liam', 'Maya', 'Noor', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess'];
const LAST_NAMES = ['Archer', 'Brooks', 'Castillo', 'Dubois', 'Evans', 'Fischer', 'Gupta', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov'];
const STREETS = ['High Street', 'Station Road', 'Mill Lane', 'Church Street', 'Park Avenue', 'Harbour Way', 'Kingsway', 'Elm Grove'];
const CITIES: readonly (readonly [string, string])[] = [
  ['London', 'GB'],
  ['Leeds', 'GB'],
  ['Berlin', 'DE'],
  ['Munich', 'DE'],
  ['Lyon', 'FR'],
  ['Utrecht', 'NL'],
  ['Portland', 'US'],
  ['Denver', 'US'],
];
const CATEGORY_NAMES = ['Tents', 'Backpacks', 'Clothing', 'Footwear', 'Cooking', 'Lighting', 'Sleeping', 'Navigation', 'Accessories', 'Climbing', 'Water Sports', 'Winter'];
const REVIEW_TITLES = ['Great value', 'Does the job', 'Not as described', 'Love it', 'Solid build', 'Too heavy', 'Perfect for trips', 'Would buy again'];

export const productName = (random: Random): string => `${random.pick(ADJECTIVES)} ${random.pick(MATERIALS)} ${random.pick(NOUNS)}`;

export const productDescription = (random: Random): string =>
  `A ${random.pick(QUALITIES)}, ${random.pick(QUALITIES)} pick for ${random.pick(USES)} and ${random.pick(USES)}, made to last season after season.`;

export const productAttributes = (random: Random): Attributes => ({
  colour: random.pick(COLOURS),
  weightGrams: random.int(80, 4_000),
  waterproof: random.chance(0.4),
});

export const categoryName = (random: Random): string => `${random.pick(CATEGORY_NAMES)} ${random.int(1, 99)}`;

export const personName = (random: Random): string => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;

export function shippingAddress(random: Random, name: string): z.infer<typeof ShippingAddressSchema> {
  const [city, country] = random.pick(CITIES);
  return { name, line1: `${random.int(1, 240)} ${random.pick(STREETS)}`, city, postalCode: String(random.int(10_000, 99_999)), country };
}

export const reviewTitle = (random: Random): string => random.pick(REVIEW_TITLES);

export const reviewBody = (random: Random): string => `Used it for ${random.pick(USES)}: ${random.pick(QUALITIES)} and ${random.pick(QUALITIES)}. ${random.pick(REVIEW_TITLES)}.`;
