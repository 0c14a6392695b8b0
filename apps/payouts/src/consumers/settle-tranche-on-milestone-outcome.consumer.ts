import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DonorShareRefundRequested, EventEnvelope, FundsReturned, MilestoneExpired, MilestoneExpiredV1, MilestoneFailed, MilestoneFailedV1, MilestoneVerified, MilestoneVerifiedV1,
} from '@lib/contracts';
import { accounts, postTransaction } from '@lib/ledger';
import { EventConsumer, EventHandler, OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { TrancheSettlement } from '../commands/tranche-settlement';
import { earned } from '../domain/tranches';

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
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly settlement: TrancheSettlement,
  ) {}

  async handle(envelope: EventEnvelope<MilestoneVerifiedV1 | MilestoneFailedV1 | MilestoneExpiredV1>): Promise<void> {
    const tx = this.txHost.tx;
    const { milestoneId, campaignId } = envelope.payload;
    const [t] = await tx.query(`SELECT * FROM payouts.tranches WHERE milestone_id = $1 FOR UPDATE`, [milestoneId]);
    if (!t) throw new Error(`no tranche planned yet for milestone ${milestoneId}`); // retried: the plan may still be on its way
    if (t.status !== 'planned') return;
    const bps = envelope.type === MilestoneVerified.type ? (envelope.payload as MilestoneVerifiedV1).achievementBps : 0;
    const [outcome] = await tx.query(`SELECT succeeded FROM payouts.campaign_outcomes WHERE campaign_id = $1`, [campaignId]);
    const policy: string = outcome.succeeded.failedMilestonePolicy;
    const currency = t.currency.trim();
    const now = this.clock.now();

    const donorShare = Number(t.donor_share);
    const donorEarned = earned(donorShare, t.payment_rule, bps, t.min_achievement_pct);
    const donorForfeit = donorShare - donorEarned;
    const dueDonor = policy === 'release_donor_share' ? donorShare : donorEarned;
    if (donorForfeit > 0 && policy === 'refund_donor_share') {
      const posted = await postTransaction(tx, 'payouts', {
        reference: `tranche:${t.id}:donor-share-forfeited`, kind: 'donor_share_forfeited', campaignId, trancheId: t.id, occurredAt: now,
        postings: [{ source: accounts.crowdEscrow(campaignId), destination: accounts.donorRefunds(campaignId), amount: donorForfeit, currency }],
      });
      if (posted) {
        await this.outbox.append({
          contract: DonorShareRefundRequested, aggregateId: t.id, occurredAt: now,
          payload: { requestId: randomUUID(), campaignId, trancheId: t.id, amount: donorForfeit, currency, reason: `milestone ${milestoneId} not fully achieved (${bps} bps)` },
        });
      }
    }
    const shares: { fund_id: string; amount: string }[] = await tx.query(`SELECT fund_id, amount FROM payouts.tranche_match_shares WHERE tranche_id = $1 ORDER BY fund_id`, [t.id]);
    let dueMatch = 0;
    for (const s of shares) {
      const amount = Number(s.amount);
      const due = earned(amount, t.payment_rule, bps, t.min_achievement_pct);
      dueMatch += due;
      await tx.query(`UPDATE payouts.tranche_match_shares SET due = $3 WHERE tranche_id = $1 AND fund_id = $2`, [t.id, s.fund_id, due]);
      const forfeit = amount - due;
      if (forfeit === 0) continue;
      const posted = await postTransaction(tx, 'payouts', {
        reference: `tranche:${t.id}:match-forfeited:${s.fund_id}`, kind: 'match_returned', campaignId, trancheId: t.id, fundId: s.fund_id, occurredAt: now,
        postings: [{ source: accounts.matchEscrow(campaignId, s.fund_id), destination: accounts.fund(s.fund_id), amount: forfeit, currency }],
      });
      if (posted) {
        await this.outbox.append({
          contract: FundsReturned, aggregateId: s.fund_id, occurredAt: now,
          payload: { returnId: randomUUID(), fundId: s.fund_id, campaignId, amount: forfeit, currency, reason: `milestone ${milestoneId}: ${envelope.type}, ${bps} bps achieved` },
        });
      }
    }
    const status = dueDonor + dueMatch > 0 ? 'eligible' : 'forfeited';
    await tx.query(`UPDATE payouts.tranches SET status = $2, due_donor = $3, achievement_bps = $4 WHERE id = $1`, [t.id, status, dueDonor, bps]);
    if (status === 'forfeited') await this.settlement.reportIfSettled(campaignId);
  }
}
