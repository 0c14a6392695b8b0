import { Inject, Injectable } from '@nestjs/common';
import { CampaignSucceededV1, MatchFinalizedV1, TranchesSettled } from '@lib/contracts';
import { JoinStore, OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { cents, integer } from '@lib/platform/database/rows';
import { allSettled } from '../domain/tranche';

/**
 * The two facts the tranche plan joins (campaign.succeeded, match.finalized), and what the plan
 * reads with them under the same lock: the crowd refunded after the close before the plan
 * (`crowdWithdrawn`, not an event part: the row's running total, always there).
 */
export interface PlanParts extends Record<string, unknown> {
  succeeded: CampaignSucceededV1;
  matchByFund: MatchFinalizedV1['byFund'];
  crowdWithdrawn: number;
}

/**
 * payouts.campaign_outcomes: one row per campaign, the join of the plan's two facts (planned_at
 * marks it decided) and the lock that serializes the plan, refunds after the close and the
 * settlement report of the campaign's tranches.
 */
@Injectable()
export class CampaignOutcomeRepository implements JoinStore<PlanParts> {
  constructor(
    @InjectTx('payouts') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Locks (creating if needed) the campaign's outcome row; returns whether its tranches are planned. */
  async lockOutcome(campaignId: string): Promise<boolean> {
    const tx = this.txHost.tx;
    await tx.query(`INSERT INTO payouts.campaign_outcomes (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaignId]);
    const [row] = await tx.query(`SELECT planned_at FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
    return row.planned_at !== null;
  }

  /** JoinStore: creates the outcome row if missing and locks it until the transaction ends (the two events serialize here). */
  async lock(campaignId: string): Promise<void> {
    const tx = this.txHost.tx;
    await tx.query(`INSERT INTO payouts.campaign_outcomes (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING`, [campaignId]);
    await tx.query(`SELECT 1 FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
  }

  /** The first value of a part stays (a redelivery changes nothing). */
  async record<K extends keyof PlanParts>(campaignId: string, part: K, value: PlanParts[K]): Promise<void> {
    const tx = this.txHost.tx;
    if (part === 'succeeded') {
      await tx.query(`UPDATE payouts.campaign_outcomes SET succeeded = $2 WHERE campaign_id = $1 AND succeeded IS NULL`, [campaignId, JSON.stringify(value)]);
    } else if (part === 'matchByFund') {
      await tx.query(`UPDATE payouts.campaign_outcomes SET match_by_fund = $2 WHERE campaign_id = $1 AND match_by_fund IS NULL`, [
        campaignId,
        JSON.stringify(value),
      ]);
    } else {
      throw new Error(`campaign outcome: ${String(part)} is not a part of the plan's join`);
    }
  }

  async read(campaignId: string): Promise<{ parts: Partial<PlanParts>; decided: boolean }> {
    const [row] = await this.txHost.tx.query(
      `SELECT succeeded, match_by_fund, planned_at, crowd_withdrawn FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`,
      [campaignId],
    );
    return {
      parts: {
        succeeded: row.succeeded ?? null,
        matchByFund: row.match_by_fund ?? null,
        crowdWithdrawn: cents(row.crowd_withdrawn, 'campaign_outcomes.crowd_withdrawn'),
      },
      decided: row.planned_at !== null,
    };
  }

  async markDecided(campaignId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.campaign_outcomes SET planned_at = now() WHERE campaign_id = $1`, [campaignId]);
  }

  /** Crowd money refunded after the close out of the escrow (call under lockOutcome). */
  async addCrowdWithdrawn(campaignId: string, amount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE payouts.campaign_outcomes SET crowd_withdrawn = crowd_withdrawn + $2 WHERE campaign_id = $1`, [campaignId, amount]);
  }

  /** What the campaign chose for a donors' share its milestone did not earn (from campaign.succeeded). */
  async failedMilestonePolicy(campaignId: string): Promise<string> {
    const [outcome] = await this.txHost.tx.query(`SELECT succeeded FROM payouts.campaign_outcomes WHERE campaign_id = $1`, [campaignId]);
    return outcome.succeeded.failedMilestonePolicy;
  }

  /**
   * A campaign's tranches are settled when every one is paid or forfeited: then nothing of its
   * money can move any more, and campaigns may call it completed (issue 17 #18). Called in the
   * transaction that pays or forfeits a tranche; the campaign's outcome row is locked first, so two
   * tranches settling at once cannot both miss the other (each would see the other unsettled) and
   * the event is sent exactly once.
   */
  async reportIfSettled(campaignId: string): Promise<boolean> {
    const tx = this.txHost.tx;
    const [outcome] = await tx.query(`SELECT tranches_settled_at, planned_at FROM payouts.campaign_outcomes WHERE campaign_id = $1 FOR UPDATE`, [campaignId]);
    if (!outcome || !outcome.planned_at || outcome.tranches_settled_at) return false;
    const [row] = await tx.query(
      `SELECT count(*)::int AS tranches,
              count(*) FILTER (WHERE status = 'paid')::int AS paid,
              count(*) FILTER (WHERE status = 'forfeited')::int AS forfeited
         FROM payouts.tranches WHERE campaign_id = $1`,
      [campaignId],
    );
    const c = { tranches: integer(row.tranches, 'tranches'), paid: integer(row.paid, 'paid'), forfeited: integer(row.forfeited, 'forfeited') };
    if (!allSettled(c)) return false;
    const now = this.clock.now();
    await tx.query(`UPDATE payouts.campaign_outcomes SET tranches_settled_at = $2 WHERE campaign_id = $1`, [campaignId, now]);
    await this.outbox.append({ contract: TranchesSettled, aggregateId: campaignId, occurredAt: now, payload: { campaignId, ...c } });
    return true;
  }
}
