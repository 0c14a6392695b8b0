import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funder that owns the campaign's call (from campaign.published): it may release any tranche of
 * the campaign (issue 17 #20); and when the campaign's tranches were all settled (issue 17 #18).
 */
export class CallOwnerPayouts1767225600210 implements MigrationInterface {
  name = 'CallOwnerPayouts1767225600210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.campaign_views ADD COLUMN call_owner_id text`);
    // When tranches.settled was sent (every tranche paid or forfeited; sent once).
    await q.query(`ALTER TABLE payouts.campaign_outcomes ADD COLUMN tranches_settled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.campaign_outcomes DROP COLUMN tranches_settled_at`);
    await q.query(`ALTER TABLE payouts.campaign_views DROP COLUMN call_owner_id`);
  }
}
