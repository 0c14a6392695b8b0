import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxNotifyDown, outboxNotifyUp } from '@lib/messaging';

/** Committed outbox rows wake the relay (NOTIFY on commit) instead of waiting for its next poll. */
export class OutboxNotifyPledges1767225600101 implements MigrationInterface {
  name = 'OutboxNotifyPledges1767225600101';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyUp('pledges')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyDown('pledges')) await q.query(sql);
  }
}
