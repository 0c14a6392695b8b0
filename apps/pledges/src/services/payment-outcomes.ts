import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK } from '@lib/platform';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import { failureIgnored, heldAmount, providerRefundTransition, successAlreadyApplied, successCounts } from '../domain/pledge-transitions';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { RefundPledges } from './refund-pledges';

/**
 * What a payment provider tells us about a pledge, applied as a monotonic state machine so that
 * signals arriving twice or out of order (a refund before the success it refunds) converge:
 * requires_payment → confirmed → refunded; requires_payment → failed. Runs in the caller's
 * transaction, with the pledge row locked by the caller.
 */
@Injectable()
export class PaymentOutcomes {
  constructor(
    private readonly pledges: PledgeRepository,
    private readonly campaigns: CampaignViewRepository,
    private readonly refunds: RefundPledges,
    private readonly announced: AnnouncedConfirmations,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Money collected. Counted only if the campaign still takes pledges; otherwise given back at once. */
  async succeeded(pledge: PledgeEntity): Promise<string> {
    const already = successAlreadyApplied(pledge.status);
    if (already) return already;
    // before reading the clock: a round's cut-off tally counts this confirmation or dates it after the cut-off
    await this.announced.lockForConfirmation(pledge.campaignId);
    const now = this.clock.now();
    const campaign = await this.campaigns.find(pledge.campaignId);
    const decision = successCounts(pledge.status, campaign?.status);
    // with pledge.confirmed when it counts (announcedAt the same instant: a round's cut-off tally counts it)
    await this.pledges.markConfirmed(pledge, now, decision.counted);
    const confirmed = { ...pledge, status: 'confirmed' as const, confirmedAt: now };
    if (!decision.counted) {
      await this.refunds.refund(confirmed, decision.why, { announce: false });
      return `refunded: ${decision.why}`;
    }
    return 'confirmed';
  }

  async failed(pledge: PledgeEntity, reason: string): Promise<string> {
    const ignored = failureIgnored(pledge.status);
    if (ignored) return ignored;
    await this.pledges.markFailed(pledge, reason, this.clock.now());
    return 'failed';
  }

  /** The provider refunded the charge (our own refund echoed back, or one made in its dashboard). */
  async refundedByProvider(pledge: PledgeEntity): Promise<string> {
    const now = this.clock.now();
    const reason = 'refunded at the payment provider';
    const transition = providerRefundTransition(pledge.status);
    if (transition === 'already_refunded') return 'already refunded';
    if (transition === 'before_success') {
      // Out of order: the refund overtook the success. Never counted, so nothing to announce.
      await this.pledges.markRefundedBeforeSuccess(pledge.id, now, reason);
      return 'refunded before its success was seen';
    }
    // What the pledge still held (a pro-rata donors' share refund may have taken part of it). The
    // provider has refunded already: counted against the escrow whatever it still covers (forced).
    const amount = heldAmount(pledge);
    const countedAtClose = await this.refunds.chargeEscrow(pledge, amount, true);
    await this.pledges.markRefunded(pledge, { amount, reason, countedAtClose }, now);
    return 'refunded';
  }
}
