import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A closed campaign may wait for a quadratic round after matching has caught up with every pledge
 * its close counts; a refund during that wait must not make it wait for pledge events again.
 */
export class FinalizationCaughtUp1767225600017 implements MigrationInterface {
  name = 'FinalizationCaughtUp1767225600017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.pending_finalizations ADD COLUMN caught_up_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.pending_finalizations DROP COLUMN caught_up_at`);
  }
}
