import { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyTableDown, idempotencyTableUp } from '@lib/platform/http/idempotency';

export class IdempotencyKeys1767225600001 implements MigrationInterface {
  name = 'IdempotencyKeys1767225600001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of idempotencyTableUp('matching')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of idempotencyTableDown('matching')) await q.query(sql);
  }
}
