/**
 * What a group's `apply` says of one of its items: its value (committed with the group), its own
 * refusal (nothing of it was written; the others still commit), `again` (it must wait for the
 * next group, e.g. a second request with the same Idempotency-Key), or `alone` (an unusual case
 * the group does not handle: it runs through `one`, in its own transaction, after the group commits).
 */
export type GroupOutcome<O> = { value: O } | { error: unknown } | { again: true } | { alone: true };

import { Histogram, register } from 'prom-client';

const GROUP_ITEMS = 'civic_group_commit_items';
/** How many requests each group commit wrote (prom-client metrics are process-global: one per process). */
const groupItems = () =>
  (register.getSingleMetric(GROUP_ITEMS) as Histogram | undefined) ??
  new Histogram({ name: GROUP_ITEMS, help: 'Items per group commit transaction', labelNames: ['group'], buckets: [1, 2, 5, 10, 20, 50, 100, 200] });

export interface GroupCommitWork<I, O> {
  /** Names the group in the metric civic_group_commit_items (items per group). */
  name?: string;
  /** Applies a whole group inside ONE transaction (opened by `transact`), one outcome per item, in order. */
  apply(items: readonly I[]): Promise<GroupOutcome<O>[]>;
  /** One item on its own, in its own transaction: for `alone` outcomes, and each item again when a group fails. */
  one(item: I): Promise<O>;
  /** Runs `fn` in a new transaction (its own async context) and resolves once it has COMMITTED. */
  transact<T>(fn: () => Promise<T>): Promise<T>;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the concurrent callers of `submit` have their units of work written in one
 * transaction instead of one each — one statement per kind of row for the whole group, one COMMIT.
 * There is no timer: a group starts as soon as none is in flight, and whatever arrives meanwhile
 * forms the next one (up to `maxItems`), so a lone request waits for nothing and a busy service
 * writes bigger groups.
 *
 * Why effects stay exactly-once: a caller hears its outcome only after the group's COMMIT (never
 * a value that could still roll back). If the group's transaction fails as a whole (a deadlock, a
 * bug), it rolled back entirely — nothing of any item is written — and each item is applied again
 * on its own (`one`), so one item's failure is that item's error only, as without grouping.
 */
export class GroupCommit<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private draining = false;

  constructor(
    private readonly work: GroupCommitWork<I, O>,
    private readonly maxItems = 100,
  ) {
    if (!Number.isSafeInteger(maxItems) || maxItems < 1) throw new Error(`GroupCommit: maxItems must be a positive integer, not ${maxItems}`);
  }

  /** Resolves with the item's value once its group has committed (or rejects with its error). */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.flush(this.queue.splice(0, this.maxItems));
    } finally {
      this.draining = false;
    }
  }

  private async flush(group: Pending<I, O>[]): Promise<void> {
    let outcomes: GroupOutcome<O>[];
    groupItems().observe({ group: this.work.name ?? 'unnamed' }, group.length);
    try {
      outcomes = await this.work.transact(async () => {
        const applied = await this.work.apply(group.map((p) => p.item));
        // checked inside the transaction, so a wrong count rolls the group back like any other failure
        if (applied.length !== group.length) throw new Error(`GroupCommit: ${applied.length} outcomes for ${group.length} items`);
        return applied;
      });
    } catch (error) {
      if (group.length === 1) return group[0].reject(error); // its own error: `one` would meet it again
      for (const p of group) await this.alone(p); // the group rolled back: each item again, on its own
      return;
    }
    const again: Pending<I, O>[] = [];
    const alone: Pending<I, O>[] = [];
    outcomes.forEach((o, i) => {
      const p = group[i];
      if ('value' in o) p.resolve(o.value);
      else if ('error' in o) p.reject(o.error);
      else if ('again' in o) again.push(p);
      else alone.push(p);
    });
    this.queue.unshift(...again);
    for (const p of alone) await this.alone(p);
  }

  /** One item through `one`, in its own transaction. */
  private async alone(p: Pending<I, O>): Promise<void> {
    try {
      p.resolve(await this.work.one(p.item));
    } catch (error) {
      p.reject(error);
    }
  }
}
