import type { PayoutGateway } from '../payments/payout-gateway';
import type { PayoutAccountRepository } from '../persistence/payout-account.repository';
import { PayoutAccountInput, SetPayoutAccountCommand, SetPayoutAccountHandler } from './set-payout-account.command';

// The handler's decisions, without a database: @Transactional becomes a pass-through (the e2e suites run the real one).
jest.mock('@nestjs-cls/transactional', () => ({ ...jest.requireActual('@nestjs-cls/transactional'), Transactional: () => () => undefined }));

const promoter = { id: 'promoter-1', roles: ['promoter' as const] };

function setup() {
  const accounts = { save: jest.fn(async () => undefined) };
  const gateway = {
    createAccount: jest.fn(async (id: string) => ({ accountId: `acct_${id}`, onboardingUrl: 'https://connect.example/onboard' })),
    transfer: jest.fn(),
  };
  const handler = new SetPayoutAccountHandler(accounts as unknown as PayoutAccountRepository, gateway as unknown as PayoutGateway);
  const run = (input: PayoutAccountInput) => handler.execute(new SetPayoutAccountCommand(promoter, input));
  return { run, accounts, gateway };
}

describe('SetPayoutAccountHandler', () => {
  it('records an external account with its IBAN normalized, and answers it masked', async () => {
    const { run, accounts, gateway } = setup();
    await expect(run({ method: 'external', iban: 'it60 x054 2811 1010 0000 0123 456', accountHolder: 'APS Giambellino' })).resolves.toEqual({
      method: 'external',
      iban: 'IT60…3456',
    });
    expect(accounts.save).toHaveBeenCalledWith('promoter-1', 'external', null, 'IT60X0542811101000000123456', 'APS Giambellino');
    expect(gateway.createAccount).not.toHaveBeenCalled();
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

  it('opens a Stripe Connect account (Italy unless told) and answers its onboarding link', async () => {
    const { run, accounts, gateway } = setup();
    await expect(run({ method: 'stripe_connect' })).resolves.toEqual({ method: 'stripe_connect', onboardingUrl: 'https://connect.example/onboard' });
    expect(gateway.createAccount).toHaveBeenCalledWith('promoter-1', 'IT');
    expect(accounts.save).toHaveBeenCalledWith('promoter-1', 'stripe_connect', 'acct_promoter-1', null, null);
    await run({ method: 'stripe_connect', country: 'DE' });
    expect(gateway.createAccount).toHaveBeenLastCalledWith('promoter-1', 'DE');
  });
});
