import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK } from '@lib/platform';
import { heldAmount } from '../domain/pledge-transitions';
import { chargesEscrow } from '../domain/refund-cover';
import { ProviderRefunds } from '../payments/provider-refunds';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';

/**
 * Refunds one confirmed pledge, in the caller's transaction: the provider refund is queued (made
 * after commit, keyed by the pledge id, so nothing is refunded twice), the pledge becomes refunded, and
 * pledge.refunded tells matching and campaigns (unless the pledge was never announced).
 */
@Injectable()
export class RefundPledges {
  constructor(
    private readonly pledges: PledgeRepository,
    private readonly campaigns: CampaignViewRepository,
    private readonly providerRefunds: ProviderRefunds,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `announce: false` for a pledge never counted (its payment came after the close); `force` when the
   * platform must refund whatever the escrow holds (a failed or cancelled campaign's saga): a shortfall
   * then becomes payouts' explicit platform loss instead of a refusal.
   */
  async refund(pledge: PledgeEntity, reason: string, options: { announce: boolean; force?: boolean } = { announce: true }): Promise<void> {
    if (pledge.status !== 'confirmed') return;
    const amount = heldAmount(pledge);
    const countedAtClose = options.announce ? await this.chargeEscrow(pledge, amount, options.force ?? false) : false;
    // Queued in this transaction, made at the provider after it commits (ProviderRefunds).
    await this.providerRefunds.queue({ pledgeId: pledge.id, paymentRef: pledge.paymentRef ?? '', amount });
    const now = this.clock.now();
    await this.pledges.markRefundedIfConfirmed(pledge, { amount, reason, countedAtClose }, now, options.announce);
  }

  /**
   * A refund of a pledge of a campaign whose funding closed comes out of the escrow still unreleased
   * (docs/money-rules.md, "Refunds after funding closed"). Under the campaign view's row lock (the
   * close job takes the same lock), so two refunds never both spend the last cover. Refuses with 409
   * when the escrow cannot cover it, unless forced (the provider already refunded, or a saga).
   * Returns whether the pledge was counted in the campaign's funding.closed figures.
   */
  async chargeEscrow(pledge: PledgeEntity, amount: number, force: boolean): Promise<boolean> {
    const view = await this.campaigns.findForUpdate(pledge.campaignId);
    if (!chargesEscrow(view, pledge.id, amount, force)) return false;
    await this.campaigns.addRefundedAfterClose(pledge.campaignId, amount);
    return true;
  }
}
