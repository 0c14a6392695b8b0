import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Clock, CLOCK } from '@lib/platform';
import { computeRound, estimateGain, roundQuotable } from '../domain/quadratic-round';
import { ratioMatch, RatioRule } from '../domain/ratio';
import { thresholdReached, thresholdReservation, ThresholdRule } from '../domain/threshold';
import { CampaignNotFound } from '../matching.errors';
import { CampaignPledgeRepository } from '../persistence/campaign-pledge.repository';
import { CampaignRepository } from '../persistence/campaign.repository';
import { FinalizationRepository } from '../persistence/finalization.repository';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';
import { RoundReadModel } from '../persistence/round.read-model';
import { RuleRepository } from '../persistence/rule.repository';

export interface Quote {
  campaignId: string;
  amount: number;
  currency: string;
  byFund: { fundId: string; ruleId: string; type: string; amount: number; estimate: boolean }[];
}

const ANONYMOUS = '\u0000quote';

/** donorId: the caller's, when called with a token. */
export class GetMatchQuoteQuery extends Query<Quote> {
  constructor(
    readonly campaignId: string,
    readonly amount: number,
    readonly donorId?: string,
  ) {
    super();
  }
}

/**
 * What a pledge of `amount` would add now: the same rules, order, caps and pool balances as a
 * reservation (ratio and threshold amounts are exactly what would be reserved if the pledge were
 * confirmed now, never more), plus the quadratic round's estimated gain, flagged as an estimate.
 * Without a known donor, per-donor caps and quadratic sums treat the pledge as a new backer's.
 */
@QueryHandler(GetMatchQuoteQuery)
export class GetMatchQuoteHandler implements IQueryHandler<GetMatchQuoteQuery> {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly pledges: CampaignPledgeRepository,
    private readonly finalizations: FinalizationRepository,
    private readonly rules: RuleRepository,
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly rounds: RoundReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, amount, donorId }: GetMatchQuoteQuery): Promise<Quote> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) throw new CampaignNotFound(campaignId);
    const byFund: Quote['byFund'] = [];
    if (await this.finalizations.isFinalized(campaignId)) return { campaignId, amount: 0, currency: campaign.currency, byFund };
    const donor = donorId ?? ANONYMOUS;
    const rules = await this.rules.applicable(campaign, ['ratio', 'threshold', 'quadratic']);
    const available = await this.funds.availableOf(rules.map((r) => r.fundId));
    const backers = await this.pledges.backerTotals(campaignId);
    backers.set(donor, (backers.get(donor) ?? 0) + amount);
    for (const rule of rules) {
      const pool = available.get(rule.fundId) ?? 0;
      let add = 0;
      if (rule.type === 'ratio') {
        // an anonymous visitor has matched nothing yet: no donor id reaches SQL (the sentinel is not storable text)
        const ctx = await this.matches.ratioContext(rule.id, campaignId, donorId ?? null);
        add = ratioMatch(rule.params as unknown as RatioRule, amount, {
          matchedInCampaign: ctx.campaign,
          matchedForDonorInCampaign: ctx.donor,
          matchedPledgesOfDonorInCampaign: ctx.donorPledges,
          poolAvailable: pool,
        });
      } else if (rule.type === 'threshold') {
        const params = rule.params as ThresholdRule;
        if (!(await this.matches.hasLiveGrant(rule.id, campaignId)) && thresholdReached(params, campaign.goalAmount, backers)) {
          add = thresholdReservation(params, campaign.goalAmount, pool);
        }
      } else {
        add = await this.roundGain(rule.id, campaignId, donor, amount);
      }
      available.set(rule.fundId, pool - (rule.type === 'quadratic' ? 0 : add));
      if (add > 0) byFund.push({ fundId: rule.fundId, ruleId: rule.id, type: rule.type, amount: add, estimate: rule.type === 'quadratic' });
    }
    return { campaignId, amount: byFund.reduce((sum, f) => sum + f.amount, 0), currency: campaign.currency, byFund };
  }

  /** What donor `donorId` adding `amount` to `campaignId` would add to the round's estimate now (never "as a new donor"). */
  private async roundGain(ruleId: string, campaignId: string, donorId: string, amount: number): Promise<number> {
    const rule = await this.rules.getQuadratic(ruleId);
    if (!roundQuotable(this.clock.now(), rule.params)) return 0;
    const pool = await this.funds.available(rule.fundId);
    const before = computeRound(rule.params, pool, await this.rounds.contributions(rule));
    const after = computeRound(rule.params, pool, await this.rounds.contributions(rule, { campaignId, donorId, amount }));
    return estimateGain(before, after, campaignId);
  }
}
