export interface RecordProductView {
  readonly type: 'RecordProductView';
  readonly sessionId: string;
  readonly productId: string;
  /** Whether the product is in the catalogue (looked up by the handler). */
  readonly productKnown: boolean;
  readonly userId: string | null;
  readonly at: string;
}

export type BrowsingSessionCommand = RecordProductView;
