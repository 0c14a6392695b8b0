import fc from 'fast-check';
import { InMemoryJoinStore, joinOnce } from './event-join';

type Parts = { closed: { crowd: number }; finalized: { match: number } };
const REQUIRED = ['closed', 'finalized'] as const;

describe('joinOnce: events in any order, decide once', () => {
  it('waits for every part, then decides once with the first value of each', async () => {
    const store = new InMemoryJoinStore<Parts>();
    const decisions: Parts[] = [];
    const decide = async (p: Parts) => decisions.push(p);
    expect(await joinOnce(store, 'c1', 'closed', { crowd: 100 }, REQUIRED, decide)).toBe('waiting');
    expect(await joinOnce(store, 'c1', 'closed', { crowd: 999 }, REQUIRED, decide)).toBe('waiting'); // a second close: first value wins
    expect(decisions).toEqual([]);
    expect(await joinOnce(store, 'c1', 'finalized', { match: 40 }, REQUIRED, decide)).toBe('decided');
    expect(await joinOnce(store, 'c1', 'finalized', { match: 41 }, REQUIRED, decide)).toBe('already-decided');
    expect(decisions).toEqual([{ closed: { crowd: 100 }, finalized: { match: 40 } }]);
    expect(store.locked).toEqual(['c1', 'c1', 'c1', 'c1']);
  });

  it('keeps joins of different keys apart', async () => {
    const store = new InMemoryJoinStore<Parts>();
    const decided: string[] = [];
    await joinOnce(store, 'a', 'closed', { crowd: 1 }, REQUIRED, async () => decided.push('a'));
    await joinOnce(store, 'b', 'finalized', { match: 2 }, REQUIRED, async () => decided.push('b'));
    expect(decided).toEqual([]);
    await joinOnce(store, 'b', 'closed', { crowd: 3 }, REQUIRED, async () => decided.push('b'));
    expect(decided).toEqual(['b']);
    expect(store.rows.get('a')).toEqual({ parts: { closed: { crowd: 1 } }, decided: false });
  });

  it('marks the join decided even when the decision declines (nothing left to decide), and not when it throws', async () => {
    const store = new InMemoryJoinStore<Parts>();
    await joinOnce(store, 'k', 'closed', { crowd: 1 }, REQUIRED, async () => false);
    expect(await joinOnce(store, 'k', 'finalized', { match: 1 }, REQUIRED, async () => false)).toBe('decided');
    expect(store.rows.get('k')?.decided).toBe(true);
    const failing = new InMemoryJoinStore<Parts>();
    await joinOnce(failing, 'k', 'closed', { crowd: 1 }, REQUIRED, async () => undefined);
    await expect(joinOnce(failing, 'k', 'finalized', { match: 1 }, REQUIRED, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(failing.rows.get('k')?.decided).toBe(false); // the transaction rolls back; the redelivery decides
  });

  it('decides exactly once, with the first value of each part, for any order and any repetition of the events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ part: fc.constantFrom<'closed' | 'finalized'>('closed', 'finalized'), n: fc.nat({ max: 1000 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (events) => {
          const store = new InMemoryJoinStore<Parts>();
          const decisions: Parts[] = [];
          for (const e of events) {
            const value = e.part === 'closed' ? { crowd: e.n } : { match: e.n };
            await joinOnce(store, 'k', e.part, value as never, REQUIRED, async (p) => decisions.push(p));
          }
          const firstClosed = events.find((e) => e.part === 'closed');
          const firstFinalized = events.find((e) => e.part === 'finalized');
          if (!firstClosed || !firstFinalized) return decisions.length === 0;
          return decisions.length === 1 && decisions[0].closed.crowd === firstClosed.n && decisions[0].finalized.match === firstFinalized.n;
        },
      ),
    );
  });

  it('refuses to record or read a join that was not locked (a store used out of order)', async () => {
    const store = new InMemoryJoinStore<Parts>();
    await expect(store.record('x', 'closed', { crowd: 1 })).rejects.toThrow('join x recorded before it was locked');
    await expect(store.read('x')).rejects.toThrow('join x read before it was locked');
    await expect(store.markDecided('x')).rejects.toThrow('join x decided before it was locked');
  });
});
