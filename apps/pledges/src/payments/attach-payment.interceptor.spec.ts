import { ServiceUnavailableException } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { OutboxWriter } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { AttachPaymentInterceptor } from './attach-payment.interceptor';
import { PledgeRepository } from '../persistence/pledge.repository';
import type { PaymentGateway } from './payment-gateway';

/** A pledges table of one row, and a record of every statement and of any transaction opened. */
function fakeTx(row: { payment_ref: string | null } | undefined) {
  const statements: string[] = [];
  let transactions = 0;
  const tx = {
    query: async (sql: string, params: unknown[]) => {
      statements.push(sql);
      if (sql.startsWith('SELECT')) return row ? [{ campaign_id: 'c1', amount_minor: '2500', currency: 'EUR', ...row }] : [];
      if (sql.startsWith('UPDATE') && row && row.payment_ref === null) row.payment_ref = params[1] as string;
      return [];
    },
  };
  const host = {
    tx,
    withTransaction: async () => {
      transactions += 1;
    },
  } as unknown as Tx;
  return { host, statements, transactions: () => transactions, row };
}

function fakeGateway(fail = false) {
  const calls: string[] = [];
  const gateway: PaymentGateway = {
    provider: 'stripe',
    createPayment: async (input) => {
      calls.push(`create ${input.pledgeId} ${input.amount} ${input.currency}`);
      if (fail) throw new Error('connect ECONNREFUSED');
      return { ref: 'pi_1', clientSecret: 'pi_1_secret_x' };
    },
    clientSecret: async (ref) => {
      calls.push(`secret ${ref}`);
      return `${ref}_secret_x`;
    },
    refund: async () => ({ refundRef: 're_1' }),
  };
  return { gateway, calls };
}

const outbox = {} as OutboxWriter; // the interceptor writes no event
const run = (i: AttachPaymentInterceptor, body: unknown) => lastValueFrom(i.intercept({} as never, { handle: () => of(body) }));
const pledge = { id: 'p1', status: 'requires_payment', payment: { provider: 'stripe' } };

describe('AttachPaymentInterceptor', () => {
  it('creates the payment once the pledge is committed, stores its reference, returns the secret, opens no transaction', async () => {
    const db = fakeTx({ payment_ref: null });
    const { gateway, calls } = fakeGateway();
    const out = await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), gateway), pledge);
    expect(out).toEqual({ ...pledge, payment: { provider: 'stripe', clientSecret: 'pi_1_secret_x' } });
    expect(calls).toEqual(['create p1 2500 EUR']);
    expect(db.row?.payment_ref).toBe('pi_1');
    expect(db.transactions()).toBe(0);
  });

  it('on a replay reads the secret of the payment already created, and creates nothing', async () => {
    const db = fakeTx({ payment_ref: 'pi_1' });
    const { gateway, calls } = fakeGateway();
    const out = await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), gateway), pledge);
    expect(out).toMatchObject({ payment: { clientSecret: 'pi_1_secret_x' } });
    expect(calls).toEqual(['secret pi_1']);
  });

  it('answers 503 PAYMENT_PROVIDER_UNAVAILABLE when the provider fails, leaving the pledge for a retry', async () => {
    const db = fakeTx({ payment_ref: null });
    const { gateway } = fakeGateway(true);
    const error = (await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), gateway), pledge).catch(
      (e: unknown) => e,
    )) as ServiceUnavailableException;
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect(error.getResponse()).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', pledgeId: 'p1' });
    expect(db.row?.payment_ref).toBeNull();
  });

  it('leaves other answers alone (a confirmed pledge, an error body)', async () => {
    const db = fakeTx({ payment_ref: null });
    const { gateway, calls } = fakeGateway();
    expect(await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), gateway), { id: 'p1', status: 'confirmed' })).toEqual({
      id: 'p1',
      status: 'confirmed',
    });
    expect(await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), gateway), null)).toBeNull();
    expect(calls).toEqual([]);
    expect(db.statements).toEqual([]);
  });

  it('has nothing to do for a provider whose payment was stored with the pledge (the sandbox): no statement, no call', async () => {
    const db = fakeTx({ payment_ref: 'sandbox_pi_p1' });
    const { gateway, calls } = fakeGateway();
    const local = { ...gateway, provider: 'sandbox' as const, localPayment: (id: string) => ({ ref: `sandbox_pi_${id}` }) };
    const sandboxPledge = { ...pledge, payment: { provider: 'sandbox' } };
    expect(await run(new AttachPaymentInterceptor(new PledgeRepository(db.host, outbox), local), sandboxPledge)).toEqual(sandboxPledge);
    expect(calls).toEqual([]);
    expect(db.statements).toEqual([]);
  });
});
