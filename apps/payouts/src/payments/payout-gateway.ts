import Stripe from 'stripe';

/**
 * How money reaches promoters: Stripe Connect (Express accounts, transfers with transfer_group =
 * campaign id and an idempotency key per tranche) or, in the sandbox, a local simulation with the
 * same shape. External bank payouts are not a gateway: the funder's treasury pays and confirms.
 */
export interface PayoutGateway {
  createAccount(promoterId: string, country: string): Promise<{ accountId: string; onboardingUrl: string }>;
  transfer(input: { trancheId: string; campaignId: string; accountId: string; amount: number; currency: string }): Promise<{ transferId: string }>;
}
export const PAYOUT_GATEWAY = Symbol('PAYOUT_GATEWAY');

export class SandboxPayouts implements PayoutGateway {
  constructor(private readonly publicUrl: string) {}
  async createAccount(promoterId: string) {
    return { accountId: `acct_sandbox_${promoterId}`, onboardingUrl: `${this.publicUrl}/sandbox/connect-onboarding/${encodeURIComponent(promoterId)}` };
  }
  async transfer({ trancheId }: { trancheId: string }) {
    return { transferId: `tr_sandbox_${trancheId}` };
  }
}

export class StripePayouts implements PayoutGateway {
  private readonly stripe: Stripe;
  constructor(
    secretKey: string,
    apiUrl: string | undefined,
    private readonly publicUrl: string,
  ) {
    const url = apiUrl ? new URL(apiUrl) : undefined;
    this.stripe = new Stripe(secretKey, {
      apiVersion: '2026-10-28.endive' as Stripe.LatestApiVersion,
      maxNetworkRetries: 2,
      ...(url ? { host: url.hostname, port: Number(url.port || 443), protocol: url.protocol.replace(':', '') as 'http' | 'https' } : {}),
    });
  }

  async createAccount(promoterId: string, country: string) {
    const account = await this.stripe.accounts.create(
      { type: 'express', country, capabilities: { transfers: { requested: true } }, metadata: { promoterId } },
      { idempotencyKey: `promoter:${promoterId}:connect-account:v1` },
    );
    const link = await this.stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${this.publicUrl}/promoters/me/payout-account`,
      return_url: `${this.publicUrl}/promoters/me`,
    });
    return { accountId: account.id, onboardingUrl: link.url };
  }

  async transfer(input: { trancheId: string; campaignId: string; accountId: string; amount: number; currency: string }) {
    const transfer = await this.stripe.transfers.create(
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        destination: input.accountId,
        transfer_group: input.campaignId,
        metadata: { trancheId: input.trancheId },
      },
      { idempotencyKey: `tranche:${input.trancheId}:transfer:v1` },
    );
    return { transferId: transfer.id };
  }
}
