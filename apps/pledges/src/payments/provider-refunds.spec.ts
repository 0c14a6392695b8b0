import type { OutboxWriter } from '@lib/messaging';
import type { JobRegistry, Tx } from '@lib/platform';
import type { PaymentGateway } from './payment-gateway';
import { PROVIDER_REFUND_MAX_ATTEMPTS, ProviderRefunds } from './provider-refunds';
import { RefundRepository } from '../persistence/refund.repository';

type Row = { pledge_id: string; reference: string; amount: string; payment_ref: string; status: string; attempts: number; refund_ref: string | null };

/** The provider_refunds table as a list, answering the statements ProviderRefunds sends. */
function fakeDb(rows: Row[], inTransaction = false) {
  const tx = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.startsWith('INSERT')) {
        const [pledge_id, reference, amount, payment_ref] = params as string[];
        if (!rows.some((r) => r.pledge_id === pledge_id && r.reference === reference))
          rows.push({ pledge_id, reference, amount: String(amount), payment_ref, status: 'pending', attempts: 0, refund_ref: null });
        return [];
      }
      if (sql.startsWith('SELECT')) return rows.filter((r) => r.status === 'pending' && (!params[0] || (params[0] as string[]).includes(r.pledge_id)));
      const row = rows.find((r) => r.pledge_id === params[0] && r.reference === params[1])!;
      if (sql.includes("status = 'done'")) Object.assign(row, { status: 'done', refund_ref: params[2] });
      else if (sql.includes('attempts = attempts + 1'))
        Object.assign(row, { attempts: row.attempts + 1, status: row.attempts + 1 >= (params[3] as number) ? 'failed' : 'pending' });
      return [];
    },
  };
  return { tx, isTransactionActive: () => inTransaction } as unknown as Tx;
}

function gateway(failures: number) {
  const calls: string[] = [];
  let left = failures;
  const g: PaymentGateway = {
    provider: 'stripe',
    createPayment: async () => ({ ref: 'pi' }),
    clientSecret: async () => undefined,
    refund: async ({ pledgeId, amount, reference }) => {
      calls.push(`${pledgeId} ${amount} ${reference ?? 'full'}`);
      if (left-- > 0) throw new Error('Stripe is down');
      return { refundRef: `re_${pledgeId}` };
    },
  };
  return { g, calls };
}
const jobs = { register: () => undefined } as unknown as JobRegistry;
/** Provider refunds announce nothing themselves (the pledge's refund write does). */
const noOutbox = { append: jest.fn() } as unknown as OutboxWriter;

describe('ProviderRefunds', () => {
  it('queues once per pledge and reference, then makes the call after commit and records it', async () => {
    const rows: Row[] = [];
    const { g, calls } = gateway(0);
    const refunds = new ProviderRefunds(jobs, new RefundRepository(fakeDb(rows), noOutbox), g);
    await refunds.queue({ pledgeId: 'p1', paymentRef: 'pi_1', amount: 6_000 });
    await refunds.queue({ pledgeId: 'p1', paymentRef: 'pi_1', amount: 6_000 });
    await refunds.queue({ pledgeId: 'p1', paymentRef: 'pi_1', amount: 0 });
    expect(rows).toHaveLength(1);
    expect(calls).toEqual([]); // nothing at the provider while the transaction is open
    expect(await refunds.flush()).toBe(1);
    expect(calls).toEqual(['p1 6000 full']);
    expect(rows[0]).toMatchObject({ status: 'done', refund_ref: 're_p1' });
    expect(await refunds.flush()).toBe(0); // done: never again
    expect(calls).toHaveLength(1);
  });

  it('keeps a failed call pending for the job, and gives up to an admin after the last attempt', async () => {
    const rows: Row[] = [];
    const { g, calls } = gateway(PROVIDER_REFUND_MAX_ATTEMPTS);
    const refunds = new ProviderRefunds(jobs, new RefundRepository(fakeDb(rows), noOutbox), g);
    await refunds.queue({ pledgeId: 'p2', paymentRef: 'pi_2', amount: 1_000, reference: 'req-1' });
    expect(await refunds.flush()).toBe(0);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 1 });
    for (let i = 1; i < PROVIDER_REFUND_MAX_ATTEMPTS; i++) await refunds.flush();
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: PROVIDER_REFUND_MAX_ATTEMPTS });
    expect(calls).toHaveLength(PROVIDER_REFUND_MAX_ATTEMPTS);
    expect(calls[0]).toBe('p2 1000 req-1');
  });

  it('refuses to call the provider inside a database transaction', async () => {
    const refunds = new ProviderRefunds(jobs, new RefundRepository(fakeDb([], true), noOutbox), gateway(0).g);
    await expect(refunds.flush()).rejects.toThrow(/outside database transactions/);
  });
});
