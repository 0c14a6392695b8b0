import { messagingFigures, PayoutsFigures, Sql } from '@lib/ledger';
import { auditLedger } from './ledger-audit';

/**
 * What payouts holds, from its own ledger and tranche tables: per campaign the crowd's money
 * (collected, refunded, donor-share refunds, in escrow, released, paid) and per fund the match
 * (committed into escrow, still in escrow, in tranche shares, released, returned). Account names:
 * libs/ledger `accounts` (escrow:campaign:<id>:crowd, escrow:campaign:<id>:match:<fund>, ...).
 */
export async function payoutsFigures(sql: Sql): Promise<PayoutsFigures> {
  const campaigns: Record<string, string>[] = await sql.query(
    `WITH p AS (
       SELECT x.kind, x.campaign_id AS tx_campaign, p.source, p.destination, p.amount, p.currency
         FROM payouts.ledger_postings p JOIN payouts.ledger_transactions x ON x.id = p.tx_id),
     crowd AS (
       SELECT split_part(CASE WHEN destination LIKE 'escrow:campaign:%' OR destination LIKE 'refunds:campaign:%' THEN destination ELSE source END, ':', 3) AS campaign_id, p.*
         FROM p WHERE destination LIKE 'escrow:campaign:%:crowd' OR source LIKE 'escrow:campaign:%:crowd'
            OR source LIKE 'refunds:campaign:%:donors' OR destination LIKE 'refunds:campaign:%:donors'),
     ids AS (SELECT DISTINCT split_part(a, ':', 3) AS campaign_id FROM (SELECT source AS a FROM p UNION SELECT destination FROM p) s
              WHERE a LIKE 'escrow:campaign:%' OR a LIKE 'refunds:campaign:%')
     SELECT i.campaign_id,
            (SELECT min(currency) FROM crowd c WHERE c.campaign_id = i.campaign_id) AS currency,
            (SELECT count(*) FROM payouts.ledger_transactions x WHERE x.kind = 'pledge_collected' AND x.campaign_id::text = i.campaign_id) AS collected_count,
            coalesce((SELECT sum(amount) FROM crowd c WHERE c.campaign_id = i.campaign_id AND c.source = 'world:donors'), 0) AS collected_amount,
            coalesce((SELECT sum(amount) FROM crowd c WHERE c.campaign_id = i.campaign_id AND c.source LIKE 'escrow:%' AND c.destination = 'world:donors'), 0) AS refunded_amount,
            (SELECT count(*) FROM payouts.ledger_transactions x WHERE x.kind = 'pledge_refunded' AND x.campaign_id::text = i.campaign_id) AS refunded_count,
            coalesce((SELECT sum(amount) FROM p WHERE p.source = 'refunds:campaign:' || i.campaign_id || ':donors' AND p.destination = 'world:donors'), 0) AS donor_share_refunded,
            coalesce((SELECT sum(CASE WHEN destination = 'escrow:campaign:' || i.campaign_id || ':crowd' THEN amount ELSE -amount END) FROM p
                       WHERE p.destination = 'escrow:campaign:' || i.campaign_id || ':crowd' OR p.source = 'escrow:campaign:' || i.campaign_id || ':crowd'), 0) AS crowd_escrow,
            coalesce((SELECT sum(amount) FROM p WHERE p.source = 'escrow:campaign:' || i.campaign_id || ':crowd' AND p.destination LIKE 'payable:%'), 0) AS released_crowd,
            coalesce((SELECT sum(amount) FROM p WHERE p.source LIKE 'escrow:campaign:' || i.campaign_id || ':match:%' AND p.destination LIKE 'payable:%'), 0) AS released_match,
            coalesce((SELECT sum(amount) FROM p WHERE p.kind = 'tranche_paid' AND p.tx_campaign::text = i.campaign_id AND p.destination = 'world:promoters'), 0) AS paid,
            (SELECT sum(t.donor_share) FROM payouts.tranches t WHERE t.campaign_id::text = i.campaign_id) AS planned_crowd
       FROM ids i ORDER BY i.campaign_id`,
  );
  const matches: Record<string, string>[] = await sql.query(
    `WITH p AS (SELECT source, destination, amount FROM payouts.ledger_postings WHERE source LIKE 'escrow:campaign:%:match:%' OR destination LIKE 'escrow:campaign:%:match:%'),
     m AS (
       SELECT split_part(destination, ':', 3) AS campaign_id, split_part(destination, ':', 5) AS fund_id, amount AS delta,
              CASE WHEN source LIKE 'fund:%' THEN amount ELSE 0 END AS committed, 0 AS released, 0 AS returned FROM p WHERE destination LIKE 'escrow:campaign:%:match:%'
       UNION ALL
       SELECT split_part(source, ':', 3), split_part(source, ':', 5), -amount, 0,
              CASE WHEN destination LIKE 'payable:%' THEN amount ELSE 0 END, CASE WHEN destination LIKE 'fund:%' THEN amount ELSE 0 END FROM p WHERE source LIKE 'escrow:campaign:%:match:%')
     SELECT m.campaign_id, m.fund_id, sum(delta) AS escrow, sum(committed) AS committed, sum(released) AS released, sum(returned) AS returned,
            coalesce((SELECT sum(s.amount) FROM payouts.tranche_match_shares s JOIN payouts.tranches t ON t.id = s.tranche_id
                       WHERE t.campaign_id::text = m.campaign_id AND s.fund_id::text = m.fund_id), 0) AS planned
       FROM m GROUP BY m.campaign_id, m.fund_id ORDER BY m.campaign_id, m.fund_id`,
  );
  const violations = await auditLedger(sql);
  const funds = new Map<string, { fundId: string; escrow: number; released: number; returned: number }>();
  for (const m of matches) {
    const f = funds.get(m.fund_id) ?? { fundId: m.fund_id, escrow: 0, released: 0, returned: 0 };
    f.escrow += Number(m.escrow);
    f.released += Number(m.released);
    f.returned += Number(m.returned);
    funds.set(m.fund_id, f);
  }
  return {
    service: 'payouts',
    ...(await messagingFigures(sql, 'payouts')),
    ledgerOk: violations.length === 0,
    ledgerViolations: violations.length,
    campaigns: campaigns.map((c) => ({
      campaignId: c.campaign_id,
      currency: c.currency ? String(c.currency).trim() : '',
      collectedCount: Number(c.collected_count),
      collectedAmount: Number(c.collected_amount),
      refundedAmount: Number(c.refunded_amount),
      refundedCount: Number(c.refunded_count),
      donorShareRefundedAmount: Number(c.donor_share_refunded),
      crowdEscrow: Number(c.crowd_escrow),
      releasedCrowd: Number(c.released_crowd),
      releasedMatch: Number(c.released_match),
      paidToPromoter: Number(c.paid),
      matchByFund: matches.filter((m) => m.campaign_id === c.campaign_id).map((m) => ({ fundId: m.fund_id, committed: Number(m.committed), escrow: Number(m.escrow), planned: Number(m.planned) })),
      plannedCrowd: c.planned_crowd === null || c.planned_crowd === undefined ? null : Number(c.planned_crowd),
    })),
    funds: [...funds.values()].sort((a, b) => a.fundId.localeCompare(b.fundId)),
  };
}
