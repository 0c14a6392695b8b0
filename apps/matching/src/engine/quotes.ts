import { Injectable } from '@nestjs/common';
import { InjectTx, NotFound, Tx } from '@lib/platform';
import { ratioMatch, RatioRule } from '../domain/ratio';
import { thresholdReached, thresholdReservation, ThresholdRule } from '../domain/threshold';
import { QuadraticRounds } from './quadratic-rounds';
import { RulesRepository } from './rules.repository';

export interface Quote {
  campaignId: string;
  amount: number;
  currency: string;
  byFund: { fundId: string; ruleId: string; type: string; amount: number; estimate: boolean }[];
}

const ANONYMOUS = '\u0000quote';

/**
 * What a pledge of `amount` would add now: the same rules, order, caps and pool balances as a
 * reservation (ratio and threshold amounts are exactly what would be reserved if the pledge were
 * confirmed now, never more), plus the quadratic round's estimated gain, flagged as an estimate.
 * Without a known donor, per-donor caps and quadratic sums treat the pledge as a new backer's.
 */
@Injectable()
export class Quotes {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly rules: RulesRepository,
    private readonly rounds: QuadraticRounds,
  ) {}

  async quote(campaignId: string, amount: number, donorId?: string): Promise<Quote> {
    const campaign = await this.rules.campaign(campaignId);
    if (!campaign) throw new NotFound('Campaign', campaignId);
    const byFund: Quote['byFund'] = [];
    if (await this.rules.isFinalized(campaignId)) return { campaignId, amount: 0, currency: campaign.currency, byFund };
    const donor = donorId ?? ANONYMOUS;
    const rules = await this.rules.applicable(campaign, ['ratio', 'threshold', 'quadratic']);
    const funds: { id: string; available: string }[] = await this.txHost.tx.query(`SELECT id, available FROM matching.funds WHERE id = ANY($1::uuid[])`, [rules.map((r) => r.fundId)]);
    const available = new Map(funds.map((f) => [f.id, Number(f.available)]));
    const backers = await this.rules.backerTotals(campaignId);
    backers.set(donor, (backers.get(donor) ?? 0) + amount);
    for (const rule of rules) {
      const pool = available.get(rule.fundId) ?? 0;
      let add = 0;
      if (rule.type === 'ratio') {
        // an anonymous visitor has matched nothing yet: no donor id reaches SQL (the sentinel is not storable text)
        const ctx = await this.rules.ratioContext(rule.id, campaignId, donorId ?? null);
        add = ratioMatch(rule.params as unknown as RatioRule, amount, {
          matchedInCampaign: ctx.campaign, matchedForDonorInCampaign: ctx.donor, matchedPledgesOfDonorInCampaign: ctx.donorPledges, poolAvailable: pool,
        });
      } else if (rule.type === 'threshold') {
        const params = rule.params as ThresholdRule;
        if (!(await this.rules.hasLiveGrant(rule.id, campaignId)) && thresholdReached(params, campaign.goalAmount, backers)) add = thresholdReservation(params, campaign.goalAmount, pool);
      } else {
        add = await this.rounds.quoteDelta(rule.id, campaignId, donor, amount);
      }
      available.set(rule.fundId, pool - (rule.type === 'quadratic' ? 0 : add));
      if (add > 0) byFund.push({ fundId: rule.fundId, ruleId: rule.id, type: rule.type, amount: add, estimate: rule.type === 'quadratic' });
    }
    return { campaignId, amount: byFund.reduce((sum, f) => sum + f.amount, 0), currency: campaign.currency, byFund };
  }
}
