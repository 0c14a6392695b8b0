import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CampaignSucceeded, CampaignSucceededV1, EventEnvelope, MatchFinalized, MatchFinalizedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler, joinOnce } from '@lib/messaging';
import { initialState } from '../domain/tranche';
import { planTranches } from '../domain/tranches';
import { CampaignOutcomeRepository, PlanParts } from '../persistence/campaign-outcome.repository';
import { EscrowRepository } from '../persistence/escrow.repository';
import { FundViewRepository } from '../persistence/fund-view.repository';
import { TranchePlanRepository } from '../persistence/tranche-plan.repository';
import { RefundsAfterClose } from '../services/refunds-after-close';

const REQUIRED = ['succeeded', 'matchByFund'] as const;

/**
 * The tranche plan of a successful campaign, made once both facts are in (they travel on different
 * topics, in any order): campaigns' campaign.succeeded (crowd, shares, milestones) and matching's
 * match.finalized (each fund's committed match, which enters the escrow now). The upfront tranche
 * is eligible at once; milestone tranches wait for their verification. The join is libs/messaging's
 * joinOnce over the campaign's outcome row (CampaignOutcomeRepository).
 */
@Injectable()
@EventConsumer({ service: 'payouts', events: [CampaignSucceeded, MatchFinalized] })
export class PlanTranchesOnCampaignSuccess implements EventHandler {
  constructor(
    private readonly outcomes: CampaignOutcomeRepository,
    private readonly funds: FundViewRepository,
    private readonly tranches: TranchePlanRepository,
    private readonly escrow: EscrowRepository,
    private readonly afterClose: RefundsAfterClose,
  ) {}

  async handle(envelope: EventEnvelope<CampaignSucceededV1 | MatchFinalizedV1>): Promise<void> {
    const campaignId = envelope.payload.campaignId;
    const decide = (parts: PlanParts) => this.plan(campaignId, parts);
    const match = envelope.type === CampaignSucceeded.type ? null : (envelope.payload as MatchFinalizedV1);
    const outcome = match
      ? await joinOnce(this.outcomes, campaignId, 'matchByFund', match.byFund, REQUIRED, decide)
      : await joinOnce(this.outcomes, campaignId, 'succeeded', envelope.payload as CampaignSucceededV1, REQUIRED, decide);
    // Once the plan is marked made (planned_at, by joinOnce): an emptied tranche forfeited here may
    // settle the campaign's tranches, and that report needs planned_at.
    if (outcome === 'decided') await this.afterClose.applyMatchWithdrawals(campaignId); // matches withdrawn by refunds that came before the plan
    // After the join, so the outcome row stays the first row this transaction locks; the plan does not read fund_views.
    if (match) await this.funds.upsertFinalized(match.byFund);
  }

  private async plan(campaignId: string, { succeeded: s, matchByFund, crowdWithdrawn }: PlanParts): Promise<void> {
    const matches = matchByFund.filter((f) => f.amount > 0).map((f) => ({ fundId: f.fundId, amount: f.amount }));
    for (const m of matches) await this.escrow.matchCommitted(campaignId, m.fundId, m.amount, s.currency);
    const rules = new Map(s.milestones.map((m) => [m.milestoneId, m]));
    // Refunds after the close that came before the plan already left the escrow: the plan splits what is left.
    const crowdAmount = s.crowdAmount - crowdWithdrawn;
    for (const t of planTranches({ crowdAmount, matches, upfrontSharePct: s.upfrontSharePct, milestones: s.milestones })) {
      const rule = t.milestoneId ? rules.get(t.milestoneId) : undefined;
      const state = initialState(t.kind, t.donorShare);
      await this.tranches.insert({
        id: randomUUID(),
        campaignId,
        promoterId: s.promoterId,
        currency: s.currency,
        position: t.position,
        kind: t.kind,
        milestoneId: t.milestoneId,
        sharePct: t.sharePct,
        paymentRule: rule?.paymentRule ?? null,
        minAchievementPct: rule?.minAchievementPct ?? null,
        donorShare: t.donorShare,
        dueDonor: state.dueDonor,
        status: state.status,
        matchShares: t.matchShares.map((share) => ({ fundId: share.fundId, amount: share.amount, due: state.shareDue(share.amount) })),
      });
    }
  }
}
