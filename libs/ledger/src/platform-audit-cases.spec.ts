import { messagingFigures, PlatformFigures, reconcile } from './platform-audit';
import { F, healthy } from './platform-audit.spec-fixture';

type Change = (f: PlatformFigures) => void;
const found = (change: Change) => {
  const f = healthy();
  change(f);
  return reconcile(f).findings.map((x) => ({ kind: x.kind, campaignId: x.campaignId, fundId: x.fundId, detail: x.detail, figures: x.figures }));
};

/** One figure wrong at a time: exactly the finding it must raise, with its words and figures. */
describe('reconcile: each check, one figure at a time', () => {
  it.each<[string, Change]>([
    [
      'a dead letter',
      (f) => {
        f.matching.deadLetters = 2;
      },
    ],
    [
      'the ledger audit',
      (f) => {
        f.payouts.ledgerOk = false;
        f.payouts.ledgerViolations = 3;
      },
    ],
    [
      'backers',
      (f) => {
        f.campaigns.campaigns[0].backers = 2;
      },
    ],
    [
      'pledges ever confirmed',
      (f) => {
        f.campaigns.campaigns[0].confirmedPledges = 1;
      },
    ],
    [
      'no campaign read model',
      (f) => {
        f.campaigns.campaigns = [];
      },
    ],
    [
      'matching confirmed count',
      (f) => {
        f.matching.campaigns[0].confirmedCount = 2;
      },
    ],
    [
      'matching confirmed amount',
      (f) => {
        f.matching.campaigns[0].confirmedAmount = 2500;
      },
    ],
    [
      'matching refunded count',
      (f) => {
        f.matching.campaigns[0].refundedCount = 0;
      },
    ],
    [
      'payouts refunded amount',
      (f) => {
        f.payouts.campaigns[0].refundedAmount = 2500;
      },
    ],
    [
      'payouts donor-share refunds',
      (f) => {
        f.payouts.campaigns[0].donorShareRefundedAmount = 10;
      },
    ],
    [
      'a negative crowd escrow',
      (f) => {
        f.payouts.campaigns[0].crowdEscrow = -1;
        f.payouts.campaigns[0].unreleasedCrowd = -1;
      },
    ],
    [
      'a negative match escrow',
      (f) => {
        f.payouts.campaigns[0].matchByFund[0].escrow = -5;
        f.payouts.campaigns[0].matchByFund[0].unreleased = -5;
      },
    ],
    [
      'crowd escrow above the unreleased tranches',
      (f) => {
        f.payouts.campaigns[0].crowdEscrow = 3500;
      },
    ],
    [
      'match escrow below the unreleased shares',
      (f) => {
        f.payouts.campaigns[0].matchByFund[0].escrow = 2000;
        f.payouts.funds[0].escrow = 2000;
        f.matching.funds[0].committed = 2000;
        f.matching.funds[0].available = 8000;
      },
    ],
    [
      'shares planned below the committed escrow',
      (f) => {
        f.payouts.campaigns[0].matchByFund[0].planned = 2500;
      },
    ],
    [
      'a withdrawn match is not stranded',
      (f) => {
        Object.assign(f.payouts.campaigns[0].matchByFund[0], { committed: 4000, withdrawn: 1000 });
      },
    ],
    [
      'a negative fund bucket',
      (f) => {
        f.matching.funds[0].reserved = -1;
        f.matching.funds[0].available = 7001;
      },
    ],
    [
      'the fund identity',
      (f) => {
        f.matching.funds[0].available = 6999;
      },
    ],
    [
      'payouts escrow above matching committed',
      (f) => {
        f.payouts.funds[0].escrow = 3500;
      },
    ],
    [
      'spent vs released',
      (f) => {
        f.matching.funds[0].spent = 100;
        f.matching.funds[0].available = 6900;
      },
    ],
    [
      'released above spent',
      (f) => {
        f.payouts.funds[0].released = 100;
      },
    ],
    [
      'returned vs received',
      (f) => {
        f.payouts.funds[0].returned = 100;
      },
    ],
    [
      'received above returned',
      (f) => {
        f.matching.funds[0].returnsReceived = 100;
      },
    ],
    [
      'the campaign cap',
      (f) => {
        f.matching.ruleMatches[0].capPerCampaign = 2999;
      },
    ],
    [
      'the pledge cap',
      (f) => {
        f.matching.ruleMatches[0].capPerPledge = 2999;
      },
    ],
    [
      'the donor cap',
      (f) => {
        f.matching.ruleMatches[0].capPerDonor = 2999;
      },
    ],
    [
      'a withdrawn match, and shares that still miss part of it',
      (f) => {
        Object.assign(f.payouts.campaigns[0].matchByFund[0], { committed: 4000, withdrawn: 500 });
      },
    ],
    [
      'empty escrows are not negative',
      (f) => {
        Object.assign(f.payouts.campaigns[0], { crowdEscrow: 0, unreleasedCrowd: 0 });
        Object.assign(f.payouts.campaigns[0].matchByFund[0], { escrow: 0, unreleased: 0 });
        f.payouts.funds[0].escrow = 0;
        Object.assign(f.matching.funds[0], { committed: 0, spent: 3000 });
        f.payouts.funds[0].released = 3000;
      },
    ],
    [
      'a campaign known only to pledges, with nothing collected',
      (f) => {
        f.campaigns.campaigns = [];
        f.pledges.campaigns[0] = {
          ...f.pledges.campaigns[0],
          collectedCount: 0,
          collectedAmount: 0,
          confirmedCount: 0,
          confirmedAmount: 0,
          refundedCount: 0,
          refundedAmount: 0,
          backers: 0,
        };
        f.matching.campaigns = [];
        f.payouts.campaigns = [];
      },
    ],
    [
      'a campaign matching and payouts never heard of',
      (f) => {
        f.matching.campaigns = [];
        f.payouts.campaigns = [];
        f.payouts.funds = [];
        f.matching.funds = [];
        f.matching.ruleMatches = [];
      },
    ],
    [
      'a zero committed match needs no escrow',
      (f) => {
        f.matching.campaigns[0].committedByFund = [{ fundId: F, amount: 0 }];
        f.payouts.campaigns[0].matchByFund = [];
      },
    ],
    [
      'a campaign pledges never heard of',
      (f) => {
        f.pledges.campaigns = [];
      },
    ],
    [
      'a committed match payouts never heard of',
      (f) => {
        f.payouts.campaigns = [];
      },
    ],
    [
      'payouts holds escrow for another fund only',
      (f) => {
        f.payouts.campaigns[0].matchByFund[0].fundId = '00000000-0000-4000-8000-0000000000ff';
      },
    ],
    [
      'no escrow row for a committed match',
      (f) => {
        f.payouts.campaigns[0].matchByFund = [];
        f.payouts.funds = [];
      },
    ],
    [
      'an escrow row that holds nothing committed',
      (f) => {
        f.payouts.campaigns[0].matchByFund[0].committed = 0;
      },
    ],
    [
      'before tranches are planned, escrows are not compared with them',
      (f) => {
        Object.assign(f.payouts.campaigns[0], { plannedCrowd: null, unreleasedCrowd: null });
        Object.assign(f.payouts.campaigns[0].matchByFund[0], { planned: 0, unreleased: 0 });
      },
    ],
    [
      'money returned to the funder keeps the identity',
      (f) => {
        Object.assign(f.matching.funds[0], { available: 6900, returned: 100 });
      },
    ],
    [
      'a cap met exactly is not exceeded',
      (f) => {
        Object.assign(f.matching.ruleMatches[0], { capPerCampaign: 3000, capPerPledge: 3000, capPerDonor: 3000 });
      },
    ],
  ])('%s', (_name, change) => {
    expect(found(change)).toMatchSnapshot();
  });

  it('is pending, not findings, while an outbox still holds messages', () => {
    const f = healthy();
    f.campaigns.campaigns[0].raised = 1000;
    f.pledges.pendingOutbox = 4;
    expect(reconcile(f)).toMatchObject({ status: 'pending', pendingOutbox: { campaigns: 0, pledges: 4, matching: 0, payouts: 0 } });
    f.pledges.pendingOutbox = 0;
    expect(reconcile(f).status).toBe('findings');
  });
});

describe('messagingFigures', () => {
  it("reads a service's unpublished outbox rows and dead letters from its own schema", async () => {
    const asked: string[] = [];
    const sql = {
      query: async (q: string) => {
        asked.push(q);
        return [{ pending: '3', dead: '1' }];
      },
    };
    expect(await messagingFigures(sql, 'pledges')).toEqual({ pendingOutbox: 3, deadLetters: 1 });
    expect(asked[0]).toContain('"pledges".outbox_messages WHERE published_at IS NULL');
    expect(asked[0]).toContain(`"pledges".inbox_messages WHERE status = 'dead'`);
  });
});
