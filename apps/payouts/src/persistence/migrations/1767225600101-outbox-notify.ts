import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxNotifyDown, outboxNotifyUp } from '@lib/messaging';

/** Committed outbox rows wake the relay (NOTIFY on commit) instead of waiting for its next poll. */
export class OutboxNotifyPayouts1767225600101 implements MigrationInterface {
  name = 'OutboxNotifyPayouts1767225600101';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyUp('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyDown('payouts')) await q.query(sql);
  }
}
