import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { markOutboxWritten, onOutboxCommitted } from './outbox-commits';

/** A query runner as TypeORM's broadcaster hands it to subscribers: its data bag and whether a transaction is still open. */
const runner = (isTransactionActive = false, transactionDepth = 0) => ({ isTransactionActive, transactionDepth }) as unknown as QueryRunner;

function setup() {
  const subscribers: EntitySubscriberInterface[] = [];
  let woken = 0;
  onOutboxCommitted({ subscribers } as unknown as DataSource, () => woken++);
  const [subscriber] = subscribers;
  const event = (r: QueryRunner) => ({ queryRunner: r }) as never;
  return {
    start: (r: QueryRunner) => subscriber.beforeTransactionStart!(event(r)),
    commit: (r: QueryRunner) => subscriber.afterTransactionCommit!(event(r)),
    rollback: (r: QueryRunner) => subscriber.afterTransactionRollback!(event(r)),
    woken: () => woken,
  };
}

describe('outbox commits: the relay wakes after a COMMIT that wrote outbox rows', () => {
  it('wakes once per marked commit, and not for a commit that wrote no outbox row', () => {
    const s = setup();
    const r = runner();
    s.commit(r);
    expect(s.woken()).toBe(0);
    expect(markOutboxWritten({ queryRunner: r } as EntityManager)).toBe(true);
    s.commit(r);
    expect(s.woken()).toBe(1);
    s.start(r); // the runner's next transaction starts without the mark
    s.commit(r);
    expect(s.woken()).toBe(1);
  });

  it('waits for the outermost COMMIT: a released savepoint leaves the rows invisible', () => {
    const s = setup();
    const r = runner(true, 1);
    markOutboxWritten({ queryRunner: r } as EntityManager);
    s.start(r); // a savepoint opens inside it: the mark stays
    s.commit(r);
    expect(s.woken()).toBe(0);
    (r as { isTransactionActive: boolean }).isTransactionActive = false;
    s.commit(r);
    expect(s.woken()).toBe(1);
  });

  it('is seen by every subscriber of the DataSource (none consumes it)', () => {
    const subscribers: EntitySubscriberInterface[] = [];
    const woken: string[] = [];
    onOutboxCommitted({ subscribers } as unknown as DataSource, () => woken.push('a'));
    onOutboxCommitted({ subscribers } as unknown as DataSource, () => woken.push('b'));
    const r = runner();
    markOutboxWritten({ queryRunner: r } as EntityManager);
    for (const s of subscribers) s.afterTransactionCommit!({ queryRunner: r } as never);
    expect(woken).toEqual(['a', 'b']);
  });

  it('forgets the mark on rollback', () => {
    const s = setup();
    const r = runner();
    markOutboxWritten({ queryRunner: r } as EntityManager);
    s.rollback(r);
    s.commit(r);
    expect(s.woken()).toBe(0);
  });

  it('cannot mark a manager without a query runner (the writer then nudges instead)', () => {
    expect(markOutboxWritten({} as EntityManager)).toBe(false);
  });
});
