import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectTx, Tx } from '@lib/platform';
import { awaitsTransfer, payoutRoute } from '../domain/tranche';
import { CampaignOutcomeRepository } from '../persistence/campaign-outcome.repository';
import { EscrowRepository } from '../persistence/escrow.repository';
import { PayoutAccountRepository } from '../persistence/payout-account.repository';
import { Tranche, TrancheRepository } from '../persistence/tranche.repository';
import { PAYOUT_GATEWAY, PayoutGateway } from './payout-gateway';

/**
 * Pays a released tranche: a Stripe Connect transfer, or instructions for an external bank payment.
 * No network call inside a database transaction: the release commits first (tranche `released`,
 * the transfer pending), then `pay` runs outside any transaction — a short transaction reads what
 * to pay, the transfer goes out with an idempotency key made of our ids
 * (`tranche:<id>:transfer:v1`, see StripePayouts), and another short transaction records it paid
 * under the tranche's row lock (once: a concurrent or repeated pay finds it paid and stops). If the
 * process dies between the commit and the transfer, or the transfer fails, the tranche stays
 * `released` and PayoutRetryJob pays it; Stripe answers a repeated key with the same transfer.
 * Here, beside the gateway, because it owns the transactions around the provider's call (the
 * release route's interceptor and the retry job both call it, after commit).
 */
@Injectable()
export class Payouts {
  private readonly logger = new Logger('payouts');
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    @Inject(PAYOUT_GATEWAY) private readonly gateway: PayoutGateway,
    private readonly tranches: TrancheRepository,
    private readonly accounts: PayoutAccountRepository,
    private readonly escrow: EscrowRepository,
    private readonly outcomes: CampaignOutcomeRepository,
  ) {}

  static transferKey(trancheId: string): string {
    return `tranche:${trancheId}:transfer:v1`;
  }

  async pay(trancheId: string): Promise<void> {
    if (this.txHost.isTransactionActive())
      throw new Error(`Payouts.pay(${trancheId}) calls the payment provider: call it after commit, outside any transaction`);
    const transfer = await this.txHost.withTransaction(async () => {
      const t = await this.tranches.findForUpdate(trancheId);
      if (!t || !awaitsTransfer(t)) return null;
      const route = payoutRoute(trancheId, await this.accounts.find(t.promoterId));
      if (route.kind === 'no-account') {
        await this.tranches.recordNoPayoutAccount(trancheId);
        return null;
      }
      if (route.kind === 'external') {
        await this.tranches.awaitBankPayment(trancheId, route.reference);
        return null;
      }
      const amount = await this.tranches.dueTotal(trancheId, t.dueDonor ?? 0);
      return { trancheId, campaignId: t.campaignId, accountId: route.accountId, amount, currency: t.currency };
    });
    if (!transfer) return;
    let transferId: string;
    try {
      ({ transferId } = await this.gateway.transfer(transfer)); // outside any transaction
    } catch (e) {
      // Never lost: the tranche stays released and the retry job tries again (same idempotency key).
      this.logger.warn(`transfer of tranche ${trancheId} failed: ${(e as Error).message}`);
      await this.txHost.withTransaction(() => this.tranches.recordTransferFailure(trancheId, (e as Error).message));
      return;
    }
    await this.txHost.withTransaction(async () => {
      const t = (await this.tranches.findForUpdate(trancheId))!;
      if (t.status !== 'released') return; // paid meanwhile by a concurrent pay of the same transfer
      await this.markPaid(t, transfer.amount, 'stripe_connect', transferId);
    });
  }

  statusOf(trancheId: string): Promise<{ id: string; status: string }> {
    return this.tranches.statusOf(trancheId);
  }

  /** Paid (by transfer or bank payment): the ledger, the tranche, and maybe the campaign's tranches all settled. In the caller's transaction. */
  async markPaid(t: Tranche, amount: number, method: string, ref: string): Promise<void> {
    await this.escrow.paid({ trancheId: t.id, campaignId: t.campaignId, promoterId: t.promoterId, currency: t.currency }, amount, method, ref);
    await this.tranches.markPaid(t.id, method, ref);
    await this.outcomes.reportIfSettled(t.campaignId);
  }
}
