import { Inject, Injectable } from '@nestjs/common';
import { FundingClosedV1, MatchFinalized, SourceShare } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, returnedRows, Tx } from '@lib/platform';
import { PoolLedger } from './pool-ledger';
import { RulesRepository } from './rules.repository';

/**
 * Closing saga, matching's step: once funding has closed AND matching holds exactly the confirmed
 * pledges that funding.closed counts (per donor), state once what the reserved matches add to the
 * campaign, per fund (in fund creation order), so campaigns can decide success.
 *
 * funding.closed and the pledge events travel on different topics, so matching may get the close
 * first (found by scripts/faults: a consumer catching up after a restart). Finalizing then would
 * leave the late pledges unmatched, and a reservation committing concurrently with the finalization
 * would be committed in the fund but never reach the escrow. So every change to a campaign's
 * matches takes the campaign's row lock first, and a close that arrives early waits in
 * pending_finalizations until the last pledge event it counts has been applied — and, for a
 * campaign in a quadratic round not final yet, until the round is (docs/money-rules.md).
 */
@Injectable()
export class Finalization {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly rules: RulesRepository,
    private readonly pools: PoolLedger,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Serializes reservations, releases and the finalization of one campaign until the transaction ends. */
  async lockCampaign(campaignId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT 1 FROM matching.campaign_views WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
  }

  /** Whether matching holds the campaign's close and every pledge event it counts (call under lockCampaign). */
  async caughtUp(campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM matching.pending_finalizations WHERE campaign_id = $1 AND caught_up_at IS NOT NULL`, [campaignId]);
    return rows.length > 0;
  }

  async fundingClosed(closed: FundingClosedV1): Promise<void> {
    await this.lockCampaign(closed.campaignId);
    if (await this.rules.isFinalized(closed.campaignId)) return; // a second funding.closed for the campaign
    await this.txHost.tx.query(
      `INSERT INTO matching.pending_finalizations (campaign_id, funding_closed, received_at) VALUES ($1, $2, $3) ON CONFLICT (campaign_id) DO NOTHING`,
      [closed.campaignId, JSON.stringify(closed), this.clock.now()],
    );
    await this.finalizeIfComplete(closed.campaignId);
  }

  /**
   * Finalizes a closed campaign when matching's confirmed pledges are those funding.closed counts and
   * no open quadratic round may still give it a share; call under lockCampaign. Returns whether it did.
   */
  async finalizeIfComplete(campaignId: string): Promise<boolean> {
    const tx = this.txHost.tx;
    const [pending] = await tx.query(`SELECT funding_closed, caught_up_at FROM matching.pending_finalizations WHERE campaign_id = $1`, [campaignId]);
    if (!pending) return false;
    const closed = pending.funding_closed as FundingClosedV1;
    if (!pending.caught_up_at) {
      const known = await this.rules.countedAtCloseTotals(campaignId);
      const complete = known.size === closed.donors.length && closed.donors.every((d) => known.get(d.donorId) === d.amount);
      if (!complete) return false; // pledge events still on their way: the last one finalizes
      // a refund while the campaign waits for a round changes the totals: caught up stays caught up
      await tx.query(`UPDATE matching.pending_finalizations SET caught_up_at = $2 WHERE campaign_id = $1`, [campaignId, this.clock.now()]);
    }
    const deferred = returnedRows<{ pledge_id: string }>(
      await tx.query(`UPDATE matching.campaign_pledges SET refund_deferred = false WHERE campaign_id = $1 AND refund_deferred RETURNING pledge_id`, [campaignId]),
    ).map((d) => d.pledge_id).sort(); // in id order: the same events in the same order whatever the order they came in
    if (!(await this.rules.isFinalized(campaignId)) && (await this.awaitsQuadraticRound(campaignId, new Date(closed.closedAt)))) {
      // refunds that came before the close reached us: as if after it, while the campaign waits for its round
      for (const pledgeId of deferred) await this.pools.releasePledge(pledgeId);
      if (deferred.length > 0) await this.pools.announce(campaignId);
      return false; // the round's finalization finalizes it
    }
    const byFund: { fund_id: string; owner_id: string; source_tags: string[]; source_shares: SourceShare[] | null; amount: string }[] = await tx.query(
      `SELECT a.fund_id, f.owner_id, f.source_tags, f.source_shares, sum(a.amount) AS amount
         FROM matching.match_allocations a JOIN matching.funds f ON f.id = a.fund_id
        WHERE a.campaign_id = $1 AND a.status = 'reserved'
        GROUP BY a.fund_id, f.owner_id, f.source_tags, f.source_shares, f.created_at ORDER BY f.created_at, a.fund_id`,
      [campaignId],
    );
    const funds = byFund.map((f) => ({ fundId: f.fund_id, funderId: f.owner_id, amount: Number(f.amount), sourceTags: f.source_tags, ...(f.source_shares ? { sourceShares: f.source_shares } : {}) }));
    const matchAmount = funds.reduce((sum, f) => sum + f.amount, 0);
    await tx.query(`DELETE FROM matching.pending_finalizations WHERE campaign_id = $1`, [campaignId]);
    const claimed: unknown[] = await tx.query(
      `INSERT INTO matching.campaign_finalizations (campaign_id, match_amount, finalized_at) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id`,
      [campaignId, matchAmount, this.clock.now()],
    );
    if (claimed.length === 0) return false;
    await this.outbox.append({
      contract: MatchFinalized,
      aggregateId: campaignId,
      payload: { campaignId, currency: closed.currency, matchAmount, byFund: funds },
    });
    // refunds that came before the close reached us: as if after the finalization, their own match is withdrawn
    for (const pledgeId of deferred) await this.pools.withdrawRefunded(pledgeId, campaignId);
    return true;
  }

  /**
   * Whether a quadratic round not final yet may still give the campaign a share (docs/money-rules.md,
   * "Quadratic rounds and campaign closing"): the rule applies (open fund, eligibility), the campaign
   * was published before the round's end, the round started before funding closed, and the campaign
   * counts enough donors in the window. Funding is closed, so that count can only fall.
   */
  private async awaitsQuadraticRound(campaignId: string, closedAt: Date): Promise<boolean> {
    const campaign = await this.rules.campaign(campaignId);
    if (!campaign) return false;
    const [view] = await this.txHost.tx.query(`SELECT published_at FROM matching.campaign_views WHERE campaign_id = $1`, [campaignId]);
    for (const rule of await this.rules.applicable(campaign, ['quadratic'])) {
      const params = rule.params as { roundStartsAt: string; roundEndsAt: string; minContributionAmount?: number; minUniqueDonors?: number };
      if (new Date(params.roundStartsAt) >= closedAt || new Date(view.published_at) >= new Date(params.roundEndsAt)) continue;
      const final = await this.txHost.tx.query(`SELECT 1 FROM matching.rounds WHERE rule_id = $1`, [rule.id]);
      if (final.length > 0) continue;
      const [counted] = await this.txHost.tx.query(
        `SELECT count(DISTINCT donor_id)::int AS donors FROM matching.campaign_pledges
          WHERE campaign_id = $1 AND status = 'confirmed' AND confirmed_at >= $2 AND confirmed_at < $3 AND amount >= $4`,
        [campaignId, params.roundStartsAt, params.roundEndsAt, params.minContributionAmount ?? 1],
      );
      // a single donor's ideal is 0: (√c)² − c
      if (counted.donors >= Math.max(2, params.minUniqueDonors ?? 1)) return true;
    }
    return false;
  }

  /** Re-examines every campaign still waiting to be finalized (after a round ends or a fund closes). */
  async finalizeWaiting(): Promise<number> {
    const waiting: { campaign_id: string }[] = await this.txHost.tx.query(
      `SELECT campaign_id FROM matching.pending_finalizations WHERE caught_up_at IS NOT NULL ORDER BY campaign_id`,
    );
    let finalized = 0;
    for (const { campaign_id } of waiting) {
      const done = await this.txHost.withTransaction(async () => {
        await this.lockCampaign(campaign_id);
        return this.finalizeIfComplete(campaign_id);
      });
      if (done) finalized += 1;
    }
    return finalized;
  }
}
