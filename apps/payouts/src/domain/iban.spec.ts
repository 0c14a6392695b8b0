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

describe('isValidIban: the shape is checked, not only the mod-97 sum', () => {
  // Each of these strings has a mod-97 remainder of 1 (the last two characters were chosen for it),
  // so only the ISO 13616 shape refuses them.
  it.each([
    ['a leading character before the country code', '9IT60X05428111010000001234A3'],
    ['a BBAN longer than 30 characters', 'IT60X054281110100000012345678901234AL'],
    ['a single check digit', 'IT6X0542811101000000123AG'],
  ])('refuses %s', (_what, iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it('accepts the shortest BBAN (11), lower case and tabs or runs of spaces', () => {
    expect(isValidIban('IT60X05428111AZ')).toBe(true);
    expect(isValidIban('de89 3704\t0044  0532 0130 00')).toBe(true);
  });
});
