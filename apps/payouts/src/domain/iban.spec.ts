import { isValidIban } from './iban';

describe('isValidIban', () => {
  it('accepts valid IBANs, with or without spaces', () => {
    expect(isValidIban('IT60 X054 2811 1010 0000 0123 456')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
  });
  it('refuses a wrong check digit or shape', () => {
    expect(isValidIban('IT61X0542811101000000123456')).toBe(false);
    expect(isValidIban('not an iban')).toBe(false);
  });
});
