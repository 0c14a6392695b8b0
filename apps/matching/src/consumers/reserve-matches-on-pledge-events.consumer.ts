import { Injectable } from '@nestjs/common';
import { EventEnvelope, PledgeConfirmed, PledgeConfirmedV1, PledgeRefunded, PledgeRefundedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { ratioMatch, RatioRule } from '../domain/ratio';
import { thresholdReached, thresholdReservation, ThresholdRule } from '../domain/threshold';
import { CampaignNotYetKnown } from '../matching.errors';
import { CampaignPledgeRepository, ConfirmedPledge } from '../persistence/campaign-pledge.repository';
import { CampaignRepository, MatchingCampaign } from '../persistence/campaign.repository';
import { FinalizationRepository } from '../persistence/finalization.repository';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';
import { RuleRepository, RuleRow } from '../persistence/rule.repository';
import { MatchFinalization } from '../services/match-finalization';

/** What one rule reserved for a pledge, and the campaign's live match after it. */
type Allocated = { amount: number; liveMatch: number };

/**
 * Matches follow confirmed crowd money: a confirmed pledge is matched by each applicable ratio
 * rule (once per rule: a unique index) and may trigger threshold grants; a refund releases exactly
 * what its pledge reserved and may un-trigger a grant before the campaign closes. Runs inside the
 * consumer's inbox transaction.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [PledgeConfirmed, PledgeRefunded] })
export class ReserveMatchesOnPledgeEvents implements EventHandler {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly pledges: CampaignPledgeRepository,
    private readonly rules: RuleRepository,
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly finalizations: FinalizationRepository,
    private readonly finalization: MatchFinalization,
  ) {}

  async handle(envelope: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>): Promise<void> {
    if (envelope.type === PledgeConfirmed.type) {
      const p = envelope.payload as PledgeConfirmedV1;
      await this.onConfirmed({ pledgeId: p.pledgeId, campaignId: p.campaignId, donorId: p.donorId, amount: p.amount, confirmedAt: p.confirmedAt });
    } else {
      const p = envelope.payload as PledgeRefundedV1;
      await this.onRefunded(p.pledgeId, p.campaignId, p.countedAtClose ?? false);
    }
  }

  /**
   * A batch's events share one transaction (ConsumerRunner): handled one by one, each would lock its
   * campaign and then its funds, so two batches of other partitions holding campaigns in other orders
   * could deadlock (the database then aborts one and it is replayed event by event). Locking every
   * campaign of the batch first, in id order, keeps the order reservations lock in (campaigns, then
   * funds) across the whole transaction; the effect is that of `handle` on each event in order (a
   * lock already held is taken again at no cost).
   */
  async handleBatch(envelopes: EventEnvelope<PledgeConfirmedV1 | PledgeRefundedV1>[]): Promise<void> {
    await this.campaigns.lockAll([...new Set(envelopes.map((e) => e.payload.campaignId))].sort());
    for (const envelope of envelopes) await this.handle(envelope);
  }

  private async onConfirmed(p: ConfirmedPledge): Promise<void> {
    const campaign = await this.campaigns.find(p.campaignId, { lock: true }); // read and locked in one statement
    if (!campaign) throw new CampaignNotYetKnown(p.campaignId); // retried: campaign.published travels on another topic
    const recorded = await this.pledges.recordConfirmed(p);
    if (!recorded || (await this.finalizations.isFinalized(p.campaignId))) return;
    const rules = await this.rules.applicable(campaign, ['ratio', 'threshold']);
    const available = await this.funds.lockFunds(rules.map((r) => r.fundId));
    let liveMatch: number | undefined; // the campaign's, as the last allocation left it (none: announce reads it)
    for (const rule of rules) {
      const pool = available.get(rule.fundId) ?? 0;
      const made = rule.type === 'ratio' ? await this.ratioFor(rule, campaign, p, pool) : await this.newGrant(rule, campaign, pool);
      if (!made) continue;
      available.set(rule.fundId, pool - made.amount);
      liveMatch = made.liveMatch;
    }
    await this.matches.announce(p.campaignId, liveMatch);
    await this.finalization.finalizeIfComplete(p.campaignId); // funding may have closed before this pledge's event came
  }

  /**
   * A refund releases the pledge's matches before the close. After it (countedAtClose: the close
   * counted the pledge), the close's figures stand: once the match is finalized only the pledge's
   * own match is withdrawn, through payouts (docs/money-rules.md); grants are not recomputed. Such a
   * refund may reach matching before funding.closed (another topic), or before matching holds every
   * pledge the close counts: its effect then waits for that (refund_deferred) and MatchFinalization
   * applies it exactly as if the close had come first.
   */
  private async onRefunded(pledgeId: string, campaignId: string, countedAtClose: boolean): Promise<void> {
    await this.campaigns.lock(campaignId);
    if (!(await this.pledges.markRefunded(pledgeId, countedAtClose))) return; // refunded already: a second refund event changes nothing
    if (await this.finalizations.isFinalized(campaignId)) {
      // The figures are final (payouts escrowed them): only the pledge's own match goes back.
      await this.matches.withdrawRefunded(pledgeId, campaignId);
      return;
    }
    if (countedAtClose && !(await this.finalizations.caughtUp(campaignId))) {
      await this.pledges.deferRefund(pledgeId);
      await this.finalization.finalizeIfComplete(campaignId); // this refund may be the last event the close waited for
      return;
    }
    // Before the close, or while a closed campaign waits for its quadratic round.
    const campaign = await this.campaigns.find(campaignId);
    const rules = campaign && !countedAtClose ? await this.rules.applicable(campaign, ['threshold']) : [];
    await this.matches.releasePledge(
      pledgeId,
      rules.map((r) => r.fundId),
    );
    if (campaign && rules.length > 0) {
      const backers = await this.pledges.backerTotals(campaignId);
      for (const rule of rules) {
        if (!thresholdReached(rule.params as ThresholdRule, campaign.goalAmount, backers)) await this.matches.releaseGrants(rule.id, campaignId);
      }
    }
    await this.matches.announce(campaignId);
    await this.finalization.finalizeIfComplete(campaignId);
  }

  private async ratioFor(rule: RuleRow, campaign: MatchingCampaign, p: ConfirmedPledge, pool: number): Promise<Allocated | undefined> {
    const ctx = await this.matches.ratioContext(rule.id, campaign.campaignId, p.donorId);
    const m = ratioMatch(rule.params as unknown as RatioRule, p.amount, {
      matchedInCampaign: ctx.campaign,
      matchedForDonorInCampaign: ctx.donor,
      matchedPledgesOfDonorInCampaign: ctx.donorPledges,
      poolAvailable: pool,
    });
    if (m <= 0) return undefined;
    const liveMatch = await this.matches.allocate({
      fundId: rule.fundId,
      ruleId: rule.id,
      campaignId: campaign.campaignId,
      pledgeId: p.pledgeId,
      donorId: p.donorId,
      amount: m,
      currency: campaign.currency,
      kind: 'ratio',
    });
    return { amount: m, liveMatch };
  }

  /** Reserves a threshold grant when the rule has none live for the campaign and the crowd reaches it now. */
  private async newGrant(rule: RuleRow, campaign: MatchingCampaign, pool: number): Promise<Allocated | undefined> {
    if (await this.matches.hasLiveGrant(rule.id, campaign.campaignId)) return undefined; // triggered already (a partial grant is not topped up)
    const params = rule.params as ThresholdRule;
    if (!thresholdReached(params, campaign.goalAmount, await this.pledges.backerTotals(campaign.campaignId))) return undefined;
    const amount = thresholdReservation(params, campaign.goalAmount, pool);
    if (amount <= 0) return undefined;
    const liveMatch = await this.matches.allocate({
      fundId: rule.fundId,
      ruleId: rule.id,
      campaignId: campaign.campaignId,
      pledgeId: null,
      donorId: null,
      amount,
      currency: campaign.currency,
      kind: 'threshold',
      partial: amount < thresholdReservation(params, campaign.goalAmount, Number.MAX_SAFE_INTEGER),
    });
    return { amount, liveMatch };
  }
}
