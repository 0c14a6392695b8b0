import { MigrationInterface, QueryRunner } from 'typeorm';
import { auditLogTableDown, auditLogTableUp } from '@lib/platform';

/** The append-only audit log of privileged actions in this service (libs/platform audit-log.ts). */
export class AuditLogPayouts1767225600100 implements MigrationInterface {
  name = 'AuditLogPayouts1767225600100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditLogTableUp('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of auditLogTableDown('payouts')) await q.query(sql);
  }
}
