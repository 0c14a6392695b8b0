import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CampaignSucceeded, CampaignSucceededV1, EventEnvelope, MatchFinalized, MatchFinalizedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { Escrow } from '../commands/escrow';
import { RefundsAfterClose } from '../commands/refunds-after-close';
import { planTranches } from '../domain/tranches';

/**
 * The tranche plan of a successful campaign, made once both facts are in (they travel on different
 * topics, in any order): campaigns' campaign.succeeded (crowd, shares, milestones) and matching's
 * match.finalized (each fund's committed match, which enters the escrow now). The upfront tranche
 * is eligible at once; milestone tranches wait for their verification.
 */
@Injectable()
@EventConsumer({ service: 'payouts', events: [CampaignSucceeded, MatchFinalized] })
export class PlanTranchesOnCampaignSuccess implements EventHandler {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly escrow: Escrow,
    private readonly afterClose: RefundsAfterClose,
  ) {}

  async handle(envelope: EventEnvelope<CampaignSucceededV1 | MatchFinalizedV1>): Promise<void> {
    const tx = this.txHost.tx;
    const campaignId = envelope.payload.campaignId;
    await tx.query(`INSERT INTO payouts.campaign_outcomes (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaignId]);
    if (envelope.type === CampaignSucceeded.type) {
      await tx.query(`UPDATE payouts.campaign_outcomes SET succeeded = $2 WHERE campaign_id = $1 AND succeeded IS NULL`, [campaignId, JSON.stringify(envelope.payload)]);
    } else {
      const m = envelope.payload as MatchFinalizedV1;
      await tx.query(`UPDATE payouts.campaign_outcomes SET match_by_fund = $2 WHERE campaign_id = $1 AND match_by_fund IS NULL`, [campaignId, JSON.stringify(m.byFund)]);
      for (const f of m.byFund) {
        await tx.query(
          // the shares were validated with the event (match.finalized v1 contract: sum 10000, unique);
          // an event without them (older producer) never erases shares a newer one delivered
          `INSERT INTO payouts.fund_views (fund_id, funder_id, source_tags, source_shares) VALUES ($1, $2, $3, $4::jsonb)
           ON CONFLICT (fund_id) DO UPDATE SET source_tags = EXCLUDED.source_tags, source_shares = coalesce(EXCLUDED.source_shares, payouts.fund_views.source_shares)`,
          [f.fundId, f.funderId, f.sourceTags ?? [], f.sourceShares ? JSON.stringify(f.sourceShares.map((s) => ({ source: s.source, shareBps: s.shareBps }))) : null],
        );
      }
    }
    const [row] = await tx.query(`SELECT succeeded, match_by_fund, planned_at, crowd_withdrawn FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
    if (!row.succeeded || !row.match_by_fund || row.planned_at) return;
    const s = row.succeeded as CampaignSucceededV1;
    const matches = (row.match_by_fund as MatchFinalizedV1['byFund']).filter((f) => f.amount > 0).map((f) => ({ fundId: f.fundId, amount: f.amount }));
    for (const m of matches) await this.escrow.matchCommitted(campaignId, m.fundId, m.amount, s.currency);
    const rules = new Map(s.milestones.map((m) => [m.milestoneId, m]));
    // Refunds after the close that came before the plan already left the escrow: the plan splits what is left.
    const crowdAmount = s.crowdAmount - Number(row.crowd_withdrawn);
    for (const t of planTranches({ crowdAmount, matches, upfrontSharePct: s.upfrontSharePct, milestones: s.milestones })) {
      const id = randomUUID();
      const rule = t.milestoneId ? rules.get(t.milestoneId) : undefined;
      await tx.query(
        `INSERT INTO payouts.tranches (id, campaign_id, promoter_id, currency, position, kind, milestone_id, share_pct, payment_rule, min_achievement_pct, donor_share, due_donor, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [id, campaignId, s.promoterId, s.currency, t.position, t.kind, t.milestoneId, t.sharePct, rule?.paymentRule ?? null, rule?.minAchievementPct ?? null,
          t.donorShare, t.kind === 'upfront' ? t.donorShare : null, t.kind === 'upfront' ? 'eligible' : 'planned'],
      );
      for (const share of t.matchShares) {
        await tx.query(`INSERT INTO payouts.tranche_match_shares (tranche_id, fund_id, amount, due) VALUES ($1, $2, $3, $4)`, [
          id, share.fundId, share.amount, t.kind === 'upfront' ? share.amount : null,
        ]);
      }
    }
    await tx.query(`UPDATE payouts.campaign_outcomes SET planned_at = now() WHERE campaign_id = $1`, [campaignId]);
    await this.afterClose.applyMatchWithdrawals(campaignId); // matches withdrawn by refunds that came before the plan
  }
}
