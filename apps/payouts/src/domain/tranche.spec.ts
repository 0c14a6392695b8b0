import { DomainError } from '@lib/platform/errors/domain-error';
import { allSettled, assertAwaitingBankPayment, assertReleasable, awaitsTransfer, initialState, mayRelease, payoutRoute, unreleased } from './tranche';

const refusal = (fn: () => void): DomainError => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('tranche state machine', () => {
  describe('initialState', () => {
    it('makes the upfront tranche eligible for all it holds, each share due in full', () => {
      const s = initialState('upfront', 4000);
      expect(s.status).toBe('eligible');
      expect(s.dueDonor).toBe(4000);
      expect(s.shareDue(1500)).toBe(1500);
    });
    it('makes a milestone tranche wait with nothing due', () => {
      const s = initialState('milestone', 6000);
      expect(s.status).toBe('planned');
      expect(s.dueDonor).toBeNull();
      expect(s.shareDue(1500)).toBeNull();
    });
  });

  describe('assertReleasable', () => {
    it('lets an eligible tranche be released', () => {
      expect(() => assertReleasable({ id: 't1', status: 'eligible' })).not.toThrow();
    });
    it.each(['planned', 'released', 'paid', 'forfeited'])('refuses a %s tranche with 409 TRANCHE_NOT_ELIGIBLE', (status) => {
      const e = refusal(() => assertReleasable({ id: 't1', status }));
      expect(e).toBeInstanceOf(DomainError);
      expect([e.code, e.kind, e.message]).toEqual(['TRANCHE_NOT_ELIGIBLE', 'conflict', `Tranche t1 is ${status}; only an eligible tranche can be released`]);
    });
  });

  describe('assertAwaitingBankPayment', () => {
    it('accepts a released tranche left to an external bank payment', () => {
      expect(() => assertAwaitingBankPayment({ id: 't1', status: 'released', payoutMethod: 'external' })).not.toThrow();
    });
    it.each([
      ['released', 'stripe_connect'],
      ['released', null],
      ['eligible', 'external'],
      ['paid', 'external'],
    ])('refuses status %s with method %s', (status, payoutMethod) => {
      const e = refusal(() => assertAwaitingBankPayment({ id: 't1', status, payoutMethod }));
      expect([e.code, e.kind, e.message]).toEqual([
        'TRANCHE_NOT_AWAITING_BANK_PAYMENT',
        'conflict',
        `Tranche t1 is ${status} and not awaiting an external payment`,
      ]);
    });
  });

  describe('awaitsTransfer', () => {
    it('is true for a released tranche not left to the treasury', () => {
      expect(awaitsTransfer({ status: 'released', payoutMethod: null })).toBe(true);
      expect(awaitsTransfer({ status: 'released', payoutMethod: 'stripe_connect' })).toBe(true);
    });
    it('is false without a tranche, before the release, once paid, or for an external payment', () => {
      expect(awaitsTransfer(null)).toBe(false);
      expect(awaitsTransfer({ status: 'eligible', payoutMethod: null })).toBe(false);
      expect(awaitsTransfer({ status: 'paid', payoutMethod: 'stripe_connect' })).toBe(false);
      expect(awaitsTransfer({ status: 'released', payoutMethod: 'external' })).toBe(false);
    });
  });

  describe('payoutRoute', () => {
    it('records that the promoter has no account yet', () => {
      expect(payoutRoute('abcdef12-3456', null)).toEqual({ kind: 'no-account' });
    });
    it('leaves an external account to a bank payment with our reference (first 8 characters of the id, upper case)', () => {
      expect(payoutRoute('abcdef12-3456', { method: 'external', stripeAccountId: null })).toEqual({ kind: 'external', reference: 'CIVIC-ABCDEF12' });
    });
    it('transfers to a Stripe Connect account', () => {
      expect(payoutRoute('abcdef12-3456', { method: 'stripe_connect', stripeAccountId: 'acct_1' })).toEqual({ kind: 'transfer', accountId: 'acct_1' });
    });
    it('has nowhere to transfer to while a chosen Connect account is not created yet', () => {
      expect(payoutRoute('abcdef12-3456', { method: 'stripe_connect', stripeAccountId: null })).toEqual({ kind: 'no-account' });
    });
  });

  describe('mayRelease', () => {
    const lookups = (funders: string[], owner: string | null) => {
      const calls: string[] = [];
      return {
        calls,
        lookup: {
          fundersOf: async () => (calls.push('funders'), funders),
          callOwner: async () => (calls.push('owner'), owner),
        },
      };
    };
    it('lets an admin release without looking anything up', async () => {
      const { calls, lookup } = lookups([], null);
      expect(await mayRelease({ id: 'a', roles: ['admin'] }, lookup)).toBe(true);
      expect(calls).toEqual([]);
    });
    it('refuses whoever is neither admin nor funder, without looking anything up', async () => {
      const { calls, lookup } = lookups(['p'], 'p');
      expect(await mayRelease({ id: 'p', roles: ['promoter', 'verifier'] }, lookup)).toBe(false);
      expect(calls).toEqual([]);
    });
    it('lets a funder with a share release, without reading the call owner', async () => {
      const { calls, lookup } = lookups(['f0', 'f1'], null);
      expect(await mayRelease({ id: 'f1', roles: ['funder'] }, lookup)).toBe(true);
      expect(calls).toEqual(['funders']);
    });
    it("lets the funder owning the campaign's call release a tranche it has no share of", async () => {
      const { calls, lookup } = lookups(['f0'], 'f1');
      expect(await mayRelease({ id: 'f1', roles: ['funder'] }, lookup)).toBe(true);
      expect(calls).toEqual(['funders', 'owner']);
    });
    it('refuses another funder, and a funder when the call has no owner', async () => {
      expect(await mayRelease({ id: 'f2', roles: ['funder'] }, lookups(['f0'], 'f1').lookup)).toBe(false);
      expect(await mayRelease({ id: 'f2', roles: ['funder'] }, lookups([], null).lookup)).toBe(false);
      expect(await mayRelease({ id: '', roles: ['funder'] }, lookups([], '').lookup)).toBe(false);
    });
  });

  describe('unreleased', () => {
    it('holds all of a planned component, what is due of an eligible one, nothing after', () => {
      expect(unreleased('planned', 700, null)).toBe(700);
      expect(unreleased('planned', 700, 300)).toBe(700);
      expect(unreleased('eligible', 700, 300)).toBe(300);
      expect(unreleased('eligible', 700, null)).toBe(0);
      expect(unreleased('released', 700, 300)).toBe(0);
      expect(unreleased('paid', 700, 300)).toBe(0);
      expect(unreleased('forfeited', 700, 300)).toBe(0);
    });
  });

  describe('allSettled', () => {
    it('is false without tranches, true when every one is paid or forfeited, false while one is not', () => {
      expect(allSettled({ tranches: 0, paid: 0, forfeited: 0 })).toBe(false);
      expect(allSettled({ tranches: 2, paid: 1, forfeited: 1 })).toBe(true);
      expect(allSettled({ tranches: 2, paid: 2, forfeited: 0 })).toBe(true);
      expect(allSettled({ tranches: 2, paid: 0, forfeited: 2 })).toBe(true);
      expect(allSettled({ tranches: 3, paid: 1, forfeited: 1 })).toBe(false);
      expect(allSettled({ tranches: 1, paid: 0, forfeited: 0 })).toBe(false);
    });
  });
});
