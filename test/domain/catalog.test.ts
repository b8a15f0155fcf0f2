import { describe, expect, it } from 'vitest';
import { categoryDecider, categoryStream } from '../../domain/catalog/category.js';
import type { ChangeProductDetails, CreateCategory, CreateProduct, ReserveSku } from '../../domain/catalog/commands.js';
import { CategoryCreated, ProductCreated, ProductDetailsChanged, ProductPriceChanged, type CategoryEvent, type ProductEvent, type SkuReservationEvent } from '../../domain/catalog/events.js';
import { productDecider, productStream, type Product } from '../../domain/catalog/product.js';
import { normaliseSku, skuReservationDecider, skuReservationIdFor, skuReservationStream } from '../../domain/catalog/sku-reservation.js';
import { stateFrom } from '../../domain/shared/decider.js';
import { money } from '../../domain/shared/money.js';
import { specify } from './spec.js';

const categoryId = '3f6c1a2b-4d5e-4f60-8a1b-2c3d4e5f6a7b';
const parentId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const otherCategoryId = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const productId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const otherProductId = '6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c';
const at = '2026-11-26T12:00:00.000Z';
const later = '2026-11-27T09:30:00.000Z';

const category = specify(categoryDecider);
const skuReservation = specify(skuReservationDecider);
const product = specify(productDecider);

describe('catalog: categories', () => {
  const create: CreateCategory = { type: 'CreateCategory', categoryId, name: 'Outdoor', parentId: null, parentExists: false, at };
  const created: CategoryEvent = { type: 'CategoryCreated', data: { categoryId, name: 'Outdoor', parentId: null, createdAt: at } };

  it('lives in its own stream', () => {
    expect(categoryStream(categoryId)).toBe(`category-${categoryId}`);
  });
  it('creates a top-level category', () => {
    category.given([]).when(create).then([created]);
    expect(CategoryCreated.schema.safeParse(created.data).success).toBe(true);
  });
  it('creates a sub-category of an existing parent', () => {
    category
      .given([])
      .when({ ...create, parentId, parentExists: true })
      .then([{ type: 'CategoryCreated', data: { categoryId, name: 'Outdoor', parentId, createdAt: at } }]);
  });
  it('refuses to create the same category twice', () => {
    category.given([created]).when(create).thenRejected('conflict', /already exists/);
  });
  it('refuses an empty name', () => {
    category.given([]).when({ ...create, name: '  ' }).thenRejected('unprocessable', /name/);
  });
  it('refuses a parent that does not exist', () => {
    category.given([]).when({ ...create, parentId, parentExists: false }).thenRejected('unprocessable', /no such parent/);
  });
  it('refuses a category as its own parent', () => {
    category.given([]).when({ ...create, parentId: categoryId, parentExists: true }).thenRejected('unprocessable', /own parent/);
  });
});

describe('catalog: SKU reservations', () => {
  const reserve: ReserveSku = { type: 'ReserveSku', sku: ' tent-2p ', productId, at };
  const reserved: SkuReservationEvent = { type: 'SkuReserved', data: { sku: 'TENT-2P', productId, reservedAt: at } };

  it('SKUs differing only in case or surrounding spaces are the same SKU, with one stream', () => {
    expect(normaliseSku(' tent-2p ')).toBe('TENT-2P');
    expect(skuReservationIdFor(' tent-2p ')).toBe(skuReservationIdFor('TENT-2P'));
    expect(skuReservationIdFor('TENT-3P')).not.toBe(skuReservationIdFor('TENT-2P'));
    expect(skuReservationStream('tent-2p')).toBe(`productsku-${skuReservationIdFor('TENT-2P')}`);
  });
  it('reserves a free SKU, normalised, for the product', () => {
    skuReservation.given([]).when(reserve).then([reserved]);
  });
  it('refuses a SKU taken by another product', () => {
    skuReservation.given([reserved]).when({ ...reserve, sku: 'TENT-2P', productId: otherProductId }).thenRejected('conflict', /duplicate sku/);
  });
  it('reserving again for the same product changes nothing', () => {
    skuReservation.given([reserved]).when(reserve).then([]);
  });
  it('refuses an empty SKU', () => {
    skuReservation.given([]).when({ ...reserve, sku: '   ' }).thenRejected('unprocessable', /SKU/);
  });
});

describe('catalog: products', () => {
  const price = money(19999, 'EUR');
  const attributes = { colour: 'green', weightGrams: 2100, waterproof: true };
  const create: CreateProduct = {
    type: 'CreateProduct',
    productId,
    sku: 'TENT-2P',
    name: 'Two-person tent',
    description: 'Light and quick to pitch.',
    price,
    categoryId,
    categoryExists: true,
    attributes,
    at,
  };
  const created: ProductEvent = {
    type: 'ProductCreated',
    data: { productId, sku: 'TENT-2P', name: 'Two-person tent', description: 'Light and quick to pitch.', price, categoryId, attributes, createdAt: at },
  };
  const discontinued: ProductEvent = { type: 'ProductDiscontinued', data: { productId, discontinuedAt: later } };
  const change: ChangeProductDetails = { type: 'ChangeProductDetails', productId, at: later };

  it('lives in its own stream', () => {
    expect(productStream(productId)).toBe(`product-${productId}`);
  });

  describe('create', () => {
    it('records the product, active', () => {
      product.given([]).when(create).then([created]);
      expect(ProductCreated.schema.safeParse(created.data).success).toBe(true);
      expect(stateFrom(productDecider, [created]).status).toBe('active');
    });
    it('refuses to create the same product twice', () => {
      product.given([created]).when(create).thenRejected('conflict', /already exists/);
    });
    it('refuses an empty name or SKU', () => {
      product.given([]).when({ ...create, name: ' ' }).thenRejected('unprocessable', /name/);
      product.given([]).when({ ...create, sku: '' }).thenRejected('unprocessable', /SKU/);
    });
    for (const amount of [0, -100, 19.99]) {
      it(`refuses a price of ${amount} minor units`, () => {
        product.given([]).when({ ...create, price: money(amount, 'EUR') }).thenRejected('unprocessable', /positive whole number/);
      });
    }
    it('refuses a price without a valid currency', () => {
      product.given([]).when({ ...create, price: money(19999, 'euro') }).thenRejected('unprocessable', /currency/);
    });
    it('refuses a category that does not exist', () => {
      product.given([]).when({ ...create, categoryExists: false }).thenRejected('unprocessable', /no such category/);
    });
    it('refuses an attribute without a name or with a number that is not finite', () => {
      product.given([]).when({ ...create, attributes: { ' ': 'x' } }).thenRejected('unprocessable', /attribute/);
      product.given([]).when({ ...create, attributes: { weightGrams: Number.NaN } }).thenRejected('unprocessable', /weightGrams/);
    });
  });

  describe('change details', () => {
    it('records only the details that changed', () => {
      product
        .given([created])
        .when({ ...change, name: 'Two-person tent, green', description: create.description, categoryId, attributes: { ...attributes } })
        .then([{ type: 'ProductDetailsChanged', data: { productId, name: 'Two-person tent, green', changedAt: later } }]);
    });
    it('moves the product to another existing category', () => {
      product
        .given([created])
        .when({ ...change, categoryId: otherCategoryId, categoryExists: true })
        .then([{ type: 'ProductDetailsChanged', data: { productId, categoryId: otherCategoryId, changedAt: later } }]);
    });
    it('replaces the attributes as a whole', () => {
      const event: ProductEvent = { type: 'ProductDetailsChanged', data: { productId, attributes: { colour: 'green' }, changedAt: later } };
      product.given([created]).when({ ...change, attributes: { colour: 'green' } }).then([event]);
      expect(ProductDetailsChanged.schema.safeParse(event.data).success).toBe(true);
    });
    it('changing nothing records nothing', () => {
      product.given([created]).when(change).then([]);
      product.given([created]).when({ ...change, name: create.name, categoryId, attributes: { waterproof: true, weightGrams: 2100, colour: 'green' } }).then([]);
    });
    it('refuses an empty name', () => {
      product.given([created]).when({ ...change, name: '' }).thenRejected('unprocessable', /name/);
    });
    it('refuses a category that does not exist, or was not looked up', () => {
      product.given([created]).when({ ...change, categoryId: otherCategoryId, categoryExists: false }).thenRejected('unprocessable', /no such category/);
      product.given([created]).when({ ...change, categoryId: otherCategoryId }).thenRejected('unprocessable', /no such category/);
    });
    it('refuses invalid attributes', () => {
      product.given([created]).when({ ...change, attributes: { size: Number.POSITIVE_INFINITY } }).thenRejected('unprocessable', /size/);
    });
    it('refuses changes to a discontinued product', () => {
      product.given([created, discontinued]).when({ ...change, name: 'Renamed' }).thenRejected('conflict', /discontinued/);
    });
    it('a product that does not exist is not found', () => {
      product.given([]).when({ ...change, name: 'Renamed' }).thenRejected('not_found');
    });
  });

  describe('change price', () => {
    const newPrice = money(17999, 'EUR');
    const priceChanged: ProductEvent = { type: 'ProductPriceChanged', data: { productId, price: newPrice, previousPrice: price, changedAt: later } };

    it('records the new price with the one it replaces', () => {
      product.given([created]).when({ type: 'ChangeProductPrice', productId, price: newPrice, at: later }).then([priceChanged]);
      expect(ProductPriceChanged.schema.safeParse(priceChanged.data).success).toBe(true);
    });
    it('the same price again changes nothing', () => {
      product.given([created]).when({ type: 'ChangeProductPrice', productId, price, at: later }).then([]);
    });
    it('refuses a price that is not a positive whole amount', () => {
      product.given([created]).when({ type: 'ChangeProductPrice', productId, price: money(0, 'EUR'), at: later }).thenRejected('unprocessable', /positive/);
    });
    it('refuses a change of currency', () => {
      product.given([created]).when({ type: 'ChangeProductPrice', productId, price: money(17999, 'USD'), at: later }).thenRejected('unprocessable', /priced in EUR/);
    });
    it('refuses to reprice a discontinued product', () => {
      product.given([created, discontinued]).when({ type: 'ChangeProductPrice', productId, price: newPrice, at: later }).thenRejected('conflict', /discontinued/);
    });
    it('a product that does not exist is not found', () => {
      product.given([]).when({ type: 'ChangeProductPrice', productId, price: newPrice, at: later }).thenRejected('not_found');
    });
    it('the next change replaces the price the last change set', () => {
      product
        .given([created, priceChanged])
        .when({ type: 'ChangeProductPrice', productId, price, at: later })
        .then([{ type: 'ProductPriceChanged', data: { productId, price, previousPrice: newPrice, changedAt: later } }]);
    });
  });

  describe('discontinue', () => {
    it('discontinues an active product', () => {
      product.given([created]).when({ type: 'DiscontinueProduct', productId, at: later }).then([discontinued]);
    });
    it('discontinuing again changes nothing', () => {
      product.given([created, discontinued]).when({ type: 'DiscontinueProduct', productId, at: later }).then([]);
    });
    it('a product that does not exist is not found', () => {
      product.given([]).when({ type: 'DiscontinueProduct', productId, at: later }).thenRejected('not_found');
    });
  });

  it('its state, read by other handlers, follows every change', () => {
    const expected: Product = {
      status: 'discontinued',
      productId,
      sku: 'TENT-2P',
      name: 'Tent',
      description: 'Light and quick to pitch.',
      price: money(15000, 'EUR'),
      categoryId: otherCategoryId,
      attributes: { colour: 'blue' },
    };
    const history: ProductEvent[] = [
      created,
      { type: 'ProductDetailsChanged', data: { productId, name: 'Tent', categoryId: otherCategoryId, changedAt: later } },
      { type: 'ProductPriceChanged', data: { productId, price: money(15000, 'EUR'), previousPrice: price, changedAt: later } },
      { type: 'ProductDetailsChanged', data: { productId, attributes: { colour: 'blue' }, changedAt: later } },
      discontinued,
    ];
    expect(stateFrom(productDecider, history)).toEqual(expected);
  });
});
