import { refundCover, RefundNotCoveredByEscrow } from './refund-cover';

describe('refundCover', () => {
  it('is the crowd counted at close less the refunds since and what payouts settled', () => {
    expect(refundCover({ crowdAtClose: 100_000, refundedAfterClose: 40_000, crowdSettled: 30_000 })).toBe(30_000);
    expect(refundCover({ crowdAtClose: 100_000, refundedAfterClose: 0, crowdSettled: 0 })).toBe(100_000);
  });
  it('never goes below zero (a forced refund may overdraw what was covered)', () => {
    expect(refundCover({ crowdAtClose: 10_000, refundedAfterClose: 7_000, crowdSettled: 10_000 })).toBe(0);
  });
  it('is unknown for a campaign closed before the figure was kept', () => {
    expect(refundCover({ crowdAtClose: null, refundedAfterClose: 0, crowdSettled: 0 })).toBeNull();
  });
  it('refuses with a 409-kind error that names the figures', () => {
    const e = new RefundNotCoveredByEscrow('p1', 60_000, 30_000);
    expect(e).toMatchObject({ code: 'REFUND_NOT_COVERED_BY_ESCROW', kind: 'conflict' });
    expect(e.message).toMatch(/60000 .* holds only 30000/);
  });
});
