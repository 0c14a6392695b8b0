import { MigrationInterface, QueryRunner } from 'typeorm';

/** When payouts reported every tranche of the campaign paid or forfeited (tranches.settled): completion needs it (issue 17 #18). */
export class TranchesSettled1767225600210 implements MigrationInterface {
  name = 'TranchesSettled1767225600210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns.campaigns ADD COLUMN tranches_settled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns.campaigns DROP COLUMN tranches_settled_at`);
  }
}
