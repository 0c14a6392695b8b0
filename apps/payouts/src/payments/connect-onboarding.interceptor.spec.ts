import { lastValueFrom, of } from 'rxjs';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { PayoutAccountRepository } from '../persistence/payout-account.repository';
import { ConnectOnboardingAfterCommit } from './connect-onboarding.interceptor';
import type { PayoutGateway } from './payout-gateway';

function setup(opts: { inTransaction?: boolean; providerDown?: boolean } = {}) {
  const calls: string[] = [];
  const accounts = {
    isTransactionActive: () => opts.inTransaction ?? false,
    setStripeAccount: jest.fn(async (promoterId: string, accountId: string) => void calls.push(`store ${promoterId} ${accountId}`)),
  };
  const gateway = {
    createAccount: jest.fn(async (promoterId: string, country: string) => {
      calls.push(`provider ${promoterId} ${country}`);
      if (opts.providerDown) throw new Error('connection refused');
      return { accountId: `acct_${promoterId}`, onboardingUrl: 'https://connect.example/onboard' };
    }),
  };
  const interceptor = new ConnectOnboardingAfterCommit(accounts as unknown as PayoutAccountRepository, gateway as unknown as PayoutGateway);
  const run = (body: unknown, requestBody: Record<string, unknown> = {}) => {
    const req = { actor: { id: 'promoter-1', roles: ['promoter'] }, body: requestBody };
    const context = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
    return lastValueFrom(interceptor.intercept(context, { handle: () => of(body) } as CallHandler));
  };
  return { run, calls };
}

describe('ConnectOnboardingAfterCommit', () => {
  it('creates the Connect account after the choice committed (Italy unless told), stores it and answers the onboarding link', async () => {
    const { run, calls } = setup();
    await expect(run({ method: 'stripe_connect' })).resolves.toEqual({ method: 'stripe_connect', onboardingUrl: 'https://connect.example/onboard' });
    await run({ method: 'stripe_connect' }, { method: 'stripe_connect', country: 'DE' });
    expect(calls).toEqual(['provider promoter-1 IT', 'store promoter-1 acct_promoter-1', 'provider promoter-1 DE', 'store promoter-1 acct_promoter-1']);
  });

  it('leaves an external account alone', async () => {
    const { run, calls } = setup();
    await expect(run({ method: 'external', iban: 'IT60…3456' })).resolves.toEqual({ method: 'external', iban: 'IT60…3456' });
    expect(calls).toEqual([]);
  });

  it('answers 503 PAYOUT_PROVIDER_UNAVAILABLE when the provider is down, storing nothing', async () => {
    const { run, calls } = setup({ providerDown: true });
    await expect(run({ method: 'stripe_connect' })).rejects.toMatchObject({ status: 503, response: { code: 'PAYOUT_PROVIDER_UNAVAILABLE' } });
    expect(calls).toEqual(['provider promoter-1 IT']);
  });

  it('refuses to call the provider inside a database transaction', async () => {
    const { run, calls } = setup({ inTransaction: true });
    await expect(run({ method: 'stripe_connect' })).rejects.toThrow(/outside database transactions/);
    expect(calls).toEqual([]);
  });
});
