import { lastValueFrom, of } from 'rxjs';
import { FlushProviderRefundsInterceptor } from './flush-provider-refunds.interceptor';
import type { ProviderRefunds } from './provider-refunds';

function build(fail = false) {
  const flushed: ({ pledgeIds?: string[] } | undefined)[] = [];
  const refunds = {
    flush: async (filter?: { pledgeIds?: string[] }) => {
      flushed.push(filter);
      if (fail) throw new Error('provider down');
      return 1;
    },
  } as unknown as ProviderRefunds;
  const interceptor = new FlushProviderRefundsInterceptor(refunds);
  const run = (params: Record<string, string>, body: unknown) =>
    lastValueFrom(interceptor.intercept({ switchToHttp: () => ({ getRequest: () => ({ params }) }) } as never, { handle: () => of(body) }));
  return { run, flushed };
}

describe('FlushProviderRefundsInterceptor', () => {
  it("flushes the route's pledge after a request that left it refunded (a payment that came too late, an admin refund)", async () => {
    const { run, flushed } = build();
    expect(await run({ id: 'p1' }, { id: 'p1', status: 'refunded' })).toEqual({ id: 'p1', status: 'refunded' });
    expect(flushed).toEqual([{ pledgeIds: ['p1'] }]);
  });

  it("reads nothing when the answer is the route's pledge, confirmed: that request queued no refund for it", async () => {
    const { run, flushed } = build();
    expect(await run({ id: 'p1' }, { id: 'p1', status: 'confirmed' })).toEqual({ id: 'p1', status: 'confirmed' });
    expect(flushed).toEqual([]);
  });

  it('flushes whatever is pending on a route without a pledge id (the webhook), even if the answer looks confirmed', async () => {
    const { run, flushed } = build();
    await run({}, { id: 'p1', status: 'confirmed' });
    await run({ id: 'p2' }, { id: 'p1', status: 'confirmed' }); // another pledge's answer: flushed too
    expect(flushed).toEqual([{}, { pledgeIds: ['p2'] }]);
  });

  it('never fails the answer when the provider fails (the job retries)', async () => {
    const { run } = build(true);
    expect(await run({ id: 'p1' }, { id: 'p1', status: 'refunded' })).toEqual({ id: 'p1', status: 'refunded' });
  });
});
