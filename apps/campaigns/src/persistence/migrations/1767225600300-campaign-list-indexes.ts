import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset paging of GET /campaigns: one index per sort, in the sort's order with id last, so a page
 * after a cursor is an index range scan of pageSize + 1 rows whatever its depth (the status filter,
 * a short IN list over most rows, is checked on the way).
 */
export class CampaignListIndexes1767225600300 implements MigrationInterface {
  name = 'CampaignListIndexes1767225600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX campaigns_list_newest_idx ON campaigns.campaigns (created_at DESC, id)`);
    await q.query(`CREATE INDEX campaigns_list_ending_idx ON campaigns.campaigns (ends_at, id)`);
    await q.query(`CREATE INDEX campaigns_list_backed_idx ON campaigns.campaigns (backers DESC, pledged_amount DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX campaigns.campaigns_list_backed_idx`);
    await q.query(`DROP INDEX campaigns.campaigns_list_ending_idx`);
    await q.query(`DROP INDEX campaigns.campaigns_list_newest_idx`);
  }
}
