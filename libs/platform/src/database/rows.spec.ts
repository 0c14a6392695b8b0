import { cents, centsOrNull, currencyCode, integer, timestamp, timestampOrNull } from './rows';

describe('row mappers', () => {
  it('maps bigint strings and numbers to whole cents, and refuses anything else', () => {
    expect(cents('123456', 'amount')).toBe(123_456);
    expect(cents(0, 'amount')).toBe(0);
    expect(cents(-5n, 'amount')).toBe(-5);
    expect(integer('7', 'count')).toBe(7);
    expect(() => cents('9007199254740993', 'amount')).toThrow('column amount: 9007199254740993 is not a whole number of cents within 2^53');
    expect(() => cents('12.5', 'amount')).toThrow(RangeError);
    expect(() => cents(null, 'amount')).toThrow('column amount: null');
    expect(() => cents('', 'amount')).toThrow(RangeError);
    expect(() => cents(' 12', 'amount')).toThrow(RangeError);
    expect(() => cents(1.5, 'amount')).toThrow(RangeError);
    expect(centsOrNull(null, 'due')).toBeNull();
    expect(centsOrNull(undefined, 'due')).toBeNull();
    expect(centsOrNull('40', 'due')).toBe(40);
  });

  it('trims currency codes once and refuses what is not one', () => {
    expect(currencyCode('EUR')).toBe('EUR');
    expect(currencyCode('EUR ')).toBe('EUR');
    expect(() => currencyCode('eur')).toThrow('column currency: "eur" is not an ISO 4217 code');
    expect(() => currencyCode(null, 'fund_currency')).toThrow('column fund_currency: null');
  });

  it('maps timestamps', () => {
    const d = new Date('2026-12-02T10:00:00Z');
    expect(timestamp(d, 'at')).toBe(d);
    expect(timestamp('2026-12-02T10:00:00Z', 'at').getTime()).toBe(d.getTime());
    expect(() => timestamp('soon', 'at')).toThrow('column at: "soon" is not a timestamp');
    expect(() => timestamp(5, 'at')).toThrow(RangeError);
    expect(timestampOrNull(null, 'at')).toBeNull();
    expect(timestampOrNull(d, 'at')).toBe(d);
  });
});
