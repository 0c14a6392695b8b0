import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transparency export's `callId` filter: the campaign's call, from campaign.published. Campaigns
 * published before this migration have no call here (their events are not replayed).
 */
export class PublicMoneyExport1767225600300 implements MigrationInterface {
  name = 'PublicMoneyExport1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.campaign_views ADD COLUMN call_id uuid`);
    await q.query(`CREATE INDEX campaign_views_call ON payouts.campaign_views (call_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payouts.campaign_views_call`);
    await q.query(`ALTER TABLE payouts.campaign_views DROP COLUMN call_id`);
  }
}
