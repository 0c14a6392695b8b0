import { MigrationInterface, QueryRunner } from 'typeorm';

/** The fund's declared source shares as match.finalized carries them (NULL: none declared). */
export class FundViewSourceShares1767225600030 implements MigrationInterface {
  name = 'FundViewSourceShares1767225600030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.fund_views ADD COLUMN source_shares jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.fund_views DROP COLUMN source_shares`);
  }
}
