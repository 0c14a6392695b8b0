import fc from 'fast-check';
import { GroupCommit, GroupCommitWork, GroupOutcome } from './group-commit';

type Kind = 'value' | 'error' | 'again' | 'alone';
type Item = { id: number; kind: Kind; error: Error };
type Settled = { value: number; committedBefore: boolean } | { reason: unknown };

/**
 * An in-memory "database" whose transactions commit their writes only when their function
 * resolves. Each item dictates its outcome (`again` only the first time); the apply of a group
 * fails (after writing) whenever the next of `failures` says so.
 */
class FakeDb implements GroupCommitWork<Item, number> {
  readonly committed: number[] = [];
  readonly groupSizes: number[] = [];
  /** The items whose group of one failed: they are told that failure. */
  readonly doomed = new Map<number, unknown>();
  private open?: number[];
  private applies = 0;
  private readonly seen = new Set<number>();

  constructor(private readonly failures: boolean[]) {}

  async transact<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open) throw new Error('nested transaction');
    const writes: number[] = (this.open = []);
    try {
      const result = await fn();
      await Promise.resolve();
      this.committed.push(...writes);
      return result;
    } finally {
      this.open = undefined;
    }
  }

  private write(id: number) {
    if (!this.open) throw new Error(`write of ${id} outside a transaction`);
    this.open.push(id);
  }

  async apply(items: readonly Item[]): Promise<GroupOutcome<number>[]> {
    this.groupSizes.push(items.length);
    await Promise.resolve();
    const outcomes = items.map((i): GroupOutcome<number> => {
      if (i.kind === 'error') return { error: i.error };
      if (i.kind === 'alone') return { alone: true };
      if (i.kind === 'again' && !this.seen.has(i.id)) return this.seen.add(i.id) && { again: true };
      this.write(i.id);
      return { value: i.id };
    });
    if (this.failures[this.applies++ % this.failures.length]) {
      const failure = new Error(`deadlock in apply ${this.applies}`);
      if (items.length === 1) this.doomed.set(items[0].id, failure);
      throw failure;
    }
    return outcomes;
  }

  one(item: Item): Promise<number> {
    return this.transact(async () => {
      await Promise.resolve();
      if (item.kind === 'error') throw item.error;
      this.write(item.id);
      return item.id;
    });
  }
}

const macrotask = () => new Promise((r) => setImmediate(r));

describe('GroupCommit (property)', () => {
  it('settles every caller once with the outcome its item dictates, and commits each value exactly once', async () => {
    const step = fc.record({
      kind: fc.constantFrom<Kind>('value', 'error', 'again', 'alone'),
      pause: fc.constantFrom('none', 'microtask', 'macrotask'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        async (plan, failures, maxItems) => {
          const db = new FakeDb(failures);
          const gc = new GroupCommit(db, maxItems);
          const items = plan.map((p, id): Item => ({ id, kind: p.kind, error: new Error(`refused ${id}`) }));
          const settled = items.map((): Settled[] => []);
          for (const item of items) {
            const pause = plan[item.id].pause;
            if (pause === 'microtask') await Promise.resolve();
            if (pause === 'macrotask') await macrotask();
            gc.submit(item).then(
              (value) => settled[item.id].push({ value, committedBefore: db.committed.includes(item.id) }),
              (reason) => settled[item.id].push({ reason }),
            );
          }
          for (let i = 0; i < 10_000 && settled.some((s) => s.length === 0); i++) await macrotask();

          for (const item of items) {
            const expected: Settled = db.doomed.has(item.id)
              ? { reason: db.doomed.get(item.id) }
              : item.kind === 'error'
                ? { reason: item.error }
                : { value: item.id, committedBefore: true };
            expect({ id: item.id, settled: settled[item.id] }).toEqual({ id: item.id, settled: [expected] });
            if ('reason' in expected) expect((settled[item.id][0] as { reason: unknown }).reason).toBe(expected.reason);
          }
          const values = items.filter((i) => i.kind !== 'error' && !db.doomed.has(i.id)).map((i) => i.id);
          expect([...db.committed].sort((a, b) => a - b)).toEqual(values);
          expect(db.groupSizes.every((n) => n >= 1 && n <= maxItems)).toBe(true);
        },
      ),
    );
  });
});
