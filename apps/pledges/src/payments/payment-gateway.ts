/**
 * The port between pledges and a payment provider. Every call carries our ids, from which the
 * adapter derives its idempotency keys (`pledge:<id>:payment`, `pledge:<id>:refund`), so a retry
 * after a crash never charges or refunds twice.
 */
export interface PaymentGateway {
  readonly provider: 'sandbox' | 'stripe';
  createPayment(input: { pledgeId: string; campaignId: string; amount: number; currency: string }): Promise<{ ref: string; clientSecret?: string }>;
  /** The secret the browser confirms an existing payment with (undefined when the provider has none, as the sandbox). */
  clientSecret(ref: string): Promise<string | undefined>;
  /**
   * Only for a provider whose payment needs no network call (the sandbox): the payment's
   * reference, stored with the pledge in the pledge's own transaction, so AttachPaymentInterceptor
   * has nothing to do after commit (no read and no update per pledge). Stripe has none.
   */
  localPayment?(pledgeId: string): { ref: string };
  /** `reference` distinguishes several partial refunds of one pledge (omitted: the full refund). */
  refund(input: { pledgeId: string; paymentRef: string; amount: number; reference?: string }): Promise<{ refundRef: string }>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
