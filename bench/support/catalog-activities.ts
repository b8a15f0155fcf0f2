import { randomUUID } from 'node:crypto';
import { categoryStream } from '../../domain/catalog/category.js';
import { categoryEvents, productEvents, skuReservationEvents } from '../../domain/catalog/events.js';
import { productStream } from '../../domain/catalog/product.js';
import { normaliseSku, skuReservationStream } from '../../domain/catalog/sku-reservation.js';
import { money } from '../../domain/shared/money.js';
import { Happening, type PlannedAppend } from './happening.js';
import { stockUp } from './inventory-activities.js';
import { takeAt, type ShopState } from './shop-state.js';
import { categoryName, productAttributes, productDescription, productName } from './shop-vocabulary.js';

export function createCategory(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const categoryId = randomUUID();
  const parentId = shop.categories.length > 0 && random.chance(0.5) ? random.pick(shop.categories) : null;
  const at = shop.advance();
  shop.categories.push(categoryId);
  return new Happening(at, random.pick(shop.admins)).record(categoryStream(categoryId), categoryEvents, [
    { type: 'CategoryCreated', data: { categoryId, name: categoryName(random), parentId, createdAt: at } },
  ]).appends;
}

/** As the catalogue's handler does: the SKU reserved, the product created; then the warehouse stocks it. */
export function createProduct(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const productId = randomUUID();
  const sku = normaliseSku(`SV-${shop.nextSerial()}`);
  const name = productName(random);
  const price = money(random.int(5, 400) * 100 - 1, 'USD');
  const at = shop.advance();
  const product = { id: productId, sku, name, price, stock: { onHand: 0, reserved: 0, threshold: 0, alerted: false } };
  shop.products.push(product);
  const happening = new Happening(at, random.pick(shop.admins))
    .record(skuReservationStream(sku), skuReservationEvents, [{ type: 'SkuReserved', data: { sku, productId, reservedAt: at } }])
    .record(productStream(productId), productEvents, [
      {
        type: 'ProductCreated',
        data: { productId, sku, name, description: productDescription(random), price, categoryId: random.pick(shop.categories), attributes: productAttributes(random), createdAt: at },
      },
    ]);
  stockUp(happening, product, random.int(10, 80), random.int(5, 20), at);
  return happening.appends;
}

export function changePrice(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const product = random.pick(shop.products);
  const previousPrice = product.price;
  const price = money(Math.max(99, Math.round((previousPrice.amount * random.int(80, 125)) / 100)), previousPrice.currency);
  const at = shop.advance();
  product.price = price;
  return new Happening(at, random.pick(shop.admins)).record(productStream(product.id), productEvents, [
    { type: 'ProductPriceChanged', data: { productId: product.id, price, previousPrice, changedAt: at } },
  ]).appends;
}

/** Renames (new search words), rewrites the description, moves category or replaces attributes. */
export function changeDetails(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const product = random.pick(shop.products);
  const at = shop.advance();
  const change = random.weighted([
    ['rename', 2],
    ['describe', 3],
    ['recategorise', 1],
    ['attributes', 2],
  ] as const);
  const name = change === 'rename' ? productName(random) : undefined;
  if (name !== undefined) product.name = name;
  return new Happening(at, random.pick(shop.admins)).record(productStream(product.id), productEvents, [
    {
      type: 'ProductDetailsChanged',
      data: {
        productId: product.id,
        ...(name === undefined ? {} : { name }),
        ...(change === 'rename' || change === 'describe' ? { description: productDescription(random) } : {}),
        ...(change === 'recategorise' ? { categoryId: random.pick(shop.categories) } : {}),
        ...(change === 'attributes' ? { attributes: productAttributes(random) } : {}),
        changedAt: at,
      },
    },
  ]).appends;
}

/** Taken off sale; orders already placed for it go on. */
export function discontinue(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const product = takeAt(shop.products, random.int(0, shop.products.length - 1));
  const at = shop.advance();
  return new Happening(at, random.pick(shop.admins)).record(productStream(product.id), productEvents, [
    { type: 'ProductDiscontinued', data: { productId: product.id, discontinuedAt: at } },
  ]).appends;
}
