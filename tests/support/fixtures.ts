/** Request bodies for suites: valid by default, override what the test is about. */
const DAY = 24 * 3600 * 1000;
export const isoIn = (days: number, from = Date.now()) => new Date(from + days * DAY).toISOString();

/** The demo milestone: 100 households served, due 120 days after `from`, 60 % of the money, paid all or nothing. */
export const aMilestoneFrom = (from = Date.now(), overrides: Record<string, unknown> = {}) => ({
  title: 'Desk open',
  indicator: 'households served',
  unit: 'households',
  baseline: 0,
  target: 100,
  dueAt: isoIn(120, from),
  payoutSharePct: 60,
  paymentRule: 'binary',
  ...overrides,
});

export function aCall(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Quartieri Connessi — test call',
    description: 'Neighbourhood services',
    opensAt: isoIn(-1),
    closesAt: isoIn(90),
    eligibleAreas: ['Giambellino', 'Corvetto'],
    categories: ['social_concierge', 'animation'],
    promoterTypes: ['ets', 'informal_group'],
    currency: 'EUR',
    minGoalAmount: 100_000,
    maxGoalAmount: 10_000_000,
    minCofinancingPct: { ets: 10, informal_group: 5 },
    ...overrides,
  };
}

export function aCampaign(callId: string | undefined, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Portineria di quartiere',
    summary: 'A concierge desk for the neighbourhood',
    description: 'Parcels, repairs, paperwork help.',
    ...(callId ? { callId } : {}),
    area: 'Giambellino',
    category: 'social_concierge',
    promoterType: 'ets',
    goalAmount: 1_000_000,
    currency: 'EUR',
    fundingModel: 'all_or_nothing',
    startsAt: isoIn(-1),
    endsAt: isoIn(30),
    cofinancingAmount: 100_000,
    upfrontSharePct: 40,
    failedMilestonePolicy: 'refund_donor_share',
    milestones: [aMilestoneFrom()],
    ...overrides,
  };
}
