import { F } from './platform-audit.spec-fixture';
import type { Change } from './platform-audit-cases.spec-fixture';

/** Variants, boundaries (a cap met exactly, empty escrows) and rows one service never heard of. */
export const EDGE_CASES: [string, Change][] = [
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
];
