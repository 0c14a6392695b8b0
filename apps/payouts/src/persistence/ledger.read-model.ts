import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SourceShare } from '@lib/contracts';
import { balances } from '@lib/ledger';
import { InjectTx, Tx } from '@lib/platform';
import { cents, centsOrNull, currencyCode } from '@lib/platform/database/rows';

export interface TrancheView {
  id: string;
  kind: string;
  milestone_id: string | null;
  share_pct: number;
  status: string;
  donorShare: number;
  dueDonor: number | null;
  achievement_bps: number | null;
  released_at: Date | null;
  paid_at: Date | null;
  payout_method: string | null;
  payout_ref: string | null;
  payout_attempts: number;
  payout_error: string | null;
  matchShares: { fundId: string; amount: number; due: number | null }[];
}

export interface FundView {
  fundId: string;
  sourceTags: string[];
  sourceShares: SourceShare[] | null;
}

type Balance = { account: string; currency: string; balance: number };

/** The transparency export's filters (all optional; `from` inclusive, `to` exclusive, ISO 8601). */
export interface PublicMoneyFilter {
  fundId?: string;
  callId?: string;
  campaignId?: string;
  from?: string;
  to?: string;
}

/** The fund a public-money posting belongs to: the transaction's, or the fund of the match escrow it leaves. */
const FUND_OF_POSTING = `coalesce(t.fund_id::text, split_part(p.source, ':', 5))`;

const toMovement = (r: Record<string, unknown>) => ({
  occurredAt: r.occurred_at as Date,
  fundId: r.fund_id as string,
  campaignId: r.campaign_id as string,
  trancheId: (r.tranche_id as string | null) ?? null,
  kind: r.kind as string,
  amount: cents(r.amount, 'ledger_postings.amount'),
  currency: currencyCode(r.currency, 'ledger_postings.currency'),
  trancheStatus: (r.tranche_status as string | null) ?? null,
});

/** Read side of payouts' tables and ledger: typed rows for the public tranche, ledger and transparency pages. */
@Injectable()
export class LedgerReadModel {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  /** The campaign's tranches in plan order, each with its match shares in fund order. */
  async tranches(campaignId: string): Promise<TrancheView[]> {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(`SELECT * FROM payouts.tranches WHERE campaign_id = $1 ORDER BY position`, [campaignId]);
    const shares: { tranche_id: string; fund_id: string; amount: string; due: string | null }[] = await this.txHost.tx.query(
      `SELECT s.tranche_id, s.fund_id, s.amount, s.due FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id WHERE t.campaign_id = $1 ORDER BY s.fund_id`,
      [campaignId],
    );
    return rows.map((t) => ({
      ...(t as unknown as Omit<TrancheView, 'donorShare' | 'dueDonor' | 'matchShares'>),
      donorShare: cents(t.donor_share, 'tranches.donor_share'),
      dueDonor: centsOrNull(t.due_donor, 'tranches.due_donor'),
      matchShares: shares
        .filter((s) => s.tranche_id === t.id)
        .map((s) => ({ fundId: s.fund_id, amount: cents(s.amount, 'tranche_match_shares.amount'), due: centsOrNull(s.due, 'tranche_match_shares.due') })),
    }));
  }

  /** Balances of the accounts whose name matches the LIKE pattern (libs/ledger `balances`). */
  balances(pattern: string): Promise<Balance[]> {
    return balances(this.txHost.tx, 'payouts', pattern);
  }

  /** Every posting of the campaign's transactions, in time order. */
  async movements(campaignId: string): Promise<Record<string, unknown>[]> {
    const movements: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT t.reference, t.kind, t.occurred_at, t.tranche_id, t.fund_id, p.source, p.destination, p.amount, p.currency
         FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id WHERE t.campaign_id = $1 ORDER BY t.occurred_at, p.id`,
      [campaignId],
    );
    return movements.map((m) => ({ ...m, amount: cents(m.amount, 'ledger_postings.amount'), currency: currencyCode(m.currency, 'ledger_postings.currency') }));
  }

  async fund(fundId: string): Promise<FundView | null> {
    const [fund]: { source_tags: string[]; source_shares: SourceShare[] | null }[] = await this.txHost.tx.query(
      `SELECT fund_id, funder_id, source_tags, source_shares FROM payouts.fund_views WHERE fund_id = $1`,
      [fundId],
    );
    return fund ? { fundId, sourceTags: fund.source_tags, sourceShares: fund.source_shares } : null;
  }

  /** What the fund's money did, summed per transaction kind (and currency), in kind order. */
  async fundTotalsByKind(fundId: string): Promise<{ kind: string; amount: number }[]> {
    const rows: { kind: string; amount: string; currency: string }[] = await this.txHost.tx.query(
      `SELECT t.kind, sum(p.amount) AS amount, p.currency FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id
        WHERE p.source = $1 OR p.destination = $1 OR p.source LIKE $2
        GROUP BY t.kind, p.currency ORDER BY t.kind`,
      [`fund:${fundId}`, `escrow:campaign:%:match:${fundId}`],
    );
    return rows.map((r) => ({ kind: r.kind, amount: cents(r.amount, `sum(${r.kind})`) }));
  }

  /**
   * Every posting that moved public money (fund ↔ match escrow ↔ promoter) and passes the filter, in
   * time order, with its tranche's status, in batches of at most `batch` rows: one query, read through
   * a server-side cursor (DECLARE … WITH HOLD: PostgreSQL keeps the result, in work_mem or a temporary
   * file, and needs no open transaction, so embedded mode's one PGlite session is not held either),
   * on a connection of its own, released with the cursor when the caller stops, finishes or fails.
   */
  async *publicMoneyMovements(filter: PublicMoneyFilter, batch: number) {
    const where = [`(p.source LIKE 'fund:%' OR p.destination LIKE 'fund:%' OR p.source LIKE 'escrow:campaign:%:match:%')`];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.fundId) {
      where.push(`${FUND_OF_POSTING} = ${param(filter.fundId)}`);
      // The same postings, found by index: the fund's account and the match escrows it committed to (a
      // match escrow is only ever filled from its fund). Without it the fund's 50 postings of 1,055,000
      // were hash-joined against every transaction: 310 ms; with it 9 ms (bench/scale, docs/performance.md).
      const account = param(`fund:${filter.fundId}`);
      where.push(
        `(p.destination = ${account} OR p.source = ANY (ARRAY(SELECT ${account} UNION SELECT destination FROM payouts.ledger_postings WHERE source = ${account})))`,
      );
    }
    if (filter.campaignId) where.push(`t.campaign_id = ${param(filter.campaignId)}`);
    if (filter.callId) where.push(`t.campaign_id IN (SELECT campaign_id FROM payouts.campaign_views WHERE call_id = ${param(filter.callId)})`);
    if (filter.from) where.push(`t.occurred_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`t.occurred_at < ${param(filter.to)}`);
    const cursor = `public_money_${randomUUID().replace(/-/g, '')}`;
    const runner = this.txHost.tx.connection.createQueryRunner();
    try {
      await runner.query(
        `DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR
         SELECT t.occurred_at, ${FUND_OF_POSTING} AS fund_id, t.campaign_id, t.tranche_id, t.kind, p.amount, p.currency, tr.status AS tranche_status
           FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id
           LEFT JOIN payouts.tranches tr ON tr.id = t.tranche_id
          WHERE ${where.join(' AND ')}
          ORDER BY t.occurred_at, t.id, p.id`,
        params,
      );
      for (;;) {
        const rows: Record<string, unknown>[] = await runner.query(`FETCH FORWARD ${Math.trunc(batch)} FROM ${cursor}`);
        if (rows.length > 0) yield rows.map(toMovement);
        if (rows.length < batch) return;
      }
    } finally {
      await runner.query(`CLOSE ${cursor}`).catch(() => undefined); // not declared, when DECLARE failed
      await runner.release();
    }
  }

  async funds(): Promise<FundView[]> {
    const rows: { fund_id: string; source_tags: string[]; source_shares: SourceShare[] | null }[] = await this.txHost.tx.query(
      `SELECT fund_id, source_tags, source_shares FROM payouts.fund_views`,
    );
    return rows.map((f) => ({ fundId: f.fund_id, sourceTags: f.source_tags, sourceShares: f.source_shares }));
  }
}
