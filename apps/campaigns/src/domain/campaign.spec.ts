import { assertSharesSumTo100, CAMPAIGN_STATUSES, CampaignStateConflict, isPublished, MilestoneSharesInvalid, nextStatus } from './campaign';

describe('campaign lifecycle rules', () => {
  const due = new Date('2027-06-01T00:00:00Z');

  it('accepts shares that sum to exactly 100', () => {
    expect(() =>
      assertSharesSumTo100(20, [
        { payoutSharePct: 50, dueAt: due },
        { payoutSharePct: 30, dueAt: due },
      ]),
    ).not.toThrow();
  });

  it.each([
    [10, [50, 30]],
    [20, [50, 31]],
    [0, []],
  ])('refuses upfront %p with milestones %p', (upfront, shares) => {
    expect(() =>
      assertSharesSumTo100(
        upfront,
        shares.map((payoutSharePct) => ({ payoutSharePct, dueAt: due })),
      ),
    ).toThrow(MilestoneSharesInvalid);
  });

  it('goes live on approval once startsAt has passed, scheduled before', () => {
    const startsAt = new Date('2027-01-10T00:00:00Z');
    expect(nextStatus('c', 'submitted', 'approve', new Date('2027-01-11T00:00:00Z'), startsAt)).toBe('live');
    expect(nextStatus('c', 'submitted', 'approve', new Date('2027-01-09T00:00:00Z'), startsAt)).toBe('scheduled');
  });

  it('refuses to approve a draft or re-submit a live campaign', () => {
    expect(() => nextStatus('c', 'draft', 'approve', new Date(), new Date())).toThrow(CampaignStateConflict);
    expect(() => nextStatus('c', 'live', 'submit')).toThrow(CampaignStateConflict);
    expect(nextStatus('c', 'rejected', 'submit')).toBe('submitted');
  });
});

/** The error `f` throws (fails the test when it throws nothing). */
function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('campaign lifecycle, every transition', () => {
  it('goes live exactly at startsAt', () => {
    const startsAt = new Date('2027-01-10T00:00:00Z');
    expect(nextStatus('c', 'submitted', 'approve', startsAt, startsAt)).toBe('live');
  });

  it('submits a draft or a rejected campaign, rejects a submitted one', () => {
    expect(nextStatus('c', 'draft', 'submit')).toBe('submitted');
    expect(nextStatus('c', 'submitted', 'reject')).toBe('rejected');
  });

  it.each([
    ['submit', ['submitted', 'scheduled', 'live', 'succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'], 'submitted'],
    ['reject', ['draft', 'rejected', 'scheduled', 'live', 'succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'], 'rejected'],
    ['approve', ['draft', 'rejected', 'scheduled', 'live', 'succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'], 'approved'],
    ['cancel', ['succeeded', 'failed', 'cancelled', 'in_delivery', 'completed'], 'cancelled'],
  ] as const)('refuses to %s a campaign in any other status, with a 409 that names it', (action, from, verb) => {
    for (const status of from) {
      const attempt = () => (action === 'approve' ? nextStatus('c9', status, action, new Date(), new Date()) : nextStatus('c9', status, action));
      expect(attempt).toThrow(CampaignStateConflict);
      expect(attempt).toThrow(`Campaign c9 is ${status} and cannot be ${verb}`);
      expect(caught(attempt)).toMatchObject({ code: 'CAMPAIGN_STATE_CONFLICT', kind: 'conflict' });
    }
  });

  it('reports the total of shares that do not sum to 100, as a 422', () => {
    const due = new Date('2027-06-01T00:00:00Z');
    const attempt = () =>
      assertSharesSumTo100(10, [
        { payoutSharePct: 50, dueAt: due },
        { payoutSharePct: 30, dueAt: due },
      ]);
    expect(attempt).toThrow('upfrontSharePct + sum(payoutSharePct) must be 100, got 90');
    expect(caught(attempt)).toMatchObject({ code: 'CAMPAIGN_SHARES_NOT_100', kind: 'unprocessable' });
    expect(() => assertSharesSumTo100(100, [])).not.toThrow();
  });
});

describe('cancelling a campaign', () => {
  it.each(['draft', 'submitted', 'rejected', 'scheduled', 'live'] as const)('cancels a %s campaign', (status) => {
    expect(nextStatus('c', status, 'cancel')).toBe('cancelled');
  });

  it('announces only the cancellation of a published campaign (scheduled or live)', () => {
    expect(CAMPAIGN_STATUSES.filter(isPublished)).toEqual(['scheduled', 'live']);
  });
});
