import type { PayoutAccountRepository } from '../persistence/payout-account.repository';
import { PayoutAccountInput, SetPayoutAccountCommand, SetPayoutAccountHandler } from './set-payout-account.command';

// The handler's decisions, without a database: @Transactional becomes a pass-through (the e2e suites run the real one).
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const promoter = { id: 'promoter-1', roles: ['promoter' as const] };

function setup(current: { method: string; stripeAccountId: string | null } | null = null) {
  const accounts = { save: jest.fn(async () => undefined), find: jest.fn(async () => current) };
  const handler = new SetPayoutAccountHandler(accounts as unknown as PayoutAccountRepository);
  const run = (input: PayoutAccountInput) => handler.execute(new SetPayoutAccountCommand(promoter, input));
  return { run, accounts };
}

describe('SetPayoutAccountHandler', () => {
  it('records an external account with its IBAN normalized, and answers it masked', async () => {
    const { run, accounts } = setup();
    await expect(run({ method: 'external', iban: 'it60 x054 2811 1010 0000 0123 456', accountHolder: 'APS Giambellino' })).resolves.toEqual({
      method: 'external',
      iban: 'IT60…3456',
    });
    expect(accounts.save).toHaveBeenCalledWith('promoter-1', 'external', null, 'IT60X0542811101000000123456', 'APS Giambellino');
  });

  it.each([
    ['without an IBAN', { accountHolder: 'APS' }],
    ['with an invalid IBAN', { iban: 'IT61X0542811101000000123456', accountHolder: 'APS' }],
    ['without the account holder', { iban: 'IT60X0542811101000000123456' }],
  ])('answers 400 PAYOUT_ACCOUNT_INVALID to an external account %s and records nothing', async (_why, rest) => {
    const { run, accounts } = setup();
    await expect(run({ method: 'external', ...rest })).rejects.toMatchObject({
      code: 'PAYOUT_ACCOUNT_INVALID',
      kind: 'invalid',
      message: 'An external payout needs a valid IBAN and the account holder',
    });
    expect(accounts.save).not.toHaveBeenCalled();
  });

  it('records the choice of Stripe Connect without calling the provider (onboarding runs after commit)', async () => {
    const { run, accounts } = setup();
    await expect(run({ method: 'stripe_connect', country: 'DE' })).resolves.toEqual({ method: 'stripe_connect' });
    expect(accounts.save).toHaveBeenCalledWith('promoter-1', 'stripe_connect', null, null, null);
  });

  it('keeps the Connect account made before when Connect is chosen again, never an external one', async () => {
    const again = setup({ method: 'stripe_connect', stripeAccountId: 'acct_1' });
    await again.run({ method: 'stripe_connect' });
    expect(again.accounts.save).toHaveBeenCalledWith('promoter-1', 'stripe_connect', 'acct_1', null, null);
    const fromBank = setup({ method: 'external', stripeAccountId: null });
    await fromBank.run({ method: 'stripe_connect' });
    expect(fromBank.accounts.save).toHaveBeenCalledWith('promoter-1', 'stripe_connect', null, null, null);
  });
});
