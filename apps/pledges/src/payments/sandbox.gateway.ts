import { PaymentGateway } from './payment-gateway';

/**
 * Embedded mode's provider: no keys, no network. The card is "charged" by
 * POST /pledges/:id/sandbox-confirm with Stripe's test-card semantics (domain/pledge.ts); refunds
 * always succeed. References are derived from the pledge id, so repeating a call is harmless.
 */
export class SandboxGateway implements PaymentGateway {
  readonly provider = 'sandbox' as const;

  async createPayment({ pledgeId }: { pledgeId: string }) {
    return this.localPayment(pledgeId);
  }

  localPayment(pledgeId: string) {
    return { ref: `sandbox_pi_${pledgeId}` };
  }

  async clientSecret(): Promise<string | undefined> {
    return undefined;
  }

  async refund({ pledgeId, reference }: { pledgeId: string; reference?: string }) {
    return { refundRef: `sandbox_re_${pledgeId}${reference ? `_${reference}` : ''}` };
  }
}
