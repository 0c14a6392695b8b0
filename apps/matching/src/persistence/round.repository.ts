import { Injectable } from '@nestjs/common';
import { RoundCutoffRequested, RoundCutoffTalliedV1 } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { cents, InjectTx, Tx } from '@lib/platform';

/** Per campaign, the confirmations pledges announced before the cut-off. */
export type Tallies = { campaignId: string; announced: number }[];

export interface RoundResultRow {
  campaignId: string;
  donors: number;
  contributionsAmount: number;
  matchAmount: number;
}

/** matching.rounds, round_results and round_cutoffs: a quadratic round's cut-off and its one-time finalization. */
@Injectable()
export class RoundRepository {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
  ) {}

  async isFinal(ruleId: string): Promise<boolean> {
    const final = await this.txHost.tx.query(`SELECT 1 FROM matching.rounds WHERE rule_id = $1`, [ruleId]);
    return final.length > 0;
  }

  /** A finalized round's figures and results (by match, largest first); undefined while it is not final. */
  async findFinal(ruleId: string): Promise<{ poolAmount: number; unallocatedAmount: number; results: RoundResultRow[] } | undefined> {
    const [final] = await this.txHost.tx.query(`SELECT pool_amount, unallocated_amount FROM matching.rounds WHERE rule_id = $1`, [ruleId]);
    if (!final) return undefined;
    const results: { campaign_id: string; donors: number; contributions_amount: unknown; match_amount: unknown }[] = await this.txHost.tx.query(
      `SELECT campaign_id, donors, contributions_amount, match_amount FROM matching.round_results WHERE rule_id = $1 ORDER BY match_amount DESC, campaign_id`,
      [ruleId],
    );
    return {
      poolAmount: cents(final.pool_amount, 'rounds.pool_amount'),
      unallocatedAmount: cents(final.unallocated_amount, 'rounds.unallocated_amount'),
      results: results.map((r) => ({
        campaignId: r.campaign_id,
        donors: r.donors,
        contributionsAmount: cents(r.contributions_amount, 'round_results.contributions_amount'),
        matchAmount: cents(r.match_amount, 'round_results.match_amount'),
      })),
    };
  }

  /** The quadratic rules whose round has ended and is not final yet, in rule order. */
  async dueBy(now: Date): Promise<string[]> {
    const due: { id: string }[] = await this.txHost.tx.query(
      `SELECT r.id FROM matching.rules r LEFT JOIN matching.rounds d ON d.rule_id = r.id
        WHERE r.type = 'quadratic' AND d.rule_id IS NULL AND (r.params->>'roundEndsAt')::timestamptz <= $1 ORDER BY r.seq`,
      [now],
    );
    return due.map((d) => d.id);
  }

  /** The round's cut-off request: undefined when not asked yet, tallies null while pledges has not answered. */
  async findCutoff(ruleId: string): Promise<{ tallies: Tallies | null } | undefined> {
    const [cutoff] = await this.txHost.tx.query(`SELECT tallies FROM matching.round_cutoffs WHERE rule_id = $1`, [ruleId]);
    return cutoff && { tallies: (cutoff.tallies ?? null) as Tallies | null };
  }

  /** Asks pledges for the cut-off tally, once (round_cutoffs is the guard); returns whether this call asked. */
  async requestCutoff(ruleId: string, cutoff: Date, campaignIds: string[], now: Date): Promise<boolean> {
    const requested: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.round_cutoffs (rule_id, cutoff, campaign_ids, requested_at) VALUES ($1, $2, $3::uuid[], $4)
       ON CONFLICT (rule_id) DO NOTHING RETURNING rule_id`,
      [ruleId, cutoff, campaignIds, now],
    );
    if (requested.length === 0) return false; // another replica asked
    await this.outbox.append({ contract: RoundCutoffRequested, aggregateId: ruleId, payload: { ruleId, cutoff: cutoff.toISOString(), campaignIds } });
    return true;
  }

  /** Pledges' answer to the cut-off request: the first one is kept, a repeated or contradicting one changes nothing. */
  async recordTally(tally: RoundCutoffTalliedV1, now: Date): Promise<void> {
    const campaigns = tally.campaigns.map((c) => ({ campaignId: c.campaignId, announced: c.announced }));
    await this.txHost.tx.query(
      `UPDATE matching.round_cutoffs SET tallies = $2::jsonb, answered_at = $3 WHERE rule_id = $1 AND cutoff = $4 AND tallies IS NULL`,
      [tally.ruleId, JSON.stringify(campaigns), now, new Date(tally.cutoff)],
    );
  }

  /** Claims the round's finalization (once: the rounds row is the guard); returns whether this call did. */
  async claimFinal(ruleId: string, now: Date): Promise<boolean> {
    const claimed: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.rounds (rule_id, status, pool_amount, unallocated_amount, finalized_at) VALUES ($1, 'final', 0, 0, $2)
       ON CONFLICT (rule_id) DO NOTHING RETURNING rule_id`,
      [ruleId, now],
    );
    return claimed.length > 0;
  }

  async setFigures(ruleId: string, poolAmount: number, unallocatedAmount: number): Promise<void> {
    await this.txHost.tx.query(`UPDATE matching.rounds SET pool_amount = $2, unallocated_amount = $3 WHERE rule_id = $1`, [
      ruleId,
      poolAmount,
      unallocatedAmount,
    ]);
  }

  async addResult(ruleId: string, r: RoundResultRow & { idealAmount: number }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO matching.round_results (rule_id, campaign_id, donors, contributions_amount, ideal_amount, match_amount) VALUES ($1, $2, $3, $4, $5, $6)`,
      [ruleId, r.campaignId, r.donors, r.contributionsAmount, r.idealAmount, r.matchAmount],
    );
  }
}
