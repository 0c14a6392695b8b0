import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxNotifyDown, outboxNotifyUp } from '@lib/messaging';

/** Committed outbox rows wake the relay (NOTIFY on commit) instead of waiting for its next poll. */
export class OutboxNotifyMatching1767225600101 implements MigrationInterface {
  name = 'OutboxNotifyMatching1767225600101';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyUp('matching')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxNotifyDown('matching')) await q.query(sql);
  }
}
