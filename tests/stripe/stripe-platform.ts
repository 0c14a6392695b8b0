import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { startTestPlatform, TestPlatform } from '../support/harness';

// Shared by the Stripe suites (stripe-payments*.e2e-spec.ts): the platform on stripe-mock and webhooks signed with the real SDK.
export const WEBHOOK_SECRET = 'whsec_test_civic';
export const stripe = new Stripe('sk_test_123');

/** A webhook body as Stripe would send it, signed with the real SDK (or tampered with). */
export function signed(type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, '')}`) {
  const payload = JSON.stringify({ id, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), data: { object } });
  return { id, payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

/** payment_intent.succeeded for a pledge's PaymentIntent, `received` cents collected (the amount asked unless told). */
export function paymentSucceeded(pledge: { id: string; paymentRef: string }, amount: number, received = amount) {
  return signed('payment_intent.succeeded', {
    id: pledge.paymentRef,
    object: 'payment_intent',
    amount: received,
    amount_received: received,
    currency: 'eur',
    metadata: { pledgeId: pledge.id },
  });
}

/** The platform with the Stripe provider against stripe-mock (STRIPE_MOCK_URL, scripts/infra) and the webhook secret above. */
export function startStripePlatform(): Promise<TestPlatform> {
  return startTestPlatform({
    env: {
      PAYMENTS_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_API_URL: process.env.STRIPE_MOCK_URL!,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  });
}
