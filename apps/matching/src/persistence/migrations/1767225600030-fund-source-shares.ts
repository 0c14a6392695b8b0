import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fund's declared source shares (docs/money-rules.md, "A fund's money by source"):
 * `[{source, shareBps}]` summing to 10000, or NULL when the funder declared none (funds created
 * before this column, or with at most one tag): such a fund is reported once, never once per tag.
 */
export class FundSourceShares1767225600030 implements MigrationInterface {
  name = 'FundSourceShares1767225600030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.funds ADD COLUMN source_shares jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.funds DROP COLUMN source_shares`);
  }
}
