import { enoughDonorsForShare, holdsWhatCloseCounts, roundCoversClose } from './finalization';

describe('finalization decisions', () => {
  const donors = [
    { donorId: 'a', amount: 1_000 },
    { donorId: 'b', amount: 250 },
  ];

  it('holds what the close counts only with exactly the same donors and amounts', () => {
    expect(
      holdsWhatCloseCounts(
        new Map([
          ['a', 1_000],
          ['b', 250],
        ]),
        donors,
      ),
    ).toBe(true);
    expect(holdsWhatCloseCounts(new Map(), [])).toBe(true);
    expect(holdsWhatCloseCounts(new Map([['a', 1_000]]), donors)).toBe(false); // a pledge event still on its way
    expect(
      holdsWhatCloseCounts(
        new Map([
          ['a', 1_000],
          ['b', 249],
        ]),
        donors,
      ),
    ).toBe(false); // one cent short
    expect(
      holdsWhatCloseCounts(
        new Map([
          ['a', 1_000],
          ['b', 251],
        ]),
        donors,
      ),
    ).toBe(false);
    expect(
      holdsWhatCloseCounts(
        new Map([
          ['a', 1_000],
          ['b', 250],
          ['c', 1],
        ]),
        donors,
      ),
    ).toBe(false); // a donor the close does not count
    expect(
      holdsWhatCloseCounts(
        new Map([
          ['a', 1_000],
          ['c', 250],
        ]),
        donors,
      ),
    ).toBe(false);
  });

  describe('roundCoversClose', () => {
    const round = { roundStartsAt: '2027-01-01T00:00:00.000Z', roundEndsAt: '2027-02-01T00:00:00.000Z' };
    const published = new Date('2026-12-01T00:00:00.000Z');

    it('covers a campaign closed after the round started and published before it ended', () => {
      expect(roundCoversClose(round, new Date('2027-01-15T00:00:00.000Z'), published)).toBe(true);
      expect(roundCoversClose(round, new Date('2027-01-01T00:00:00.001Z'), new Date('2027-01-31T23:59:59.999Z'))).toBe(true);
    });

    it('does not cover a close at or before the round start', () => {
      expect(roundCoversClose(round, new Date('2027-01-01T00:00:00.000Z'), published)).toBe(false);
      expect(roundCoversClose(round, new Date('2026-12-31T23:59:59.999Z'), published)).toBe(false);
    });

    it('does not cover a campaign published at or after the round end', () => {
      const closed = new Date('2027-03-01T00:00:00.000Z');
      expect(roundCoversClose(round, closed, new Date('2027-02-01T00:00:00.000Z'))).toBe(false);
      expect(roundCoversClose(round, closed, new Date('2027-02-01T00:00:00.001Z'))).toBe(false);
      expect(roundCoversClose(round, closed, new Date('2027-01-31T23:59:59.999Z'))).toBe(true);
    });
  });

  it('needs at least two donors, or the rule minimum when higher', () => {
    expect(enoughDonorsForShare(1, undefined)).toBe(false);
    expect(enoughDonorsForShare(2, undefined)).toBe(true);
    expect(enoughDonorsForShare(1, 1)).toBe(false);
    expect(enoughDonorsForShare(2, 1)).toBe(true);
    expect(enoughDonorsForShare(4, 5)).toBe(false);
    expect(enoughDonorsForShare(5, 5)).toBe(true);
    expect(enoughDonorsForShare(6, 5)).toBe(true);
  });
});
