import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MatchUpdated, MatchWithdrawn, SourceShare } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { cents, currencyCode, InjectTx, integer, Tx } from '@lib/platform';
import { Bucket, FundRepository } from './fund.repository';
import { addToTotals, LIVE_MATCH, RATIO_CONTEXT, releasedFromTotals, withdrawnFromTotals } from './match-totals.sql';
import { RuleType } from './rule.repository';

export interface NewAllocation {
  fundId: string;
  ruleId: string;
  campaignId: string;
  pledgeId: string | null;
  donorId: string | null;
  amount: number;
  currency: string;
  kind: RuleType;
  partial?: boolean;
  status?: 'reserved' | 'committed';
}

/** A fund's part of a campaign's finalized match, as match.finalized carries it. */
export interface FundMatch {
  fundId: string;
  funderId: string;
  amount: number;
  sourceTags: string[];
  sourceShares?: SourceShare[];
}

/** The live allocations a release targets: those of a pledge, or a threshold rule's reserved grants in a campaign. */
const RELEASE_TARGETS = {
  pledge: `pledge_id = $1`,
  grants: `rule_id = $1 AND campaign_id = $2 AND pledge_id IS NULL AND status = 'reserved'`,
} as const;

/**
 * matching.match_allocations: what each rule reserved, committed or spent for a campaign, and the
 * fund buckets that move with it, inside the caller's transaction. Changes that campaigns or payouts
 * must hear of append their event here (match.updated, match.withdrawn).
 */
@Injectable()
export class MatchRepository {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly funds: FundRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Records the allocation, moves it out of the fund's available money and into the running totals, in one statement; returns the campaign's live match. */
  async allocate(a: NewAllocation): Promise<number> {
    const status: Bucket = a.status ?? 'reserved';
    const [row] = await this.txHost.tx.query(
      `WITH allocation AS (
         INSERT INTO matching.match_allocations (id, fund_id, rule_id, campaign_id, pledge_id, donor_id, amount, currency, status, kind, partial)
         VALUES ($1, $2::uuid, $3::uuid, $4::uuid, $5, $6::text, $7::bigint, $8, $9, $10, $11)),
       fund AS (UPDATE matching.funds SET available = available - $7::bigint, ${status} = ${status} + $7::bigint WHERE id = $2::uuid),
       ${addToTotals({ campaign: '$4::uuid', rule: '$3::uuid', donor: '$6::text', amount: '$7::bigint' })}
       SELECT live_total FROM campaign_total`,
      [randomUUID(), a.fundId, a.ruleId, a.campaignId, a.pledgeId, a.donorId, a.amount, a.currency, status, a.kind, a.partial ?? false],
    );
    return cents(row.live_total, 'campaign_match_totals.live_total');
  }

  /** Releases live allocations of `target` back to their funds (available, or returned when closed). */
  private async release(target: keyof typeof RELEASE_TARGETS, params: unknown[]): Promise<number> {
    const released: { fund_id: string; amount: unknown; previous: Bucket }[] = await this.txHost.tx.query(
      `WITH target AS (SELECT id, status AS previous FROM matching.match_allocations WHERE status IN ('reserved', 'committed') AND ${RELEASE_TARGETS[target]} FOR UPDATE),
            done AS (UPDATE matching.match_allocations a SET status = 'released', updated_at = now() FROM target t WHERE a.id = t.id
                     RETURNING a.fund_id, a.amount, t.previous, a.campaign_id, a.rule_id, a.donor_id, a.withdrawn_at),
            ${releasedFromTotals('done')}
       SELECT fund_id, previous, sum(amount) AS amount FROM done GROUP BY fund_id, previous ORDER BY fund_id`,
      params,
    );
    const amounts = released.map((r) => ({ ...r, amount: cents(r.amount, 'match_allocations.amount') }));
    for (const r of amounts) await this.funds.free(r.fund_id, r.amount, r.previous);
    return amounts.reduce((sum, r) => sum + r.amount, 0);
  }

  /** A refunded pledge's own live matches go back to their funds (the funds locked first, in id order). */
  async releasePledge(pledgeId: string, alsoLock: string[] = []): Promise<void> {
    const drawn: { fund_id: string }[] = await this.txHost.tx.query(`SELECT DISTINCT fund_id FROM matching.match_allocations WHERE pledge_id = $1`, [pledgeId]);
    await this.funds.lockFunds([...alsoLock, ...drawn.map((d) => d.fund_id)]);
    await this.release('pledge', [pledgeId]);
  }

  /** A threshold rule's reserved grant for the campaign goes back to its fund (the crowd fell below the threshold). */
  async releaseGrants(ruleId: string, campaignId: string): Promise<number> {
    return this.release('grants', [ruleId, campaignId]);
  }

  /** The campaign's live match (reserved, committed or spent, not withdrawn): its running total, one row. */
  async liveMatch(campaignId: string): Promise<number> {
    const [row] = await this.txHost.tx.query(LIVE_MATCH, [campaignId]);
    return cents(row.total, 'campaign_match_totals.live_total');
  }

  /**
   * Withdraws a refunded pledge's own matches from a campaign whose match is finalized: marked, not
   * moved — the money stays reserved/committed (payouts escrowed it with the finalized figures) until
   * payouts takes it out of the unreleased match shares and answers with funds.returned. Returns the
   * amount per fund, once (a withdrawn allocation is not withdrawn again).
   */
  private async withdraw(pledgeId: string): Promise<{ fundId: string; amount: number }[]> {
    const rows: { fund_id: string; amount: unknown }[] = await this.txHost.tx.query(
      `WITH w AS (UPDATE matching.match_allocations SET withdrawn_at = now(), updated_at = now()
                   WHERE pledge_id = $1 AND status IN ('reserved', 'committed') AND withdrawn_at IS NULL RETURNING fund_id, amount, campaign_id),
            ${withdrawnFromTotals('w')}
       SELECT fund_id, sum(amount) AS amount FROM w GROUP BY fund_id ORDER BY fund_id`,
      [pledgeId],
    );
    return rows.map((r) => ({ fundId: r.fund_id, amount: cents(r.amount, 'match_allocations.amount') })).filter((r) => r.amount > 0);
  }

  /**
   * A pledge refunded after the close whose campaign's match is finalized: its own matches are
   * withdrawn (above) and payouts hears of it (match.withdrawn) to return them from the unreleased
   * match shares; campaigns hears the lower live match.
   */
  async withdrawRefunded(pledgeId: string, campaignId: string): Promise<void> {
    const byFund = await this.withdraw(pledgeId);
    if (byFund.length === 0) return;
    const [{ currency }] = await this.txHost.tx.query(`SELECT currency FROM matching.match_allocations WHERE pledge_id = $1 LIMIT 1`, [pledgeId]);
    const payload = { campaignId, pledgeId, currency: currencyCode(currency, 'match_allocations.currency'), byFund };
    await this.outbox.append({ contract: MatchWithdrawn, aggregateId: campaignId, payload });
    await this.announce(campaignId);
  }

  /** Tells campaigns (progress bars) the campaign's live match after a change; read unless the caller has it from allocate. */
  async announce(campaignId: string, liveMatch?: number): Promise<void> {
    const matchedAmount = liveMatch ?? (await this.liveMatch(campaignId));
    await this.outbox.append({ contract: MatchUpdated, aggregateId: campaignId, payload: { campaignId, matchedAmount } });
  }

  /** The funds that ever matched the campaign. */
  async fundsOf(campaignId: string): Promise<string[]> {
    const funds: { fund_id: string }[] = await this.txHost.tx.query(`SELECT DISTINCT fund_id FROM matching.match_allocations WHERE campaign_id = $1`, [
      campaignId,
    ]);
    return funds.map((f) => f.fund_id);
  }

  /** What is still reserved for the campaign becomes committed (success) or released; the amounts per fund, in id order. */
  async settleReserved(campaignId: string, succeeded: boolean): Promise<{ fundId: string; amount: number }[]> {
    // committed stays live: only a release changes the running totals
    const moved: { fund_id: string; amount: unknown }[] = await this.txHost.tx.query(
      `WITH settled AS (
         UPDATE matching.match_allocations SET status = $2, updated_at = now()
          WHERE campaign_id = $1 AND status = 'reserved' RETURNING fund_id, amount, campaign_id, rule_id, donor_id, withdrawn_at)
       ${succeeded ? '' : `, ${releasedFromTotals('settled')}`}
       SELECT fund_id, sum(amount) AS amount FROM settled GROUP BY fund_id ORDER BY fund_id`,
      [campaignId, succeeded ? 'committed' : 'released'],
    );
    return moved.map((m) => ({ fundId: m.fund_id, amount: cents(m.amount, 'match_allocations.amount') }));
  }

  /** What a ratio rule has matched so far (live: reserved, committed or spent) in a campaign, in all and for one donor (none for null): two total rows. */
  async ratioContext(ruleId: string, campaignId: string, donorId: string | null): Promise<{ campaign: number; donor: number; donorPledges: number }> {
    const [ctx] = await this.txHost.tx.query(RATIO_CONTEXT, [ruleId, campaignId, donorId]);
    return {
      campaign: cents(ctx.campaign_total, 'campaign_total'),
      donor: cents(ctx.donor_total, 'donor_total'),
      donorPledges: integer(ctx.donor_pledges, 'donor_pledges'),
    };
  }

  /** Whether a threshold rule holds a live grant for the campaign (a grant is never topped up). */
  async hasLiveGrant(ruleId: string, campaignId: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `SELECT 1 FROM matching.match_allocations WHERE rule_id = $1 AND campaign_id = $2 AND pledge_id IS NULL AND status IN ('reserved', 'committed', 'spent')`,
      [ruleId, campaignId],
    );
    return rows.length > 0;
  }

  /** The campaign's reserved match per fund, in fund creation order: the figures its finalization states. */
  async reservedByFund(campaignId: string): Promise<FundMatch[]> {
    const byFund: { fund_id: string; owner_id: string; source_tags: string[]; source_shares: SourceShare[] | null; amount: unknown }[] =
      await this.txHost.tx.query(
        `SELECT a.fund_id, f.owner_id, f.source_tags, f.source_shares, sum(a.amount) AS amount
         FROM matching.match_allocations a JOIN matching.funds f ON f.id = a.fund_id
        WHERE a.campaign_id = $1 AND a.status = 'reserved'
        GROUP BY a.fund_id, f.owner_id, f.source_tags, f.source_shares, f.created_at ORDER BY f.created_at, a.fund_id`,
        [campaignId],
      );
    return byFund.map((f) => ({
      fundId: f.fund_id,
      funderId: f.owner_id,
      amount: cents(f.amount, 'match_allocations.amount'),
      sourceTags: f.source_tags,
      ...(f.source_shares ? { sourceShares: f.source_shares } : {}),
    }));
  }
}
