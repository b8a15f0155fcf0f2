import type { Money } from '../shared/money.js';
import type { Attributes } from './attributes.js';

export interface CreateCategory {
  readonly type: 'CreateCategory';
  readonly categoryId: string;
  readonly name: string;
  readonly parentId: string | null;
  /** Whether the parent category exists (looked up by the caller; ignored without a parent). */
  readonly parentExists: boolean;
  readonly at: string;
}

export type CategoryCommand = CreateCategory;

export interface ReserveSku {
  readonly type: 'ReserveSku';
  readonly sku: string;
  readonly productId: string;
  readonly at: string;
}

export type SkuReservationCommand = ReserveSku;

export interface CreateProduct {
  readonly type: 'CreateProduct';
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly price: Money;
  readonly categoryId: string;
  /** Whether the category exists (looked up by the caller). */
  readonly categoryExists: boolean;
  readonly attributes: Attributes;
  readonly at: string;
}

/** Only the details given are changed; `attributes` replaces the product's attributes as a whole. */
export interface ChangeProductDetails {
  readonly type: 'ChangeProductDetails';
  readonly productId: string;
  readonly name?: string;
  readonly description?: string;
  readonly categoryId?: string;
  /** Whether `categoryId` exists (looked up by the caller); needed when the category changes. */
  readonly categoryExists?: boolean;
  readonly attributes?: Attributes;
  readonly at: string;
}

export interface ChangeProductPrice {
  readonly type: 'ChangeProductPrice';
  readonly productId: string;
  readonly price: Money;
  readonly at: string;
}

export interface DiscontinueProduct {
  readonly type: 'DiscontinueProduct';
  readonly productId: string;
  readonly at: string;
}

export type ProductCommand = CreateProduct | ChangeProductDetails | ChangeProductPrice | DiscontinueProduct;
