import { PledgeStateConflict, PLEDGE_STATUSES, PledgeStatus } from './pledge';
import {
  adminRefundNeeded,
  failureIgnored,
  heldAmount,
  paymentMismatch,
  providerRefundTransition,
  sandboxChargeNeeded,
  successAlreadyApplied,
  successCounts,
} from './pledge-transitions';

const each = (f: (s: PledgeStatus) => unknown) => Object.fromEntries(PLEDGE_STATUSES.map((s) => [s, f(s)]));

describe('heldAmount', () => {
  it('is the amount less what donors-share refunds already gave back (none when unknown)', () => {
    expect(heldAmount({ amount: 10_000, refundedAmount: 2_500 })).toBe(7_500);
    expect(heldAmount({ amount: 10_000, refundedAmount: 0 })).toBe(10_000);
    expect(heldAmount({ amount: 10_000, refundedAmount: null })).toBe(10_000);
    expect(heldAmount({ amount: 10_000 })).toBe(10_000);
  });
});

describe('a payment success', () => {
  it('changes nothing for a pledge already confirmed or refunded, and says so', () => {
    expect(each(successAlreadyApplied)).toEqual({
      requires_payment: null,
      confirmed: 'already confirmed',
      failed: null,
      refunded: 'already refunded',
      cancelled: null,
    });
  });

  it('is counted only for a pledge awaiting payment of an open campaign', () => {
    expect(successCounts('requires_payment', 'open')).toEqual({ counted: true });
  });

  it('is given back when the campaign no longer takes pledges (or is unknown)', () => {
    expect(successCounts('requires_payment', 'closed')).toEqual({ counted: false, why: 'payment arrived after the campaign closed' });
    expect(successCounts('requires_payment', 'cancelled')).toEqual({ counted: false, why: 'payment arrived after the campaign cancelled' });
    expect(successCounts('requires_payment', undefined)).toEqual({ counted: false, why: 'payment arrived after the campaign ended' });
  });

  it('is given back for a pledge that failed or was cancelled meanwhile, whatever the campaign', () => {
    expect(successCounts('failed', 'open')).toEqual({ counted: false, why: 'payment arrived for a failed pledge' });
    expect(successCounts('cancelled', 'open')).toEqual({ counted: false, why: 'payment arrived for a cancelled pledge' });
    expect(successCounts('cancelled', undefined)).toEqual({ counted: false, why: 'payment arrived for a cancelled pledge' });
  });
});

describe('a payment failure', () => {
  it('applies only to a pledge awaiting payment', () => {
    expect(each(failureIgnored)).toEqual({
      requires_payment: null,
      confirmed: 'ignored: pledge is confirmed',
      failed: 'ignored: pledge is failed',
      refunded: 'ignored: pledge is refunded',
      cancelled: 'ignored: pledge is cancelled',
    });
  });
});

describe('a refund made at the provider', () => {
  it('is already applied to a refunded pledge, overtook the success of an unconfirmed one, refunds a confirmed one', () => {
    expect(each(providerRefundTransition)).toEqual({
      requires_payment: 'before_success',
      confirmed: 'refund',
      failed: 'before_success',
      refunded: 'already_refunded',
      cancelled: 'before_success',
    });
  });
});

describe('paymentMismatch', () => {
  const pledge = { amount: 2_500, currency: 'EUR' };
  it('accepts exactly the amount and currency of the pledge', () => {
    expect(paymentMismatch({ amount: 2_500, currency: 'EUR' }, pledge)).toBeNull();
  });
  it('refuses another amount (one cent either side) or another currency, naming both', () => {
    expect(paymentMismatch({ amount: 2_499, currency: 'EUR' }, pledge)).toBe('refused: paid 2499 EUR for a pledge of 2500 EUR');
    expect(paymentMismatch({ amount: 2_501, currency: 'EUR' }, pledge)).toBe('refused: paid 2501 EUR for a pledge of 2500 EUR');
    expect(paymentMismatch({ amount: 2_500, currency: 'USD' }, pledge)).toBe('refused: paid 2500 USD for a pledge of 2500 EUR');
  });
});

describe('adminRefundNeeded', () => {
  it('refunds a confirmed pledge and answers a refunded one as it is', () => {
    expect(adminRefundNeeded({ id: 'p1', status: 'confirmed' })).toBe(true);
    expect(adminRefundNeeded({ id: 'p1', status: 'refunded' })).toBe(false);
  });
  it.each(['requires_payment', 'failed', 'cancelled'] as const)('refuses a %s pledge with PLEDGE_STATE_CONFLICT', (status) => {
    const refusal = () => adminRefundNeeded({ id: 'p1', status });
    expect(refusal).toThrow(PledgeStateConflict);
    expect(refusal).toThrow(`Pledge p1 is ${status} and cannot be refunded`);
  });
});

describe('sandboxChargeNeeded', () => {
  it('charges a pledge awaiting payment and answers a confirmed one as it is', () => {
    expect(sandboxChargeNeeded({ id: 'p1', status: 'requires_payment' })).toBe(true);
    expect(sandboxChargeNeeded({ id: 'p1', status: 'confirmed' })).toBe(false);
  });
  it.each(['failed', 'refunded', 'cancelled'] as const)('refuses a %s pledge with PLEDGE_STATE_CONFLICT', (status) => {
    const refusal = () => sandboxChargeNeeded({ id: 'p1', status });
    expect(refusal).toThrow(PledgeStateConflict);
    expect(refusal).toThrow(`Pledge p1 is ${status} and cannot be paid`);
  });
});
