import Stripe from 'stripe';
import { PaymentGateway } from './payment-gateway';

export interface StripeGatewayOptions {
  secretKey: string;
  /** e.g. http://127.0.0.1:12111 (stripe-mock); default: Stripe's API. */
  apiUrl?: string;
}

/** Pinned with the SDK version: an SDK upgrade that changes the API version is a deliberate change. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/**
 * Stripe adapter: one PaymentIntent per pledge (charged when the donor pays, per design.md),
 * `transfer_group` = campaign id so payouts can transfer to the promoter later, metadata with our
 * ids, and idempotency keys derived from the pledge id on every write.
 */
export class StripeGateway implements PaymentGateway {
  readonly provider = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    const url = options.apiUrl ? new URL(options.apiUrl) : undefined;
    this.stripe = new Stripe(options.secretKey, {
      apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
      maxNetworkRetries: 2,
      ...(url
        ? { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), protocol: url.protocol.replace(':', '') as 'http' | 'https' }
        : {}),
    });
  }

  async createPayment(input: { pledgeId: string; campaignId: string; amount: number; currency: string }) {
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        transfer_group: input.campaignId,
        metadata: { pledgeId: input.pledgeId, campaignId: input.campaignId },
      },
      { idempotencyKey: `pledge:${input.pledgeId}:payment:v1` },
    );
    return { ref: intent.id, clientSecret: intent.client_secret ?? undefined };
  }

  async clientSecret(ref: string) {
    return (await this.stripe.paymentIntents.retrieve(ref)).client_secret ?? undefined;
  }

  async refund(input: { pledgeId: string; paymentRef: string; amount: number; reference?: string }) {
    const refund = await this.stripe.refunds.create(
      {
        payment_intent: input.paymentRef,
        amount: input.amount,
        metadata: { pledgeId: input.pledgeId, ...(input.reference ? { reference: input.reference } : {}) },
      },
      { idempotencyKey: `pledge:${input.pledgeId}:refund:${input.reference ?? 'full'}:v1` },
    );
    return { refundRef: refund.id };
  }
}
