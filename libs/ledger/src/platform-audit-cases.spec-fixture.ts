import type { PlatformFigures } from './platform-audit';

// The cases of platform-audit-cases.spec.ts (a *.spec-fixture.ts: neither a test nor mutated — stryker.config.mjs):
// each changes the healthy figures of platform-audit.spec-fixture.ts, the spec snapshots the exact findings.
export type Change = (f: PlatformFigures) => void;

/** Every check of reconcile, each broken by one wrong figure. */
export const ONE_FIGURE_WRONG: [string, Change][] = [
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
];
