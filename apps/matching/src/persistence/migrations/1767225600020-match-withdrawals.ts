import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refunded pledge of a campaign whose match is finalized withdraws its own ratio match: the
 * allocation is marked, its money stays committed until payouts returns it from the unreleased
 * match shares (funds.returned), and it no longer counts in the campaign's live match.
 */
export class MatchWithdrawals1767225600020 implements MigrationInterface {
  name = 'MatchWithdrawals1767225600020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.match_allocations ADD COLUMN withdrawn_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.match_allocations DROP COLUMN withdrawn_at`);
  }
}
