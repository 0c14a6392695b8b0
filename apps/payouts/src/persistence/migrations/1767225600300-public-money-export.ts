import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transparency export, streamed in keyset chunks and filtered: transactions in export order
 * (occurred_at, id), so each chunk starts where the last one ended; and the campaign's call (from
 * campaign.published) for `callId`. Campaigns published before this migration have no call here.
 */
export class PublicMoneyExport1767225600300 implements MigrationInterface {
  name = 'PublicMoneyExport1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ledger_transactions_occurred ON payouts.ledger_transactions (occurred_at, id)`);
    await q.query(`ALTER TABLE payouts.campaign_views ADD COLUMN call_id uuid`);
    await q.query(`CREATE INDEX campaign_views_call ON payouts.campaign_views (call_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payouts.campaign_views_call`);
    await q.query(`ALTER TABLE payouts.campaign_views DROP COLUMN call_id`);
    await q.query(`DROP INDEX payouts.ledger_transactions_occurred`);
  }
}
