import { formatMoney, parseCents, parsePct, parseSources } from './money';

describe('web money: integer cents in, integer cents out', () => {
  it.each([
    ['25', 2500],
    ['12,5', 1250],
    ['12,50', 1250],
    ['12.50', 1250],
    ['0,01', 1],
    ['€ 7', 700],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.000', 100000],
    ['12,345', 1234500],
    ['1 000,10', 100010],
    ['0.1', 10],
    ['19,99', 1999],
    ['1.005', 100500],
  ])('parses %p as %p cents', (input, cents) => {
    expect(parseCents(input)).toBe(cents);
  });

  it.each(['', 'abc', '1,2,3', '-5', '12.', '1.2345', '12,5,0', '99999999999999'])('refuses %p', (input) => {
    expect(parseCents(input)).toBeNull();
  });

  it('formats cents for display only', () => {
    expect(formatMoney(2550, 'EUR', 'en-GB')).toBe('€25.50');
    expect(formatMoney(12345678, 'EUR', 'it-IT')).toMatch(/^123\.456,78\s€$/);
  });

  it('reads whole percentage points', () => {
    expect([parsePct('30'), parsePct('100'), parsePct('101'), parsePct('3.5'), parsePct('')]).toEqual([30, 100, null, null, null]);
  });
});

describe('web fund sources field', () => {
  it('reads tags, or declared shares in basis points without float arithmetic', () => {
    expect(parseSources('municipal, ESF+')).toEqual({ sourceTags: ['municipal', 'ESF+'] });
    expect(parseSources('ERDF 50, national 35%, city 15')).toEqual({
      sourceShares: [
        { source: 'ERDF', shareBps: 5000 },
        { source: 'national', shareBps: 3500 },
        { source: 'city', shareBps: 1500 },
      ],
    });
    expect(parseSources('ERDF 33.34, EU 66.66')).toEqual({
      sourceShares: [
        { source: 'ERDF', shareBps: 3334 },
        { source: 'EU', shareBps: 6666 },
      ],
    });
    expect(parseSources('')).toEqual({ sourceTags: [] });
  });

  it('refuses a mix of shared and unshared sources', () => {
    expect(parseSources('ERDF 50, national')).toBeNull();
    expect(parseSources('ERDF 33,34, EU 66,66')).toBeNull(); // a decimal comma splits the sources: refused, not misread
  });
});
