import { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyTableDown, idempotencyTableUp } from '@lib/platform/http/idempotency';

export class PledgePayments1767225600001 implements MigrationInterface {
  name = 'PledgePayments1767225600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pledges.pledges
      ADD COLUMN payment_provider text NOT NULL DEFAULT 'sandbox',
      ADD COLUMN payment_ref text,
      ADD COLUMN failure_reason text,
      ADD COLUMN refunded_at timestamptz,
      ADD COLUMN refund_reason text`);
    await q.query(`CREATE INDEX pledges_donor_idx ON pledges.pledges (donor_id, created_at DESC)`);
    await q.query(`ALTER TABLE pledges.campaign_views
      ADD COLUMN closed_at timestamptz,
      ADD CONSTRAINT campaign_views_status CHECK (status IN ('open', 'closed', 'cancelled', 'failed'))`);
    for (const sql of idempotencyTableUp('pledges')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of idempotencyTableDown('pledges')) await q.query(sql);
    await q.query(`ALTER TABLE pledges.campaign_views DROP CONSTRAINT campaign_views_status, DROP COLUMN closed_at`);
    await q.query(`DROP INDEX pledges.pledges_donor_idx`);
    await q.query(`ALTER TABLE pledges.pledges DROP COLUMN payment_provider, DROP COLUMN payment_ref, DROP COLUMN failure_reason,
      DROP COLUMN refunded_at, DROP COLUMN refund_reason`);
  }
}
