import { GroupCommit, GroupCommitWork, GroupOutcome } from './group-commit';

type Item = { id: string; kind: 'value' | 'error' | 'again' | 'alone' };
const v = (id: string): Item => ({ id, kind: 'value' });

/**
 * An in-memory "database": a transaction collects its writes and commits them only when its
 * function resolves (a throw discards them). Each item dictates its outcome; `failing` makes the
 * apply of any group holding one of those ids throw after writing, `miscounting` makes it return one
 * outcome too few (and commit); `hold()` keeps the next COMMIT waiting.
 */
class FakeDb implements GroupCommitWork<Item, string> {
  readonly committed: string[] = [];
  readonly groups: string[][] = [];
  readonly log: string[] = [];
  readonly failing = new Set<string>();
  readonly miscounting = new Set<string>();
  private open?: string[];
  private held?: Promise<void>;
  private readonly seen = new Set<string>();

  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((r) => (release = r));
    return () => {
      this.held = undefined;
      release();
    };
  }

  async transact<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open) throw new Error('nested transaction');
    const writes: string[] = (this.open = []);
    try {
      const result = await fn();
      await this.held;
      this.committed.push(...writes);
      this.log.push(`commit ${writes.join(',')}`);
      return result;
    } finally {
      this.open = undefined;
    }
  }

  private write(id: string) {
    if (!this.open) throw new Error(`write of ${id} outside a transaction`);
    this.open.push(id);
  }

  async apply(items: readonly Item[]): Promise<GroupOutcome<string>[]> {
    this.groups.push(items.map((i) => i.id));
    this.log.push(`apply ${items.map((i) => i.id).join(',')}`);
    const outcomes = items.map((i): GroupOutcome<string> => {
      if (i.kind === 'error') return { error: new Error(`refused ${i.id}`) };
      if (i.kind === 'alone') return { alone: true };
      if (i.kind === 'again' && !this.seen.has(i.id)) return this.seen.add(i.id) && { again: true };
      this.write(i.id);
      return { value: i.id };
    });
    if (items.some((i) => this.failing.has(i.id))) throw new Error('deadlock');
    return items.some((i) => this.miscounting.has(i.id)) ? outcomes.slice(1) : outcomes;
  }

  one(item: Item): Promise<string> {
    this.log.push(`one ${item.id}`);
    return this.transact(async () => {
      if (item.kind === 'error') throw new Error(`refused ${item.id}`);
      this.write(item.id);
      return item.id;
    });
  }
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A first group of one ('0') held in flight while `items` are submitted: they form the next group(s). */
function behindAGroup(db: FakeDb, gc: GroupCommit<Item, string>, items: Item[]) {
  const release = db.hold();
  const first = gc.submit(v('0'));
  const rest = items.map((i) => gc.submit(i));
  release();
  return { first, rest };
}

describe('GroupCommit', () => {
  it('resolves a caller only after its group committed', async () => {
    const db = new FakeDb();
    const release = db.hold();
    const committedWhenResolved: string[][] = [];
    const done = new GroupCommit(db).submit(v('a')).then(() => committedWhenResolved.push([...db.committed]));
    await ticks();
    expect(db.log).toEqual(['apply a']);
    expect(committedWhenResolved).toEqual([]);
    release();
    await done;
    expect(committedWhenResolved).toEqual([['a']]);
  });

  it('starts a lone item at once and groups what arrives meanwhile, up to maxItems', async () => {
    const db = new FakeDb();
    const gc = new GroupCommit(db, 3);
    const { first, rest } = behindAGroup(db, gc, ['a', 'b', 'c', 'd'].map(v));
    expect(await Promise.all([first, ...rest])).toEqual(['0', 'a', 'b', 'c', 'd']);
    expect(db.groups).toEqual([['0'], ['a', 'b', 'c'], ['d']]);
    expect(db.committed).toEqual(['0', 'a', 'b', 'c', 'd']);
  });

  it("rejects only the caller whose item was refused, and commits the others' values", async () => {
    const db = new FakeDb();
    const { rest } = behindAGroup(db, new GroupCommit(db), [v('a'), { id: 'b', kind: 'error' }, v('c')]);
    const [a, b, c] = await Promise.allSettled(rest);
    expect([a, c]).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(b).toEqual({ status: 'rejected', reason: new Error('refused b') });
    expect(db.committed).toEqual(['0', 'a', 'c']);
  });

  it('puts `again` items into the next group', async () => {
    const db = new FakeDb();
    const { rest } = behindAGroup(db, new GroupCommit(db), [v('a'), { id: 'b', kind: 'again' }, v('c')]);
    expect(await Promise.all(rest)).toEqual(['a', 'b', 'c']);
    expect(db.groups).toEqual([['0'], ['a', 'b', 'c'], ['b']]);
    expect(db.committed).toEqual(['0', 'a', 'c', 'b']);
  });

  it('runs `alone` items through `one`, each in its own transaction, after the group committed', async () => {
    const db = new FakeDb();
    const { rest } = behindAGroup(db, new GroupCommit(db), [v('a'), { id: 'b', kind: 'alone' }, v('c')]);
    expect(await Promise.all(rest)).toEqual(['a', 'b', 'c']);
    expect(db.log.slice(2)).toEqual(['apply a,b,c', 'commit a,c', 'one b', 'commit b']);
  });

  it('when a group of several fails, commits nothing of it and applies each item alone', async () => {
    const db = new FakeDb();
    db.failing.add('c');
    const { rest } = behindAGroup(db, new GroupCommit(db), [v('a'), { id: 'b', kind: 'error' }, v('c')]);
    const settled = await Promise.allSettled(rest);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: new Error('refused b') },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(db.log.slice(2)).toEqual(['apply a,b,c', 'one a', 'commit a', 'one b', 'one c', 'commit c']);
    expect(db.committed).toEqual(['0', 'a', 'c']);
  });

  it('rejects a failing group of one with its error, without trying `one`', async () => {
    const db = new FakeDb();
    db.failing.add('a');
    await expect(new GroupCommit(db).submit(v('a'))).rejects.toThrow('deadlock');
    expect(db.log).toEqual(['apply a']);
    expect(db.committed).toEqual([]);
  });

  it('treats a wrong number of outcomes as a failure of the group: each item applied alone, written once', async () => {
    const db = new FakeDb();
    db.miscounting.add('c');
    const { rest } = behindAGroup(db, new GroupCommit(db), ['a', 'b', 'c'].map(v));
    expect(await Promise.all(rest)).toEqual(['a', 'b', 'c']);
    expect(db.log.slice(2)).toEqual(['apply a,b,c', 'one a', 'commit a', 'one b', 'commit b', 'one c', 'commit c']);
    expect(db.committed).toEqual(['0', 'a', 'b', 'c']);
  });

  it('rejects a group of one with a wrong number of outcomes, and leaves nothing of it written', async () => {
    const db = new FakeDb();
    db.miscounting.add('a');
    await expect(new GroupCommit(db).submit(v('a'))).rejects.toThrow('GroupCommit: 0 outcomes for 1 items');
    expect(db.committed).toEqual([]);
  });

  it('refuses a maxItems that is not a positive integer', () => {
    const db = new FakeDb();
    expect(() => new GroupCommit(db, 0)).toThrow('GroupCommit: maxItems must be a positive integer, not 0');
    expect(() => new GroupCommit(db, 1.5)).toThrow('not 1.5');
    expect(() => new GroupCommit(db, Number.NaN)).toThrow('not NaN');
  });
});
