export interface SubmitReview {
  readonly type: 'SubmitReview';
  readonly reviewId: string;
  readonly productId: string;
  readonly customerId: string;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  /** Whether the customer has a confirmed or delivered order with the product (looked up by the caller). */
  readonly verifiedPurchase: boolean;
  readonly at: string;
}

export interface ModerateReview {
  readonly type: 'ApproveReview' | 'RejectReview';
  readonly reviewId: string;
  readonly moderatorId: string;
  readonly reason?: string;
  readonly at: string;
}

export type ReviewCommand = SubmitReview | ModerateReview;
