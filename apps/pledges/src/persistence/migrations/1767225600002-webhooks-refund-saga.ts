import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stripe events recorded once by id; campaign views remember why a campaign ended (refund saga). */
export class WebhooksRefundSaga1767225600002 implements MigrationInterface {
  name = 'WebhooksRefundSaga1767225600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pledges.stripe_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      payload jsonb NOT NULL,
      outcome text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE pledges.campaign_views ADD COLUMN promoter_name text, ADD COLUMN end_reason text`);
    await q.query(`CREATE INDEX pledges_unpaid_idx ON pledges.pledges (created_at) WHERE status = 'requires_payment'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pledges.pledges_unpaid_idx`);
    await q.query(`ALTER TABLE pledges.campaign_views DROP COLUMN promoter_name, DROP COLUMN end_reason`);
    await q.query(`DROP TABLE pledges.stripe_events`);
  }
}
