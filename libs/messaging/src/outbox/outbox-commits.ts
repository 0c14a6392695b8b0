import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Query runners whose current transaction wrote outbox rows (cleared when the next transaction starts). */
const written = new WeakSet<QueryRunner>();

/**
 * Marks the transaction of `manager` as one that wrote outbox rows (by its TypeORM query runner),
 * so `onOutboxCommitted` can wake the relay right after its COMMIT. False when the manager has no
 * query runner of its own (the caller then falls back to a timed nudge).
 */
export function markOutboxWritten(manager: EntityManager): boolean {
  if (!manager.queryRunner) return false;
  written.add(manager.queryRunner);
  return true;
}

/**
 * Calls `then` after every COMMIT of a transaction that wrote outbox rows on `ds`: the relay then
 * reads those rows at once instead of polling for them. Only the outermost COMMIT counts (a
 * released savepoint leaves the transaction active and its rows invisible); a rollback, or the
 * start of the runner's next transaction, forgets the mark. Several subscribers on one DataSource
 * all see it (none consumes it). Publication still goes through the relay's round (lease,
 * commit-order read, mark published), so this changes when the relay looks, never what it publishes.
 */
export function onOutboxCommitted(ds: DataSource, then: () => void): void {
  ds.subscribers.push({
    beforeTransactionStart: ({ queryRunner }) => {
      if (queryRunnerDepth(queryRunner) === 0) written.delete(queryRunner);
    },
    afterTransactionCommit: ({ queryRunner }) => {
      if (written.has(queryRunner) && !queryRunner.isTransactionActive) then();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (!queryRunner.isTransactionActive) written.delete(queryRunner);
    },
  });
}

/** TypeORM's savepoint depth (0 while the outermost START TRANSACTION is being sent). */
function queryRunnerDepth(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth?: number }).transactionDepth ?? 0;
}

/**
 * Whether a NOTIFY on the outbox channel came from one of `ds`'s own pooled connections: that
 * commit already woke the relay (onOutboxCommitted), so the LISTEN wake-up would only run a second,
 * empty round. Reads pg-pool's client list; when it cannot (another driver), nothing counts as
 * own and every notification wakes the relay, as before.
 */
export function fromOwnPool(ds: DataSource): (pid: number) => boolean {
  return (pid) => {
    const pool = (ds.driver as unknown as { master?: { _clients?: { processID?: number | null }[] } }).master;
    return pool?._clients?.some((c) => c.processID === pid) ?? false;
  };
}
