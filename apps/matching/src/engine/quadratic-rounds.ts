import { Inject, Injectable } from '@nestjs/common';
import { RoundCutoffRequested, RoundCutoffTalliedV1 } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Clock, CLOCK, DomainError, InjectTx, NotFound, Tx } from '@lib/platform';
import { CampaignContributions, finalizeRound, QuadraticParams, QuadraticRound } from '../domain/quadratic';
import { ruleApplies, RuleEligibility } from '../domain/rule-eligibility';
import { Finalization } from './finalization';
import { PoolLedger } from './pool-ledger';

interface QuadraticRule {
  id: string;
  fundId: string;
  currency: string;
  eligibility: RuleEligibility;
  params: QuadraticParams & { roundStartsAt: string; roundEndsAt: string; minContributionAmount?: number };
}

export interface RoundView {
  ruleId: string;
  fundId: string;
  /** open: before roundEndsAt; closing: ended, awaiting the cut-off tally and the pledges it counts; final. */
  status: 'open' | 'closing' | 'final';
  roundStartsAt: string;
  roundEndsAt: string;
  poolAmount: number;
  unallocatedAmount: number;
  results: { campaignId: string; donors: number; contributionsAmount: number; matchAmount: number }[];
}

/** Per campaign, the confirmations pledges announced before the cut-off. */
type Tallies = { campaignId: string; announced: number }[];

/**
 * Quadratic rounds: live estimates while open (same computation on the pledges so far, the pool
 * being the fund's available money), and a one-time finalization after roundEndsAt that reserves
 * each campaign's match and finalizes the campaigns that closed during the round and waited for it.
 * The finalization waits for the round's cut-off (docs/money-rules.md, "Round cut-off"): pledges
 * tells how many confirmations of each campaign it announced before roundEndsAt, and the round is
 * finalized once matching holds them all — a pledge confirmed before the end whose event is still
 * on its way (broker down, a lagging consumer) is counted, not left out.
 */
@Injectable()
export class QuadraticRounds {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly pools: PoolLedger,
    private readonly finalization: Finalization,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async rule(ruleId: string): Promise<QuadraticRule> {
    const [row] = await this.txHost.tx.query(
      `SELECT r.id, r.fund_id, r.params, r.eligibility, f.currency FROM matching.rules r JOIN matching.funds f ON f.id = r.fund_id WHERE r.id = $1 AND r.type = 'quadratic'`,
      [ruleId],
    );
    if (!row) throw new NotFound('Quadratic round', ruleId);
    return { id: row.id, fundId: row.fund_id, currency: row.currency.trim(), eligibility: row.eligibility, params: row.params };
  }

  /**
   * Each eligible campaign's donor sums for the round (pledges in the window, small ones dropped).
   * A campaign whose match is already finalized (decided or cancelled) takes no share: its figures
   * are final, and a share committed after them would have no escrow (docs/money-rules.md).
   */
  async contributions(rule: QuadraticRule, extra?: { campaignId: string; donorId: string; amount: number }): Promise<CampaignContributions[]> {
    const eligible = await this.eligible(rule);
    const sums: { campaign_id: string; donor_id: string; total: string }[] = await this.txHost.tx.query(
      `SELECT campaign_id, donor_id, sum(amount) AS total FROM matching.campaign_pledges
        WHERE status = 'confirmed' AND confirmed_at >= $1 AND confirmed_at < $2 AND amount >= $3 AND campaign_id = ANY($4::uuid[])
        GROUP BY campaign_id, donor_id`,
      [rule.params.roundStartsAt, rule.params.roundEndsAt, rule.params.minContributionAmount ?? 1, eligible],
    );
    const byCampaign = new Map<string, Map<string, number>>(eligible.map((id) => [id, new Map()]));
    for (const s of sums) byCampaign.get(s.campaign_id)!.set(s.donor_id, Number(s.total));
    if (extra && byCampaign.has(extra.campaignId) && extra.amount >= (rule.params.minContributionAmount ?? 1)) {
      const donors = byCampaign.get(extra.campaignId)!;
      donors.set(extra.donorId, (donors.get(extra.donorId) ?? 0) + extra.amount);
    }
    return [...byCampaign.entries()].map(([campaignId, donors]) => ({ campaignId, donorSums: [...donors.values()] }));
  }

  /** The campaigns the round concerns, in id order: eligible, published before its end, match not finalized yet. */
  private async eligible(rule: QuadraticRule): Promise<string[]> {
    const campaigns: { campaign_id: string; call_id: string | null; area: string; category: string; promoter_type: string }[] = await this.txHost.tx.query(
      `SELECT v.campaign_id, v.call_id, v.area, v.category, v.promoter_type FROM matching.campaign_views v
         LEFT JOIN matching.campaign_finalizations f ON f.campaign_id = v.campaign_id
        WHERE v.currency = $1 AND v.published_at < $2 AND f.campaign_id IS NULL
        ORDER BY v.campaign_id`,
      [rule.currency, rule.params.roundEndsAt],
    );
    return campaigns
      .filter((c) => ruleApplies(rule.eligibility, { callId: c.call_id, area: c.area, category: c.category, promoterType: c.promoter_type }))
      .map((c) => c.campaign_id);
  }

  private async pool(rule: QuadraticRule): Promise<number> {
    const [fund] = await this.txHost.tx.query(`SELECT available FROM matching.funds WHERE id = $1`, [rule.fundId]);
    return Number(fund.available);
  }

  private compute(rule: QuadraticRule, pool: number, contributions: CampaignContributions[]): QuadraticRound {
    const { capBps, capAmount, minUniqueDonors, scaleUpWhenUnsaturated } = rule.params;
    return finalizeRound({ pool, capBps, capAmount, minUniqueDonors, scaleUpWhenUnsaturated }, contributions);
  }

  async view(ruleId: string): Promise<RoundView> {
    const rule = await this.rule(ruleId);
    const base = { ruleId, fundId: rule.fundId, roundStartsAt: rule.params.roundStartsAt, roundEndsAt: rule.params.roundEndsAt };
    const [final] = await this.txHost.tx.query(`SELECT pool_amount, unallocated_amount FROM matching.rounds WHERE rule_id = $1`, [ruleId]);
    if (final) {
      const results: { campaign_id: string; donors: number; contributions_amount: string; match_amount: string }[] = await this.txHost.tx.query(
        `SELECT campaign_id, donors, contributions_amount, match_amount FROM matching.round_results WHERE rule_id = $1 ORDER BY match_amount DESC, campaign_id`,
        [ruleId],
      );
      return {
        ...base, status: 'final', poolAmount: Number(final.pool_amount), unallocatedAmount: Number(final.unallocated_amount),
        results: results.map((r) => ({ campaignId: r.campaign_id, donors: r.donors, contributionsAmount: Number(r.contributions_amount), matchAmount: Number(r.match_amount) })),
      };
    }
    const round = this.compute(rule, await this.pool(rule), await this.contributions(rule));
    return {
      ...base, status: this.clock.now() < new Date(rule.params.roundEndsAt) ? 'open' : 'closing', poolAmount: round.poolAmount, unallocatedAmount: round.unallocatedAmount,
      results: round.results.map(({ campaignId, donors, contributionsAmount, matchAmount }) => ({ campaignId, donors, contributionsAmount, matchAmount })),
    };
  }

  /** What donor `donorId` adding `amount` to `campaignId` would add to its estimate now (never "as a new donor"). */
  async quoteDelta(ruleId: string, campaignId: string, donorId: string, amount: number): Promise<number> {
    const rule = await this.rule(ruleId);
    const now = this.clock.now();
    if (now < new Date(rule.params.roundStartsAt) || now >= new Date(rule.params.roundEndsAt)) return 0;
    const pool = await this.pool(rule);
    const before = this.compute(rule, pool, await this.contributions(rule)).results.find((r) => r.campaignId === campaignId)?.matchAmount ?? 0;
    const after = this.compute(rule, pool, await this.contributions(rule, { campaignId, donorId, amount })).results.find((r) => r.campaignId === campaignId)?.matchAmount ?? 0;
    return Math.max(0, after - before);
  }

  /**
   * Moves every round whose end has passed towards its finalization: asks pledges for the cut-off
   * tally (once), then finalizes the round once matching holds the pledges the tally counts (once:
   * the rounds row is the guard). Returns what it did (requests sent + rounds and campaigns finalized).
   */
  async finalizeDue(): Promise<number> {
    const now = this.clock.now();
    const due: { id: string }[] = await this.txHost.tx.query(
      `SELECT r.id FROM matching.rules r LEFT JOIN matching.rounds d ON d.rule_id = r.id
        WHERE r.type = 'quadratic' AND d.rule_id IS NULL AND (r.params->>'roundEndsAt')::timestamptz <= $1 ORDER BY r.seq`,
      [now],
    );
    let done = 0;
    for (const { id } of due) done += await this.txHost.withTransaction(() => this.close(id, now));
    // campaigns still waiting whose round no longer applies (its fund closed) are released here
    return done + (await this.finalization.finalizeWaiting());
  }

  /** One ended round: request the cut-off tally, or finalize it once the tally's pledges are here. */
  private async close(ruleId: string, now: Date): Promise<number> {
    const rule = await this.rule(ruleId);
    const [fund] = await this.txHost.tx.query(`SELECT closed_at FROM matching.funds WHERE id = $1`, [rule.fundId]);
    // a round of a closed fund is worth nothing: finalized at once, as before the cut-off existed
    if (fund.closed_at) return this.finalize(rule, now);
    const [cutoff] = await this.txHost.tx.query(`SELECT tallies FROM matching.round_cutoffs WHERE rule_id = $1`, [ruleId]);
    if (cutoff) {
      if (!cutoff.tallies) return 0; // awaiting pledges' answer
      // pledge events still on their way (matching only ever adds pledges: held now, held under the locks)
      if (!(await this.holdsTallied(cutoff.tallies as Tallies, new Date(rule.params.roundEndsAt)))) return 0;
      return this.finalize(rule, now);
    }
    const campaignIds = await this.eligible(rule);
    if (campaignIds.length === 0) return this.finalize(rule, now); // no campaign: no pledge to wait for
    const at = new Date(rule.params.roundEndsAt);
    const requested: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.round_cutoffs (rule_id, cutoff, campaign_ids, requested_at) VALUES ($1, $2, $3::uuid[], $4)
       ON CONFLICT (rule_id) DO NOTHING RETURNING rule_id`,
      [ruleId, at, campaignIds, now],
    );
    if (requested.length === 0) return 0; // another replica asked
    await this.outbox.append({ contract: RoundCutoffRequested, aggregateId: ruleId, payload: { ruleId, cutoff: at.toISOString(), campaignIds } });
    return 1;
  }

  /** Pledges' answer to the cut-off request: the first one is kept, a repeated or contradicting one changes nothing. */
  async recordTally(tally: RoundCutoffTalliedV1): Promise<void> {
    const campaigns = tally.campaigns.map((c) => ({ campaignId: c.campaignId, announced: c.announced }));
    await this.txHost.tx.query(
      `UPDATE matching.round_cutoffs SET tallies = $2::jsonb, answered_at = $3 WHERE rule_id = $1 AND cutoff = $4 AND tallies IS NULL`,
      [tally.ruleId, JSON.stringify(campaigns), this.clock.now(), new Date(tally.cutoff)],
    );
  }

  /** Finalizes the round (once); returns 1 if it did. */
  private async finalize(rule: QuadraticRule, now: Date): Promise<number> {
    const ruleId = rule.id;
    // The campaigns first (in id order), then the fund: the order reservations lock in.
    await this.txHost.tx.query(
      `SELECT 1 FROM matching.campaign_views WHERE currency = $1 AND published_at < $2 ORDER BY campaign_id FOR UPDATE`,
      [rule.currency, rule.params.roundEndsAt],
    );
    const available = await this.pools.lockFunds([rule.fundId]);
    const claimed: unknown[] = await this.txHost.tx.query(
      `INSERT INTO matching.rounds (rule_id, status, pool_amount, unallocated_amount, finalized_at) VALUES ($1, 'final', 0, 0, $2)
       ON CONFLICT (rule_id) DO NOTHING RETURNING rule_id`,
      [ruleId, now],
    );
    if (claimed.length === 0) return 0;
    const round = this.compute(rule, available.get(rule.fundId) ?? 0, await this.contributions(rule));
    await this.txHost.tx.query(`UPDATE matching.rounds SET pool_amount = $2, unallocated_amount = $3 WHERE rule_id = $1`, [ruleId, round.poolAmount, round.unallocatedAmount]);
    for (const r of round.results) {
      await this.txHost.tx.query(
        `INSERT INTO matching.round_results (rule_id, campaign_id, donors, contributions_amount, ideal_amount, match_amount) VALUES ($1, $2, $3, $4, $5, $6)`,
        [ruleId, r.campaignId, r.donors, r.contributionsAmount, r.idealAmount, r.matchAmount],
      );
      if (r.matchAmount > 0) {
        await this.pools.allocate({
          fundId: rule.fundId, ruleId, campaignId: r.campaignId, pledgeId: null, donorId: null, amount: r.matchAmount, currency: rule.currency, kind: 'quadratic',
        });
        await this.pools.announce(r.campaignId);
      }
      // a campaign whose funding closed during the round waited for it: its final figures include the share
      await this.finalization.finalizeIfComplete(r.campaignId);
    }
    if (round.matchedAmount + round.unallocatedAmount !== round.poolAmount) throw new DomainError('ROUND_UNBALANCED', 'conflict', 'quadratic round does not add up');
    return 1;
  }

  /**
   * Whether matching holds, for each campaign of the tally, at least the pledges pledges announced
   * before the cut-off (any status: a pledge refunded since was received all the same).
   */
  private async holdsTallied(tallies: Tallies, cutoff: Date): Promise<boolean> {
    const received: { campaign_id: string; n: number }[] = await this.txHost.tx.query(
      `SELECT campaign_id, count(*)::int AS n FROM matching.campaign_pledges WHERE campaign_id = ANY($1::uuid[]) AND confirmed_at < $2 GROUP BY campaign_id`,
      [tallies.map((t) => t.campaignId), cutoff],
    );
    const held = new Map(received.map((r) => [r.campaign_id, r.n]));
    return tallies.every((t) => (held.get(t.campaignId) ?? 0) >= t.announced);
  }
}
