import { Injectable } from '@nestjs/common';
import { InjectTx, returnedRows, Tx } from '@lib/platform';
import { ratioMatch, RatioRule } from '../domain/ratio';
import { thresholdReached, thresholdReservation, ThresholdRule } from '../domain/threshold';
import { Finalization } from './finalization';
import { PoolLedger } from './pool-ledger';
import { CampaignNotYetKnown, MatchingCampaign, RuleRow, RulesRepository } from './rules.repository';

export interface ConfirmedPledge {
  pledgeId: string;
  campaignId: string;
  donorId: string;
  amount: number;
  confirmedAt: string;
}

/**
 * Reservations follow confirmed crowd money: a confirmed pledge is matched by each applicable ratio
 * rule (once per rule: a unique index) and may trigger threshold grants; a refund releases exactly
 * what its pledge reserved and may un-trigger a grant before the campaign closes. Runs inside the
 * consumer's inbox transaction.
 */
@Injectable()
export class Reservations {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly rules: RulesRepository,
    private readonly pools: PoolLedger,
    private readonly finalization: Finalization,
  ) {}

  async onConfirmed(p: ConfirmedPledge): Promise<void> {
    const tx = this.txHost.tx;
    const campaign = await this.rules.campaign(p.campaignId);
    if (!campaign) throw new CampaignNotYetKnown(p.campaignId); // retried: campaign.published travels on another topic
    await this.finalization.lockCampaign(p.campaignId);
    const recorded: unknown[] = await tx.query(
      `INSERT INTO matching.campaign_pledges (pledge_id, campaign_id, donor_id, amount, status, confirmed_at) VALUES ($1, $2, $3, $4, 'confirmed', $5)
       ON CONFLICT (pledge_id) DO NOTHING RETURNING pledge_id`,
      [p.pledgeId, p.campaignId, p.donorId, p.amount, p.confirmedAt],
    );
    if (recorded.length === 0 || (await this.rules.isFinalized(p.campaignId))) return;
    const rules = await this.rules.applicable(campaign, ['ratio', 'threshold']);
    const available = await this.pools.lockFunds(rules.map((r) => r.fundId));
    for (const rule of rules) {
      const pool = available.get(rule.fundId) ?? 0;
      const amount = rule.type === 'ratio' ? await this.ratioFor(rule, campaign, p, pool) : await this.newGrant(rule, campaign, pool);
      if (amount > 0) available.set(rule.fundId, pool - amount);
    }
    await this.pools.announce(p.campaignId);
    await this.finalization.finalizeIfComplete(p.campaignId); // funding may have closed before this pledge's event came
  }

  /**
   * A refund releases the pledge's matches before the close. After it (countedAtClose: the close
   * counted the pledge), the close's figures stand: once the match is finalized only the pledge's
   * own match is withdrawn, through payouts (docs/money-rules.md); grants are not recomputed. Such a
   * refund may reach matching before funding.closed (another topic), or before matching holds every
   * pledge the close counts: its effect then waits for that (refund_deferred) and Finalization
   * applies it exactly as if the close had come first.
   */
  async onRefunded(pledgeId: string, campaignId: string, countedAtClose: boolean): Promise<void> {
    const tx = this.txHost.tx;
    await this.finalization.lockCampaign(campaignId);
    const changed = returnedRows(
      await tx.query(
        `UPDATE matching.campaign_pledges SET status = 'refunded', refund_counted_at_close = $2 WHERE pledge_id = $1 AND status = 'confirmed' RETURNING pledge_id`,
        [pledgeId, countedAtClose],
      ),
    );
    if (changed.length === 0) return; // refunded already: a second refund event changes nothing
    if (await this.rules.isFinalized(campaignId)) {
      // The figures are final (payouts escrowed them): only the pledge's own match goes back.
      await this.pools.withdrawRefunded(pledgeId, campaignId);
      return;
    }
    if (countedAtClose && !(await this.finalization.caughtUp(campaignId))) {
      await tx.query(`UPDATE matching.campaign_pledges SET refund_deferred = true WHERE pledge_id = $1`, [pledgeId]);
      await this.finalization.finalizeIfComplete(campaignId); // this refund may be the last event the close waited for
      return;
    }
    // Before the close, or while a closed campaign waits for its quadratic round.
    const campaign = await this.rules.campaign(campaignId);
    const rules = campaign && !countedAtClose ? await this.rules.applicable(campaign, ['threshold']) : [];
    await this.pools.releasePledge(pledgeId, rules.map((r) => r.fundId));
    if (campaign && rules.length > 0) {
      const backers = await this.rules.backerTotals(campaignId);
      for (const rule of rules) {
        if (!thresholdReached(rule.params as ThresholdRule, campaign.goalAmount, backers)) {
          await this.pools.release(`rule_id = $1 AND campaign_id = $2 AND pledge_id IS NULL AND status = 'reserved'`, [rule.id, campaignId]);
        }
      }
    }
    await this.pools.announce(campaignId);
    await this.finalization.finalizeIfComplete(campaignId);
  }

  private async ratioFor(rule: RuleRow, campaign: MatchingCampaign, p: ConfirmedPledge, pool: number): Promise<number> {
    const ctx = await this.rules.ratioContext(rule.id, campaign.campaignId, p.donorId);
    const m = ratioMatch(rule.params as unknown as RatioRule, p.amount, {
      matchedInCampaign: ctx.campaign, matchedForDonorInCampaign: ctx.donor, matchedPledgesOfDonorInCampaign: ctx.donorPledges, poolAvailable: pool,
    });
    if (m > 0) await this.pools.allocate({ fundId: rule.fundId, ruleId: rule.id, campaignId: campaign.campaignId, pledgeId: p.pledgeId, donorId: p.donorId, amount: m, currency: campaign.currency, kind: 'ratio' });
    return m;
  }

  /** Reserves a threshold grant when the rule has none live for the campaign and the crowd reaches it now. */
  private async newGrant(rule: RuleRow, campaign: MatchingCampaign, pool: number): Promise<number> {
    if (await this.rules.hasLiveGrant(rule.id, campaign.campaignId)) return 0; // triggered already (a partial grant is not topped up)
    const params = rule.params as ThresholdRule;
    if (!thresholdReached(params, campaign.goalAmount, await this.rules.backerTotals(campaign.campaignId))) return 0;
    const amount = thresholdReservation(params, campaign.goalAmount, pool);
    if (amount > 0) {
      await this.pools.allocate({
        fundId: rule.fundId, ruleId: rule.id, campaignId: campaign.campaignId, pledgeId: null, donorId: null, amount, currency: campaign.currency,
        kind: 'threshold', partial: amount < thresholdReservation(params, campaign.goalAmount, Number.MAX_SAFE_INTEGER),
      });
    }
    return amount;
  }
}
