import { formatMoney, parseCents, parsePct } from './money';

describe('web money: integer cents in, integer cents out', () => {
  it.each([
    ['25', 2500], ['12,5', 1250], ['12,50', 1250], ['12.50', 1250], ['0,01', 1], ['€ 7', 700], ['1.234,56', 123456], ['1,234.56', 123456],
    ['1.000', 100000], ['12,345', 1234500], ['1 000,10', 100010], ['0.1', 10], ['19,99', 1999], ['1.005', 100500],
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
