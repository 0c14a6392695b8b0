import { thresholdGrant, thresholdReached, thresholdReservation } from './threshold';

describe('threshold rule', () => {
  // Milano: the city adds 50% of the budget, up to 50,000 EUR, once citizens reach 50%.
  const milano = { thresholdBps: 5000, grantBpsOfGoal: 5000, maxGrantAmount: 5_000_000 };

  it('triggers exactly at 50% of the goal', () => {
    expect(thresholdReached(milano, 100_000, [49_999])).toBe(false);
    expect(thresholdReached(milano, 100_000, [30_000, 20_000])).toBe(true);
  });

  it('counts at most maxCountedPerBacker from one backer (MEDC: 35% of the goal)', () => {
    const medc = { thresholdBps: 5000, maxCountedPerBacker: 35_000, grantAmount: 10_000 };
    expect(thresholdReached(medc, 100_000, [60_000])).toBe(false);
    expect(thresholdReached(medc, 100_000, [60_000, 15_000])).toBe(true);
  });

  it('requires both the amount and the backers when both are set', () => {
    const rule = { thresholdAmount: 10_000, minBackers: 3, grantAmount: 5_000 };
    expect(thresholdReached(rule, 100_000, [5_000, 5_000])).toBe(false);
    expect(thresholdReached(rule, 100_000, [4_000, 3_000, 3_000])).toBe(true);
    expect(
      thresholdReached(
        { minBackers: 2, grantAmount: 1 },
        100_000,
        new Map([
          ['a', 1],
          ['b', 0],
        ]),
      ),
    ).toBe(false);
  });

  it('grants a fixed amount or a floored share of the goal, capped; partial when the pool is short', () => {
    expect(thresholdGrant(milano, 12_345_679)).toBe(5_000_000);
    expect(thresholdGrant({ grantBpsOfGoal: 3333 }, 10_001)).toBe(3_333);
    expect(thresholdReservation({ grantAmount: 10_000 }, 1, 4_000)).toBe(4_000);
    expect(thresholdReservation({ grantAmount: 10_000, partialWhenPoolShort: false }, 1, 4_000)).toBe(0);
  });
});

describe('threshold rule, each condition on its own', () => {
  it('an amount threshold alone is met from the amount on, not below', () => {
    const rule = { thresholdAmount: 10_000, grantAmount: 1 };
    expect(thresholdReached(rule, 1_000_000, [9_999])).toBe(false);
    expect(thresholdReached(rule, 1_000_000, [4_000, 6_000])).toBe(true);
  });

  it('a percentage or an amount: either one is enough', () => {
    const rule = { thresholdBps: 5000, thresholdAmount: 30_000, grantAmount: 1 };
    expect(thresholdReached(rule, 100_000, [29_999])).toBe(false);
    expect(thresholdReached(rule, 100_000, [30_000])).toBe(true); // by amount, below 50 %
    expect(thresholdReached({ ...rule, thresholdAmount: 90_000 }, 100_000, [50_000])).toBe(true); // by percentage
  });

  it('with no amount condition, only the backers count', () => {
    expect(thresholdReached({ minBackers: 2, grantAmount: 1 }, 100_000, [1, 1])).toBe(true);
    expect(thresholdReached({ grantAmount: 1 }, 100_000, [])).toBe(true);
  });

  it('reserves the whole grant when the pool has exactly enough, the grant when it has more', () => {
    expect(thresholdReservation({ grantAmount: 4_000, partialWhenPoolShort: false }, 1, 4_000)).toBe(4_000);
    expect(thresholdReservation({ grantAmount: 1_000 }, 1, 4_000)).toBe(1_000);
    expect(thresholdGrant({}, 100_000)).toBe(0);
    expect(thresholdGrant({ grantAmount: 7_000, maxGrantAmount: 5_000 }, 1)).toBe(5_000);
  });
});
