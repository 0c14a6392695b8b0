/**
 * The cross-service reconciliation of docs/audit.md: each service reports the totals it holds in
 * its OWN tables (`GET /audit/<service>/figures`, admin), and `reconcile` compares them. A pure
 * function: no I/O, so it is unit-tested on hand-made figures and reused by the model-based test.
 */

import type { Finding, FindingKind, PlatformReport } from './platform-findings';
import type { PlatformFigures } from './platform-figures';

// The figures each service reports, the findings and the messaging figures live in their own files; importable from here as before.
export * from './platform-figures';
export * from './platform-findings';
export * from './messaging-figures';

/** True while a service still has unpublished outbox rows: cross-service figures may legitimately differ. */
export function isPending(f: PlatformFigures): boolean {
  return [f.campaigns, f.pledges, f.matching, f.payouts].some((s) => s.pendingOutbox > 0);
}

export function reconcile(f: PlatformFigures): PlatformReport {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, detail: string, figures: Record<string, unknown>, ids: { campaignId?: string; fundId?: string } = {}) =>
    findings.push({ kind, ...ids, detail, figures });

  for (const s of [f.campaigns, f.pledges, f.matching, f.payouts]) {
    if (s.deadLetters > 0)
      add('dead-letter', `${s.service} dead-lettered ${s.deadLetters} event(s): their effect is missing`, { service: s.service, deadLetters: s.deadLetters });
  }
  if (!f.payouts.ledgerOk)
    add('ledger-audit', `the payouts ledger audit reports ${f.payouts.ledgerViolations} violation(s) (GET /ledger/audit)`, {
      violations: f.payouts.ledgerViolations,
    });

  const byId = <T extends { campaignId: string }>(rows: T[]) => new Map(rows.map((r) => [r.campaignId, r]));
  const campaigns = byId(f.campaigns.campaigns);
  const matching = byId(f.matching.campaigns);
  const payouts = byId(f.payouts.campaigns);
  const zero = { collectedCount: 0, collectedAmount: 0, confirmedCount: 0, confirmedAmount: 0, refundedCount: 0, refundedAmount: 0 };

  // Every confirmed pledge counted once in pledges, campaigns, matching and payouts.
  const pledges = byId(f.pledges.campaigns);
  const ids = new Set([...pledges.keys(), ...payouts.keys(), ...matching.keys()]);
  for (const id of ids) {
    const p = pledges.get(id) ?? { ...zero, partialRefundedAmount: 0, backers: 0, currency: '' };
    const c = campaigns.get(id);
    const m = matching.get(id);
    const o = payouts.get(id);
    const compare = (what: string, truth: number, seen: number, where: string, countKind = false) => {
      if (truth === seen) return;
      const kind: FindingKind = countKind ? 'count-mismatch' : seen > truth ? 'double-counted' : 'uncounted';
      add(kind, `${what}: pledges holds ${truth}, ${where} holds ${seen}`, { pledges: truth, [where]: seen }, { campaignId: id });
    };
    if (c) {
      compare('raised (confirmed, not refunded)', p.confirmedAmount, c.raised, 'campaigns');
      compare('backers', p.backers, c.backers, 'campaigns', true);
      compare('pledges ever confirmed', p.collectedCount, c.confirmedPledges, 'campaigns', true);
    } else if (p.collectedCount > 0) {
      add('uncounted', `campaigns has no read model for a campaign with ${p.collectedCount} collected pledge(s)`, { pledges: p }, { campaignId: id });
    }
    compare('confirmed pledges', p.confirmedCount, m?.confirmedCount ?? 0, 'matching', true);
    compare('confirmed amount', p.confirmedAmount, m?.confirmedAmount ?? 0, 'matching');
    compare('refunded pledges', p.refundedCount, m?.refundedCount ?? 0, 'matching', true);
    compare('collected pledges', p.collectedCount, o?.collectedCount ?? 0, 'payouts', true);
    compare('collected amount', p.collectedAmount, o?.collectedAmount ?? 0, 'payouts');
    compare('refunded amount', p.refundedAmount, o?.refundedAmount ?? 0, 'payouts');
    compare('donor-share refunds', p.partialRefundedAmount, o?.donorShareRefundedAmount ?? 0, 'payouts');
  }

  // No negative balance; the crowd's money is all somewhere.
  for (const o of f.payouts.campaigns) {
    if (o.crowdEscrow < 0) add('negative-balance', `crowd escrow is ${o.crowdEscrow}`, { crowdEscrow: o.crowdEscrow }, { campaignId: o.campaignId });
    for (const m of o.matchByFund) {
      if (m.escrow < 0) add('negative-balance', `match escrow of fund ${m.fundId} is ${m.escrow}`, { ...m }, { campaignId: o.campaignId, fundId: m.fundId });
    }
  }

  // Once tranches are planned, the escrow holds exactly what the tranches not yet released will pay:
  // less and a release would overdraw it (money paid twice), more and money is stranded in escrow.
  for (const o of f.payouts.campaigns) {
    if (o.unreleasedCrowd !== null && o.crowdEscrow !== o.unreleasedCrowd) {
      add(
        'escrow-mismatch',
        `crowd escrow holds ${o.crowdEscrow}, the unreleased tranches need ${o.unreleasedCrowd}`,
        { crowdEscrow: o.crowdEscrow, unreleasedCrowd: o.unreleasedCrowd },
        { campaignId: o.campaignId },
      );
    }
    for (const m of o.matchByFund) {
      if (o.unreleasedCrowd !== null && m.escrow !== m.unreleased) {
        add(
          'escrow-mismatch',
          `match escrow of fund ${m.fundId} holds ${m.escrow}, the unreleased tranches need ${m.unreleased}`,
          { ...m },
          { campaignId: o.campaignId, fundId: m.fundId },
        );
      }
    }
  }

  // Every committed match has its escrow and its tranche shares.
  for (const m of f.matching.campaigns) {
    const o = payouts.get(m.campaignId);
    for (const c of m.committedByFund) {
      if (c.amount <= 0) continue;
      const held = o?.matchByFund.find((x) => x.fundId === c.fundId);
      if (!held || held.committed === 0) {
        add(
          'stranded-match',
          `matching committed ${c.amount} of fund ${c.fundId} but payouts holds no escrow for it`,
          { committed: c.amount, payouts: held ?? null },
          { campaignId: m.campaignId, fundId: c.fundId },
        );
      } else if (o && o.plannedCrowd !== null && held.planned !== held.committed - (held.withdrawn ?? 0)) {
        // the shares hold what was committed, less what refunds after the close withdrew from them
        add(
          'stranded-match',
          `fund ${c.fundId}: ${held.committed - (held.withdrawn ?? 0)} in escrow, ${held.planned} in tranche shares`,
          { ...held },
          { campaignId: m.campaignId, fundId: c.fundId },
        );
      }
    }
  }

  // Each fund's identity, and what matching and payouts each hold of it.
  const payoutsFunds = new Map(f.payouts.funds.map((x) => [x.fundId, x]));
  for (const fund of f.matching.funds) {
    const buckets = { available: fund.available, reserved: fund.reserved, committed: fund.committed, spent: fund.spent, returned: fund.returned };
    for (const [name, v] of Object.entries(buckets)) {
      if (v < 0) add('negative-balance', `fund ${name} is ${v}`, { ...buckets }, { fundId: fund.fundId });
    }
    const sum = fund.available + fund.reserved + fund.committed + fund.spent + fund.returned;
    if (sum !== fund.budget)
      add(
        'fund-identity',
        `available+reserved+committed+spent+returned = ${sum}, budget ${fund.budget}`,
        { ...buckets, budget: fund.budget },
        { fundId: fund.fundId },
      );
    const o = payoutsFunds.get(fund.fundId) ?? { escrow: 0, released: 0, returned: 0 };
    if (o.escrow !== fund.committed) {
      add(
        o.escrow < fund.committed ? 'stranded-match' : 'double-counted',
        `matching counts ${fund.committed} committed, payouts holds ${o.escrow} in escrow`,
        { matching: fund.committed, payouts: o.escrow },
        { fundId: fund.fundId },
      );
    }
    if (o.released !== fund.spent) {
      add(
        o.released < fund.spent ? 'uncounted' : 'double-counted',
        `matching counts ${fund.spent} spent, payouts released ${o.released}`,
        { matching: fund.spent, payouts: o.released },
        { fundId: fund.fundId },
      );
    }
    if (o.returned !== fund.returnsReceived) {
      add(
        o.returned < fund.returnsReceived ? 'double-counted' : 'uncounted',
        `payouts returned ${o.returned} to the fund, matching received ${fund.returnsReceived}`,
        { matching: fund.returnsReceived, payouts: o.returned },
        { fundId: fund.fundId },
      );
    }
  }

  // No match above any rule cap.
  for (const r of f.matching.ruleMatches) {
    const over = (what: string, value: number, cap: number | undefined) => {
      if (cap !== undefined && value > cap)
        add('cap-exceeded', `${r.type} rule ${r.ruleId}: ${what} ${value} above its cap ${cap}`, { ...r }, { campaignId: r.campaignId, fundId: r.fundId });
    };
    over('match of the campaign', r.amount, r.capPerCampaign);
    over('match of one pledge', r.maxPerPledge, r.capPerPledge);
    over('match of one donor', r.maxPerDonor, r.capPerDonor);
  }

  const pendingOutbox = Object.fromEntries([f.campaigns, f.pledges, f.matching, f.payouts].map((s) => [s.service, s.pendingOutbox]));
  return { status: findings.length === 0 ? 'ok' : isPending(f) ? 'pending' : 'findings', findings, pendingOutbox };
}
