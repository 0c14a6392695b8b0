import type { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { LedgerQueries } from '../queries/ledger.queries';
import { loadPayoutsConfig } from '../payouts.config';
import { PayoutsController } from './payouts.controller';

const config = loadPayoutsConfig({ env: { EXPORT_MAX_CONCURRENT: '1', EXPORT_STALL_MS: '1000' } });
const row = (overrides: Record<string, unknown>) => ({ date: '2027-01-01T00:00:00.000Z', fundId: 'f1', amount: 1000, currency: 'EUR', ...overrides });

/** The streamed export holds a database cursor on a connection of its own: slow or many clients must not take the pool. */
describe('transparency export: bounded while streaming', () => {
  it('streams at most EXPORT_MAX_CONCURRENT exports at once: the next gets 429 EXPORT_BUSY with Retry-After, and a slot frees when one ends', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ledger = {
      publicMoney: async function* () {
        await held;
        yield [row({})];
      },
    } as unknown as LedgerQueries;
    const controller = new PayoutsController({} as CommandBus, ledger, config);
    const answers: { status?: number; headers: Record<string, string>; body?: unknown }[] = [];
    const res = () => {
      const a: (typeof answers)[number] = { headers: {} };
      answers.push(a);
      const r = {
        destroyed: false,
        type: () => r,
        setHeader: (k: string, v: string) => ((a.headers[k] = v), r),
        status: (s: number) => ((a.status = s), r),
        json: (b: unknown) => ((a.body = b), r),
        write: () => true,
        end: () => r,
      };
      return r as unknown as Response;
    };
    const first = controller.export({ format: 'json' } as never, res());
    await controller.export({ format: 'json' } as never, res());
    expect(answers[1]).toMatchObject({ status: 429, headers: { 'Retry-After': '5' }, body: { code: 'EXPORT_BUSY' } });
    release();
    await first;
    await controller.export({ format: 'json' } as never, res());
    expect(answers[2].status).toBeUndefined(); // streamed
  });

  it('cuts off a client that reads nothing for EXPORT_STALL_MS, and lets the cursor go', async () => {
    jest.useFakeTimers();
    try {
      let closed = false;
      const ledger = {
        publicMoney: async function* () {
          try {
            for (;;) yield [row({})];
          } finally {
            closed = true;
          }
        },
      } as unknown as LedgerQueries;
      let destroyedWith: Error | undefined;
      const listeners: Record<string, (() => void)[]> = {};
      const res = {
        destroyed: false,
        type: () => res,
        setHeader: () => res,
        write: () => false, // the client's buffer stays full
        end: () => res,
        on: (e: string, f: () => void) => ((listeners[e] ??= []).push(f), res),
        off: () => res,
        destroy: (e: Error) => {
          destroyedWith = e;
          res.destroyed = true;
          listeners.close?.forEach((f) => f());
        },
      };
      const done = new PayoutsController({} as CommandBus, ledger, config).export({ format: 'json' } as never, res as unknown as Response);
      await jest.advanceTimersByTimeAsync(1000);
      await done;
      expect(destroyedWith?.message).toContain('read nothing for 1000 ms');
      expect(closed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
