import { Injectable } from '@nestjs/common';
import { balances, reportingSources, splitFiguresBySource } from '@lib/ledger';
import type { SourceShare } from '@lib/contracts';
import { InjectTx, NotFound, Tx } from '@lib/platform';
import { auditLedger, openItems } from '../audit/ledger-audit';

/** Read side of payouts: tranches, ledger balances, the public-money export, the audit. */
@Injectable()
export class LedgerQueries {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  async tranches(campaignId: string) {
    const rows = await this.txHost.tx.query(`SELECT * FROM payouts.tranches WHERE campaign_id = $1 ORDER BY position`, [campaignId]);
    const shares: { tranche_id: string; fund_id: string; amount: string; due: string | null }[] = await this.txHost.tx.query(
      `SELECT s.tranche_id, s.fund_id, s.amount, s.due FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id WHERE t.campaign_id = $1 ORDER BY s.fund_id`,
      [campaignId],
    );
    return rows.map((t: Record<string, unknown>) => {
      const mine = shares.filter((s) => s.tranche_id === t.id);
      const matchShares = mine.map((s) => ({ fundId: s.fund_id, amount: Number(s.amount), due: s.due === null ? null : Number(s.due) }));
      return {
        id: t.id, kind: t.kind, milestoneId: t.milestone_id, sharePct: t.share_pct, status: t.status,
        amount: Number(t.donor_share) + matchShares.reduce((a, s) => a + s.amount, 0),
        donorShare: Number(t.donor_share), matchShares,
        dueAmount: t.due_donor === null ? null : Number(t.due_donor) + matchShares.reduce((a, s) => a + (s.due ?? 0), 0),
        achievementBps: t.achievement_bps, releasedAt: t.released_at, paidAt: t.paid_at,
        payout: { method: t.payout_method, reference: t.payout_ref, attempts: t.payout_attempts, error: t.payout_error },
      };
    });
  }

  async campaignLedger(campaignId: string) {
    const escrow = await balances(this.txHost.tx, 'payouts', `escrow:campaign:${campaignId}:%`);
    const refunds = await balances(this.txHost.tx, 'payouts', `refunds:campaign:${campaignId}:%`);
    const losses = await balances(this.txHost.tx, 'payouts', `loss:campaign:${campaignId}:%`); // refunds forced beyond the escrow
    const movements = await this.txHost.tx.query(
      `SELECT t.reference, t.kind, t.occurred_at, t.tranche_id, t.fund_id, p.source, p.destination, p.amount, p.currency
         FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id WHERE t.campaign_id = $1 ORDER BY t.occurred_at, p.id`,
      [campaignId],
    );
    return {
      campaignId,
      accounts: [...escrow, ...refunds, ...losses],
      movements: movements.map((m: Record<string, unknown>) => ({ ...m, amount: Number(m.amount), currency: String(m.currency).trim() })),
    };
  }

  async fundLedger(fundId: string) {
    const [fund]: { source_tags: string[]; source_shares: SourceShare[] | null }[] = await this.txHost.tx.query(
      `SELECT fund_id, funder_id, source_tags, source_shares FROM payouts.fund_views WHERE fund_id = $1`,
      [fundId],
    );
    if (!fund) throw new NotFound('Fund (in payouts)', fundId);
    const rows: { kind: string; amount: string; currency: string }[] = await this.txHost.tx.query(
      `SELECT t.kind, sum(p.amount) AS amount, p.currency FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id
        WHERE p.source = $1 OR p.destination = $1 OR p.source LIKE $2
        GROUP BY t.kind, p.currency ORDER BY t.kind`,
      [`fund:${fundId}`, `escrow:campaign:%:match:${fundId}`],
    );
    const by = (kind: string) => rows.filter((r) => r.kind === kind).reduce((a, r) => a + Number(r.amount), 0);
    const totals = { committedToCampaigns: by('match_committed'), releasedToPromoters: by('tranche_released'), returnedToFund: by('match_returned') };
    const escrow = await balances(this.txHost.tx, 'payouts', `escrow:campaign:%:match:${fundId}`);
    const held = escrow.reduce((a, b) => a + b.balance, 0);
    // One fund can carry several sources (e.g. ERDF co-financed by the state and the city). Each
    // figure is split in the declared shares by largest remainder to the cent, ties broken by declared
    // order (libs/ledger splitBySource), so the sources add up exactly to the fund; without declared
    // shares the fund is reported once (its only tag, or one undivided line), never once per tag.
    const figures = { ...totals, heldInEscrow: held };
    const bySourceTag = splitFiguresBySource(figures, reportingSources(fund.source_tags, fund.source_shares)).map(({ source, ...rest }) => ({ sourceTag: source, ...rest }));
    return { fundId, sourceTags: fund.source_tags, sourceShares: fund.source_shares ?? null, ...figures, bySourceTag };
  }

  /** Every movement of public money: match committed to a campaign, released to its promoter, returned to the fund. */
  async publicMoney() {
    const rows: Record<string, unknown>[] = await this.txHost.tx.query(
      `SELECT t.occurred_at, coalesce(t.fund_id::text, split_part(p.source, ':', 5)) AS fund_id, t.campaign_id, t.tranche_id, t.kind, p.amount, p.currency, tr.status AS tranche_status
         FROM payouts.ledger_transactions t JOIN payouts.ledger_postings p ON p.tx_id = t.id
         LEFT JOIN payouts.tranches tr ON tr.id = t.tranche_id
        WHERE p.source LIKE 'fund:%' OR p.destination LIKE 'fund:%' OR p.source LIKE 'escrow:campaign:%:match:%'
        ORDER BY t.occurred_at, t.id, p.id`,
    );
    const views = new Map<string, { tags: string[]; shares: SourceShare[] | null }>(
      ((await this.txHost.tx.query(`SELECT fund_id, source_tags, source_shares FROM payouts.fund_views`)) as { fund_id: string; source_tags: string[]; source_shares: SourceShare[] | null }[]).map(
        (f) => [f.fund_id, { tags: f.source_tags, shares: f.source_shares }],
      ),
    );
    return rows.map((r) => ({
      date: (r.occurred_at as Date).toISOString(),
      fundId: r.fund_id as string,
      sourceTags: views.get(r.fund_id as string)?.tags ?? [],
      campaignId: r.campaign_id as string,
      trancheId: (r.tranche_id as string) ?? null,
      movement: ({ match_committed: 'committed', tranche_released: 'released', match_returned: 'returned' } as Record<string, string>)[r.kind as string] ?? (r.kind as string),
      amount: Number(r.amount),
      currency: String(r.currency).trim(),
      status: (r.tranche_status as string) ?? (r.kind === 'match_committed' ? 'committed' : 'returned'),
      /** The fund's declared split (null: none declared): per-source sums come from GET /ledger/funds/:id, never by adding this row under each tag. */
      sourceShares: views.get(r.fund_id as string)?.shares ?? null,
    }));
  }

  audit() {
    return auditLedger(this.txHost.tx);
  }

  openItems() {
    return openItems(this.txHost.tx);
  }
}
