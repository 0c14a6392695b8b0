import { chargesEscrow, refundCover, RefundNotCoveredByEscrow } from './refund-cover';

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

describe('chargesEscrow', () => {
  const closed = { closedAt: new Date('2027-02-01'), crowdAtClose: 100_000, refundedAfterClose: 40_000, crowdSettled: 30_000 }; // cover 30 000
  it('leaves the escrow alone for an unknown campaign or one whose funding has not closed', () => {
    expect(chargesEscrow(null, 'p1', 1_000, false)).toBe(false);
    expect(chargesEscrow({ ...closed, closedAt: null }, 'p1', 1_000_000, false)).toBe(false);
  });
  it('charges a closed campaign up to the cover, the cover itself included', () => {
    expect(chargesEscrow(closed, 'p1', 1, false)).toBe(true);
    expect(chargesEscrow(closed, 'p1', 30_000, false)).toBe(true);
  });
  it('refuses one cent more than the cover, naming the pledge and the figures', () => {
    expect(() => chargesEscrow(closed, 'p1', 30_001, false)).toThrow(RefundNotCoveredByEscrow);
    expect(() => chargesEscrow(closed, 'p1', 30_001, false)).toThrow(/Pledge p1 .* 30001 .* holds only 30000/);
  });
  it('charges beyond the cover when forced, and whenever the cover is unknown', () => {
    expect(chargesEscrow(closed, 'p1', 30_001, true)).toBe(true);
    expect(chargesEscrow({ ...closed, crowdAtClose: null }, 'p1', 1_000_000, false)).toBe(true);
  });
});
