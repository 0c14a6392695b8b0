import { Injectable } from '@nestjs/common';
import { CampaignContributions } from '../domain/quadratic';
import { groupContributions, minContribution } from '../domain/quadratic-round';
import { ruleApplies } from '../domain/rule-eligibility';
import { CampaignPledgeRepository } from './campaign-pledge.repository';
import { CampaignRepository } from './campaign.repository';
import { QuadraticRule } from './rule.repository';

/** What a quadratic round is computed from: the campaigns it concerns and their donors' sums in its window. */
@Injectable()
export class RoundReadModel {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly pledges: CampaignPledgeRepository,
  ) {}

  /** The campaigns the round concerns, in id order: eligible, published before its end, match not finalized yet. */
  async eligible(rule: QuadraticRule): Promise<string[]> {
    const campaigns = await this.campaigns.unfinalizedPublishedBefore(rule.currency, rule.params.roundEndsAt);
    return campaigns.filter((c) => ruleApplies(rule.eligibility, c)).map((c) => c.campaignId);
  }

  /**
   * Each eligible campaign's donor sums for the round (pledges in the window, small ones dropped).
   * A campaign whose match is already finalized (decided or cancelled) takes no share: its figures
   * are final, and a share committed after them would have no escrow (docs/money-rules.md).
   */
  async contributions(rule: QuadraticRule, extra?: { campaignId: string; donorId: string; amount: number }): Promise<CampaignContributions[]> {
    const eligible = await this.eligible(rule);
    const min = minContribution(rule.params);
    const { roundStartsAt, roundEndsAt } = rule.params;
    const sums = await this.pledges.windowSums({ roundStartsAt, roundEndsAt, minContributionAmount: min }, eligible);
    return groupContributions(eligible, sums, min, extra);
  }
}
