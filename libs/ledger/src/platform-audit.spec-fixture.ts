import type { PlatformFigures } from './platform-audit';

// Shared by platform-audit.spec.ts and platform-audit-cases.spec.ts (a *.spec-fixture.ts: neither a
// test nor mutated — stryker.config.mjs).
export const C = '00000000-0000-4000-8000-00000000000c';
export const F = '00000000-0000-4000-8000-00000000000f';

/** A consistent platform: one campaign, two pledges (one refunded), a 1:1 match committed, escrowed and planned. */
export function healthy(): PlatformFigures {
  return {
    campaigns: {
      service: 'campaigns',
      pendingOutbox: 0,
      deadLetters: 0,
      campaigns: [{ campaignId: C, status: 'in_delivery', raised: 3000, backers: 1, confirmedPledges: 2, matched: 3000 }],
    },
    pledges: {
      service: 'pledges',
      pendingOutbox: 0,
      deadLetters: 0,
      campaigns: [
        {
          campaignId: C,
          currency: 'EUR',
          collectedCount: 2,
          collectedAmount: 5000,
          confirmedCount: 1,
          confirmedAmount: 3000,
          refundedCount: 1,
          refundedAmount: 2000,
          partialRefundedAmount: 0,
          backers: 1,
        },
      ],
    },
    matching: {
      service: 'matching',
      pendingOutbox: 0,
      deadLetters: 0,
      funds: [
        {
          fundId: F,
          currency: 'EUR',
          budget: 10000,
          available: 7000,
          reserved: 0,
          committed: 3000,
          spent: 0,
          returned: 0,
          closed: false,
          returnsReceived: 0,
        },
      ],
      campaigns: [
        {
          campaignId: C,
          confirmedCount: 1,
          confirmedAmount: 3000,
          refundedCount: 1,
          refundedAmount: 2000,
          committedByFund: [{ fundId: F, amount: 3000 }],
          reserved: 0,
        },
      ],
      ruleMatches: [
        {
          ruleId: 'r',
          fundId: F,
          campaignId: C,
          type: 'ratio',
          amount: 3000,
          maxPerPledge: 3000,
          maxPerDonor: 3000,
          capPerCampaign: 5000,
          capPerPledge: 3000,
          capPerDonor: 3000,
        },
      ],
    },
    payouts: {
      service: 'payouts',
      pendingOutbox: 0,
      deadLetters: 0,
      ledgerOk: true,
      ledgerViolations: 0,
      campaigns: [
        {
          campaignId: C,
          currency: 'EUR',
          collectedCount: 2,
          collectedAmount: 5000,
          refundedAmount: 2000,
          refundedCount: 1,
          donorShareRefundedAmount: 0,
          crowdEscrow: 3000,
          releasedCrowd: 0,
          releasedMatch: 0,
          paidToPromoter: 0,
          matchByFund: [{ fundId: F, committed: 3000, escrow: 3000, planned: 3000, unreleased: 3000 }],
          plannedCrowd: 3000,
          unreleasedCrowd: 3000,
        },
      ],
      funds: [{ fundId: F, escrow: 3000, released: 0, returned: 0 }],
    },
  };
}
