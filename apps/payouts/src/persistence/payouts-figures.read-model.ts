import { Injectable } from '@nestjs/common';
import { messagingFigures, PayoutsFigures, Sql } from '@lib/ledger';
import { InjectTx, Tx } from '@lib/platform';
import { cents, currencyCode, integer } from '@lib/platform/database/rows';
import { auditLedger } from './ledger-audit.read-model';

/**
 * What payouts holds, from its own ledger and tranche tables: per campaign the crowd's money
 * (collected, refunded, donor-share refunds, in escrow, released, paid) and per fund the match
 * (committed into escrow, still in escrow, in tranche shares, released, returned). Account names:
 * libs/ledger `accounts` (escrow:campaign:<id>:crowd, escrow:campaign:<id>:match:<fund>, ...).
 */
export async function payoutsFigures(sql: Sql): Promise<PayoutsFigures> {
  // one pass over the postings, grouped (no per-campaign subquery: the audit stays linear in the ledger)
  const crowd: Record<string, string>[] = await sql.query(
    `WITH legs AS (
       SELECT split_part(destination, ':', 3) AS campaign_id, destination AS account, source AS other, 'in' AS dir, amount, amount AS delta, currency
         FROM payouts.ledger_postings WHERE destination LIKE 'escrow:campaign:%:crowd' OR destination LIKE 'refunds:campaign:%'
       UNION ALL
       SELECT split_part(source, ':', 3), source, destination, 'out', amount, -amount, currency
         FROM payouts.ledger_postings WHERE source LIKE 'escrow:campaign:%:crowd' OR source LIKE 'refunds:campaign:%'
       UNION ALL
       -- a refund the provider forced beyond the escrow reached the donor from the campaign's loss account (docs/money-rules.md)
       SELECT split_part(source, ':', 3), source, destination, 'out', amount, 0, currency
         FROM payouts.ledger_postings WHERE source LIKE 'loss:campaign:%:forced-refunds')
     SELECT campaign_id, min(currency) AS currency,
            coalesce(sum(amount) FILTER (WHERE dir = 'in' AND account LIKE 'escrow:%' AND other = 'world:donors'), 0) AS collected_amount,
            coalesce(sum(amount) FILTER (WHERE dir = 'out' AND (account LIKE 'escrow:%' OR account LIKE 'loss:%') AND other = 'world:donors'), 0) AS refunded_amount,
            coalesce(sum(amount) FILTER (WHERE dir = 'out' AND account LIKE 'refunds:%' AND other = 'world:donors'), 0) AS donor_share_refunded,
            coalesce(sum(delta) FILTER (WHERE account LIKE 'escrow:%'), 0) AS crowd_escrow,
            coalesce(sum(amount) FILTER (WHERE dir = 'out' AND account LIKE 'escrow:%' AND other LIKE 'payable:%'), 0) AS released_crowd
       FROM legs GROUP BY campaign_id`,
  );
  const counts: Record<string, string>[] = await sql.query(
    `SELECT campaign_id::text AS campaign_id, count(*) FILTER (WHERE kind = 'pledge_collected') AS collected, count(*) FILTER (WHERE kind = 'pledge_refunded') AS refunded
       FROM payouts.ledger_transactions WHERE kind IN ('pledge_collected', 'pledge_refunded') GROUP BY campaign_id`,
  );
  const paid: Record<string, string>[] = await sql.query(
    `SELECT x.campaign_id::text AS campaign_id, sum(p.amount) AS amount FROM payouts.ledger_transactions x JOIN payouts.ledger_postings p ON p.tx_id = x.id
      WHERE x.kind = 'tranche_paid' AND p.destination = 'world:promoters' GROUP BY x.campaign_id`,
  );
  // what the tranches not yet released (nor forfeited) will still take from the escrow
  const planned: Record<string, string>[] = await sql.query(
    `SELECT campaign_id::text AS campaign_id, sum(donor_share) AS amount,
            coalesce(sum(CASE status WHEN 'planned' THEN donor_share WHEN 'eligible' THEN coalesce(due_donor, donor_share) ELSE 0 END), 0) AS unreleased
       FROM payouts.tranches GROUP BY campaign_id`,
  );
  const matches: Record<string, string>[] = await sql.query(
    `WITH m AS (
       SELECT split_part(destination, ':', 3) AS campaign_id, split_part(destination, ':', 5) AS fund_id, amount AS delta,
              CASE WHEN source LIKE 'fund:%' THEN amount ELSE 0 END AS committed, 0 AS released, 0 AS returned, 0 AS withdrawn
         FROM payouts.ledger_postings WHERE destination LIKE 'escrow:campaign:%:match:%'
       UNION ALL
       SELECT split_part(p.source, ':', 3), split_part(p.source, ':', 5), -p.amount, 0,
              CASE WHEN p.destination LIKE 'payable:%' THEN p.amount ELSE 0 END, CASE WHEN p.destination LIKE 'fund:%' THEN p.amount ELSE 0 END,
              -- a refunded pledge's match taken back out of the tranche shares (RefundsAfterClose)
              CASE WHEN p.destination LIKE 'fund:%' AND t.reference LIKE 'pledge:%:match-withdrawn:%' THEN p.amount ELSE 0 END
         FROM payouts.ledger_postings p JOIN payouts.ledger_transactions t ON t.id = p.tx_id WHERE p.source LIKE 'escrow:campaign:%:match:%'),
     shares AS (
       SELECT t.campaign_id::text AS campaign_id, s.fund_id::text AS fund_id, sum(s.amount) AS planned,
              coalesce(sum(CASE t.status WHEN 'planned' THEN s.amount WHEN 'eligible' THEN coalesce(s.due, s.amount) ELSE 0 END), 0) AS unreleased
         FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id GROUP BY t.campaign_id, s.fund_id),
     held AS (
       SELECT campaign_id, fund_id, sum(delta) AS escrow, sum(committed) AS committed, sum(released) AS released, sum(returned) AS returned, sum(withdrawn) AS withdrawn FROM m GROUP BY campaign_id, fund_id)
     SELECT coalesce(h.campaign_id, s.campaign_id) AS campaign_id, coalesce(h.fund_id, s.fund_id) AS fund_id, coalesce(h.escrow, 0) AS escrow,
            coalesce(h.committed, 0) AS committed, coalesce(h.released, 0) AS released, coalesce(h.returned, 0) AS returned, coalesce(h.withdrawn, 0) AS withdrawn, coalesce(s.planned, 0) AS planned,
            coalesce(s.unreleased, 0) AS unreleased
       FROM held h FULL JOIN shares s ON s.campaign_id = h.campaign_id AND s.fund_id = h.fund_id
      ORDER BY 1, 2`,
  );
  const violations = await auditLedger(sql);
  const by = (rows: Record<string, string>[]) => new Map(rows.map((r) => [r.campaign_id, r]));
  const [crowdBy, countsBy, paidBy, plannedBy] = [by(crowd), by(counts), by(paid), by(planned)];
  const matchesBy = new Map<string, Record<string, string>[]>();
  for (const m of matches) matchesBy.set(m.campaign_id, [...(matchesBy.get(m.campaign_id) ?? []), m]);
  const ids = new Set([...crowdBy.keys(), ...countsBy.keys(), ...matches.map((m) => m.campaign_id), ...plannedBy.keys()]);
  const funds = new Map<string, { fundId: string; escrow: number; released: number; returned: number }>();
  for (const m of matches) {
    const f = funds.get(m.fund_id) ?? { fundId: m.fund_id, escrow: 0, released: 0, returned: 0 };
    f.escrow += cents(m.escrow, 'm.escrow');
    f.released += cents(m.released, 'm.released');
    f.returned += cents(m.returned, 'm.returned');
    funds.set(m.fund_id, f);
  }
  return {
    service: 'payouts',
    ...(await messagingFigures(sql, 'payouts')),
    ledgerOk: violations.length === 0,
    ledgerViolations: violations.length,
    campaigns: [...ids].sort().map((id) => {
      const c = crowdBy.get(id);
      const n = countsBy.get(id);
      const matchRows = matchesBy.get(id) ?? [];
      const plan = plannedBy.get(id);
      return {
        campaignId: id,
        currency: c?.currency ? currencyCode(c.currency, 'ledger_postings.currency') : '',
        collectedCount: integer(n?.collected ?? 0, 'collected'),
        collectedAmount: cents(c?.collected_amount ?? 0, 'c.collected_amount'),
        refundedAmount: cents(c?.refunded_amount ?? 0, 'c.refunded_amount'),
        refundedCount: integer(n?.refunded ?? 0, 'refunded'),
        donorShareRefundedAmount: cents(c?.donor_share_refunded ?? 0, 'c.donor_share_refunded'),
        crowdEscrow: cents(c?.crowd_escrow ?? 0, 'c.crowd_escrow'),
        releasedCrowd: cents(c?.released_crowd ?? 0, 'c.released_crowd'),
        releasedMatch: matchRows.reduce((sum, m) => sum + cents(m.released, 'm.released'), 0),
        paidToPromoter: cents(paidBy.get(id)?.amount ?? 0, 'paidBy.amount'),
        matchByFund: matchRows.map((m) => ({
          fundId: m.fund_id,
          committed: cents(m.committed, 'committed'),
          withdrawn: cents(m.withdrawn, 'withdrawn'),
          escrow: cents(m.escrow, 'escrow'),
          planned: cents(m.planned, 'planned'),
          unreleased: cents(m.unreleased, 'unreleased'),
        })),
        plannedCrowd: plan === undefined ? null : cents(plan.amount, 'plan.amount'),
        unreleasedCrowd: plan === undefined ? null : cents(plan.unreleased, 'plan.unreleased'),
      };
    }),
    funds: [...funds.values()].sort((a, b) => a.fundId.localeCompare(b.fundId)),
  };
}

/** GET /audit/payouts/figures, in the ambient transaction (none: the request's own connection). */
@Injectable()
export class PayoutsFiguresReadModel {
  constructor(@InjectTx('payouts') private readonly txHost: Tx) {}

  figures(): Promise<PayoutsFigures> {
    return payoutsFigures(this.txHost.tx);
  }
}
