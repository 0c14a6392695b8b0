import { assertSharesSumTo100, CampaignStateConflict, MilestoneSharesInvalid, nextStatus } from './campaign';

describe('campaign lifecycle rules', () => {
  const due = new Date('2027-06-01T00:00:00Z');

  it('accepts shares that sum to exactly 100', () => {
    expect(() => assertSharesSumTo100(20, [{ payoutSharePct: 50, dueAt: due }, { payoutSharePct: 30, dueAt: due }])).not.toThrow();
  });

  it.each([
    [10, [50, 30]],
    [20, [50, 31]],
    [0, []],
  ])('refuses upfront %p with milestones %p', (upfront, shares) => {
    expect(() => assertSharesSumTo100(upfront, shares.map((payoutSharePct) => ({ payoutSharePct, dueAt: due })))).toThrow(
      MilestoneSharesInvalid,
    );
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
