import type { Decider, Decision } from '../shared/decider.js';
import type { Money } from '../shared/money.js';
import { reject } from '../shared/rejection.js';
import { attributesProblem, sameAttributes, type Attributes } from './attributes.js';
import type { ChangeProductDetails, ChangeProductPrice, CreateProduct, DiscontinueProduct, ProductCommand } from './commands.js';
import type { ProductEvent } from './events.js';
import { priceProblem } from './price.js';

export type ProductStatus = 'active' | 'discontinued';

/** A product as it stands; other handlers read it too (order placement captures sku, name and price). */
export interface Product {
  readonly status: ProductStatus;
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly price: Money;
  readonly categoryId: string;
  readonly attributes: Attributes;
}

export type ProductState = { readonly status: 'none' } | Product;

export const productStream = (productId: string): string => `product-${productId}`;

const NO_SUCH_PRODUCT = 'no such product';
const DISCONTINUED = 'the product is discontinued';

function create(command: CreateProduct, state: ProductState): Decision<ProductEvent> {
  if (state.status !== 'none') return reject('conflict', 'the product already exists');
  if (command.sku.trim() === '') return reject('unprocessable', 'a product needs a SKU');
  if (command.name.trim() === '') return reject('unprocessable', 'a product needs a name');
  const problem = priceProblem(command.price) ?? attributesProblem(command.attributes);
  if (problem !== undefined) return reject('unprocessable', problem);
  if (!command.categoryExists) return reject('unprocessable', 'no such category');
  return [
    {
      type: 'ProductCreated',
      data: {
        productId: command.productId,
        sku: command.sku,
        name: command.name,
        description: command.description,
        price: command.price,
        categoryId: command.categoryId,
        attributes: command.attributes,
        createdAt: command.at,
      },
    },
  ];
}

function changeDetails(command: ChangeProductDetails, state: ProductState): Decision<ProductEvent> {
  if (state.status === 'none') return reject('not_found', NO_SUCH_PRODUCT);
  if (state.status === 'discontinued') return reject('conflict', DISCONTINUED);
  if (command.name?.trim() === '') return reject('unprocessable', 'a product needs a name');
  const problem = command.attributes === undefined ? undefined : attributesProblem(command.attributes);
  if (problem !== undefined) return reject('unprocessable', problem);
  const newCategoryId = command.categoryId === state.categoryId ? undefined : command.categoryId;
  if (newCategoryId !== undefined && command.categoryExists !== true) return reject('unprocessable', 'no such category');
  const changes = {
    ...(command.name !== undefined && command.name !== state.name ? { name: command.name } : {}),
    ...(command.description !== undefined && command.description !== state.description ? { description: command.description } : {}),
    ...(newCategoryId === undefined ? {} : { categoryId: newCategoryId }),
    ...(command.attributes !== undefined && !sameAttributes(command.attributes, state.attributes) ? { attributes: command.attributes } : {}),
  };
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'ProductDetailsChanged', data: { productId: command.productId, ...changes, changedAt: command.at } }];
}

function changePrice(command: ChangeProductPrice, state: ProductState): Decision<ProductEvent> {
  if (state.status === 'none') return reject('not_found', NO_SUCH_PRODUCT);
  if (state.status === 'discontinued') return reject('conflict', DISCONTINUED);
  const problem = priceProblem(command.price);
  if (problem !== undefined) return reject('unprocessable', problem);
  // A product is priced in one currency for its life: orders and read models compare its prices.
  if (command.price.currency !== state.price.currency) return reject('unprocessable', `the product is priced in ${state.price.currency}`);
  if (command.price.amount === state.price.amount) return [];
  return [{ type: 'ProductPriceChanged', data: { productId: command.productId, price: command.price, previousPrice: state.price, changedAt: command.at } }];
}

function discontinue(command: DiscontinueProduct, state: ProductState): Decision<ProductEvent> {
  if (state.status === 'none') return reject('not_found', NO_SUCH_PRODUCT);
  if (state.status === 'discontinued') return [];
  return [{ type: 'ProductDiscontinued', data: { productId: command.productId, discontinuedAt: command.at } }];
}

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'CreateProduct':
        return create(command, state);
      case 'ChangeProductDetails':
        return changeDetails(command, state);
      case 'ChangeProductPrice':
        return changePrice(command, state);
      case 'DiscontinueProduct':
        return discontinue(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ProductCreated': {
        const { productId, sku, name, description, price, categoryId, attributes } = event.data;
        return { status: 'active', productId, sku, name, description, price, categoryId, attributes };
      }
      case 'ProductDetailsChanged': {
        if (state.status === 'none') return state;
        const { name, description, categoryId, attributes } = event.data;
        return {
          ...state,
          name: name ?? state.name,
          description: description ?? state.description,
          categoryId: categoryId ?? state.categoryId,
          attributes: attributes ?? state.attributes,
        };
      }
      case 'ProductPriceChanged':
        return state.status === 'none' ? state : { ...state, price: event.data.price };
      case 'ProductDiscontinued':
        return state.status === 'none' ? state : { ...state, status: 'discontinued' };
    }
  },
};
