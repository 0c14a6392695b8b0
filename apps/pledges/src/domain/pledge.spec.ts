import { DomainError } from '@lib/platform/errors/domain-error';
import { pledgeRefusal, sandboxCharge } from './pledge';

describe('sandboxCharge (Stripe test cards)', () => {
  it('succeeds with 4242 4242 4242 4242 and declines the decline cards', () => {
    expect(sandboxCharge('4242 4242 4242 4242')).toEqual({ ok: true });
    expect(sandboxCharge('4000000000000002')).toEqual({ ok: false, reason: 'card_declined: generic_decline' });
    expect(sandboxCharge('4000000000009995')).toEqual({ ok: false, reason: 'card_declined: insufficient_funds' });
  });

  it('refuses numbers that fail the Luhn check', () => {
    expect(() => sandboxCharge('4242424242424241')).toThrow(DomainError);
    expect(() => sandboxCharge('abc')).toThrow(DomainError);
  });
});

describe('pledgeRefusal', () => {
  const campaign = { status: 'open', startsAt: new Date('2027-01-01'), endsAt: new Date('2027-02-01'), currency: 'EUR' };
  it('accepts pledges inside [startsAt, endsAt) of an open campaign only', () => {
    expect(pledgeRefusal(campaign, new Date('2027-01-15'))).toBeNull();
    expect(pledgeRefusal(campaign, new Date('2026-12-31'))).toMatch(/opens/);
    expect(pledgeRefusal(campaign, new Date('2027-02-01'))).toMatch(/closed/);
    expect(pledgeRefusal({ ...campaign, status: 'cancelled' }, new Date('2027-01-15'))).toMatch(/cancelled/);
  });
});
