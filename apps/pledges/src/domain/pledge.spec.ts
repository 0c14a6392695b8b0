import { DomainError } from '@lib/platform/errors/domain-error';
import { PledgeStateConflict, pledgeRefusal, sandboxCharge } from './pledge';

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

describe('sandboxCharge, every card and the shape of a card number', () => {
  it('declines the lost and expired cards with their reasons', () => {
    expect(sandboxCharge('4000 0000 0000 9987')).toEqual({ ok: false, reason: 'card_declined: lost_card' });
    expect(sandboxCharge('4000-0000-0000-0069')).toEqual({ ok: false, reason: 'expired_card' });
  });

  it('refuses fewer than 12 or more than 19 digits even when the Luhn sum is right, as CARD_NUMBER_INVALID', () => {
    expect(sandboxCharge('000000000000')).toEqual({ ok: true }); // 12 digits, Luhn sum 0
    expect(() => sandboxCharge('00000000000')).toThrow('cardNumber is not a valid card number');
    expect(() => sandboxCharge('00004242424242424242')).toThrow(DomainError); // 20 digits
    expect(() => sandboxCharge('x4242424242424242')).toThrow(DomainError);
    expect(() => sandboxCharge('4242424242424242x')).toThrow(DomainError);
    expect(() => sandboxCharge('4242424242424241')).toThrow(expect.objectContaining({ code: 'CARD_NUMBER_INVALID', kind: 'invalid' }));
  });

  it('doubles every second digit from the right (a swapped pair fails)', () => {
    expect(sandboxCharge('5555555555554444')).toEqual({ ok: true });
    expect(() => sandboxCharge('2424242424242424')).toThrow(DomainError);
    expect(sandboxCharge('4111111111111111')).toEqual({ ok: true });
    expect(() => sandboxCharge('1411111111111111')).toThrow(DomainError);
  });
});

describe('pledgeRefusal boundaries', () => {
  const campaign = { status: 'open', startsAt: new Date('2027-01-01T00:00:00Z'), endsAt: new Date('2027-02-01T00:00:00Z'), currency: 'EUR' };
  it('accepts from startsAt included, refuses from endsAt included, with the times', () => {
    expect(pledgeRefusal(campaign, campaign.startsAt)).toBeNull();
    expect(pledgeRefusal(campaign, new Date(campaign.startsAt.getTime() - 1))).toBe('the campaign opens at 2027-01-01T00:00:00.000Z');
    expect(pledgeRefusal(campaign, new Date(campaign.endsAt.getTime() - 1))).toBeNull();
    expect(pledgeRefusal(campaign, campaign.endsAt)).toBe('the campaign closed at 2027-02-01T00:00:00.000Z');
    expect(pledgeRefusal({ ...campaign, status: 'succeeded' }, new Date('2027-01-15'))).toBe('the campaign is succeeded');
  });
});

describe('PledgeStateConflict', () => {
  it('is a 409 naming the pledge, its status and the action', () => {
    expect(new PledgeStateConflict('p1', 'refunded', 'refunded again')).toMatchObject({
      code: 'PLEDGE_STATE_CONFLICT',
      kind: 'conflict',
      message: 'Pledge p1 is refunded and cannot be refunded again',
    });
  });
});
