import { reconcile } from './platform-audit';
import { C, F, healthy } from './platform-audit.spec-fixture';

describe('reconcile (the platform audit across services)', () => {
  it('finds nothing when every service agrees', () => {
    expect(reconcile(healthy())).toEqual({ status: 'ok', findings: [], pendingOutbox: { campaigns: 0, pledges: 0, matching: 0, payouts: 0 } });
  });

  it('reports a pledge counted twice by payouts, and one missing from campaigns', () => {
    const f = healthy();
    f.payouts.campaigns[0].collectedAmount = 7000;
    f.payouts.campaigns[0].collectedCount = 3;
    f.campaigns.campaigns[0].raised = 1000;
    const kinds = reconcile(f).findings.map((x) => [x.kind, x.campaignId, x.detail]);
    expect(kinds).toEqual([
      ['uncounted', C, 'raised (confirmed, not refunded): pledges holds 3000, campaigns holds 1000'],
      ['count-mismatch', C, 'collected pledges: pledges holds 2, payouts holds 3'],
      ['double-counted', C, 'collected amount: pledges holds 5000, payouts holds 7000'],
    ]);
    expect(reconcile(f).status).toBe('findings');
  });

  it('reports a committed match with no escrow (stranded), per campaign and per fund', () => {
    const f = healthy();
    f.payouts.campaigns[0].matchByFund = [];
    f.payouts.funds = [];
    const found = reconcile(f).findings;
    expect(found.map((x) => [x.kind, x.campaignId ?? null, x.fundId])).toEqual([
      ['stranded-match', C, F],
      ['stranded-match', null, F],
    ]);
    expect(found[1].figures).toEqual({ matching: 3000, payouts: 0 });
  });

  it('reports a match escrowed but not planned in tranche shares', () => {
    const f = healthy();
    f.payouts.campaigns[0].matchByFund[0].planned = 2999;
    expect(reconcile(f).findings).toEqual([
      expect.objectContaining({ kind: 'stranded-match', campaignId: C, fundId: F, detail: `fund ${F}: 3000 in escrow, 2999 in tranche shares` }),
    ]);
  });

  it('reports a negative escrow, a broken fund identity, a cap exceeded, a dead letter and the ledger audit', () => {
    const f = healthy();
    f.payouts.campaigns[0].crowdEscrow = -2500;
    f.payouts.campaigns[0].unreleasedCrowd = -2500;
    f.matching.funds[0].available = 7001;
    f.matching.ruleMatches[0].capPerCampaign = 2999;
    f.matching.deadLetters = 1;
    f.payouts.ledgerOk = false;
    f.payouts.ledgerViolations = 1;
    expect(reconcile(f).findings.map((x) => x.kind)).toEqual(['dead-letter', 'ledger-audit', 'negative-balance', 'fund-identity', 'cap-exceeded']);
  });

  it('compares spent and returned match between matching and payouts', () => {
    const f = healthy();
    f.matching.funds[0] = { ...f.matching.funds[0], committed: 1000, spent: 1500, available: 7500, returnsReceived: 500 };
    f.payouts.funds[0] = { fundId: F, escrow: 1000, released: 1500, returned: 500 };
    f.payouts.campaigns[0].matchByFund[0].escrow = 1000;
    f.payouts.campaigns[0].matchByFund[0].unreleased = 1000;
    expect(reconcile(f).status).toBe('ok');
    f.payouts.funds[0].released = 1400;
    expect(reconcile(f).findings.map((x) => [x.kind, x.detail])).toEqual([['uncounted', 'matching counts 1500 spent, payouts released 1400']]);
  });

  it('reports an escrow that no longer covers the unreleased tranches (a refund after success paid twice)', () => {
    const f = healthy();
    f.payouts.campaigns[0].crowdEscrow = 1000; // 2000 refunded from an escrow already planned in tranches
    f.payouts.campaigns[0].refundedAmount = 4000;
    f.pledges.campaigns[0] = { ...f.pledges.campaigns[0], confirmedCount: 0, confirmedAmount: 1000, refundedAmount: 4000 };
    const found = reconcile(f).findings.filter((x) => x.kind === 'escrow-mismatch');
    expect(found).toEqual([expect.objectContaining({ campaignId: C, detail: 'crowd escrow holds 1000, the unreleased tranches need 3000' })]);
  });

  it('answers pending, not findings, while an outbox still holds unpublished events', () => {
    const f = healthy();
    f.pledges.pendingOutbox = 1;
    expect(reconcile(f).status).toBe('ok');
    f.campaigns.campaigns[0].raised = 0;
    expect(reconcile(f)).toMatchObject({ status: 'pending', pendingOutbox: { pledges: 1 } });
  });
});
