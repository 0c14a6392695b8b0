import { Inject, Injectable } from '@nestjs/common';
import {
  EventEnvelope,
  MilestoneExpired,
  MilestoneExpiredV1,
  MilestoneFailed,
  MilestoneFailedV1,
  MilestoneVerified,
  MilestoneVerifiedV1,
} from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { settleMilestone } from '../domain/tranche';
import { CampaignOutcomeRepository } from '../persistence/campaign-outcome.repository';
import { EscrowRepository } from '../persistence/escrow.repository';
import { TrancheRepository } from '../persistence/tranche.repository';

/**
 * Pay by result. A verified milestone makes its tranche eligible for what the result earned
 * (binary or proportional rule); a failed or expired one earns nothing. The unearned match goes
 * back to each fund (ledger + funds.returned, so matching can use it again); the unearned donors'
 * share follows the campaign's policy: released to the promoter, or set aside for refunds to the
 * donors. Once per milestone: the tranche must still be planned.
 */
@Injectable()
@EventConsumer({ service: 'payouts', events: [MilestoneVerified, MilestoneFailed, MilestoneExpired] })
export class SettleTrancheOnMilestoneOutcome implements EventHandler {
  constructor(
    private readonly tranches: TrancheRepository,
    private readonly outcomes: CampaignOutcomeRepository,
    private readonly escrow: EscrowRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(envelope: EventEnvelope<MilestoneVerifiedV1 | MilestoneFailedV1 | MilestoneExpiredV1>): Promise<void> {
    const { milestoneId, campaignId } = envelope.payload;
    const t = await this.tranches.findByMilestoneForUpdate(milestoneId);
    if (!t) throw new Error(`no tranche planned yet for milestone ${milestoneId}`); // retried: the plan may still be on its way
    if (t.status !== 'planned') return;
    const bps = envelope.type === MilestoneVerified.type ? (envelope.payload as MilestoneVerifiedV1).achievementBps : 0;
    const policy = await this.outcomes.failedMilestonePolicy(campaignId);
    const { currency } = t;
    const now = this.clock.now();
    const shares = await this.tranches.matchShares(t.id);
    // a milestone tranche always has its payment rule (from the campaign's milestone)
    const s = settleMilestone({
      donorShare: t.donorShare,
      paymentRule: t.paymentRule!,
      minAchievementPct: t.minAchievementPct,
      shares,
      achievementBps: bps,
      policy,
    });
    if (s.donorRefund > 0) {
      await this.escrow.forfeitDonorShare(
        { trancheId: t.id, campaignId, amount: s.donorRefund, currency, reason: `milestone ${milestoneId} not fully achieved (${bps} bps)` },
        now,
      );
    }
    for (const share of s.shares) {
      await this.tranches.setShareDue(t.id, share.fundId, share.due);
      if (share.forfeit === 0) continue;
      await this.escrow.returnForfeitedMatch(
        {
          trancheId: t.id,
          campaignId,
          fundId: share.fundId,
          amount: share.forfeit,
          currency,
          reason: `milestone ${milestoneId}: ${envelope.type}, ${bps} bps achieved`,
        },
        now,
      );
    }
    await this.tranches.settle(t.id, s.status, s.dueDonor, bps);
    if (s.status === 'forfeited') await this.outcomes.reportIfSettled(campaignId);
  }
}
