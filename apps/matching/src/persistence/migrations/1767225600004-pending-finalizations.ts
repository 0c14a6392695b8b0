import { MigrationInterface, QueryRunner } from 'typeorm';

/** funding.closed received before every pledge event it counts: the finalization waits here. */
export class PendingFinalizations1767225600004 implements MigrationInterface {
  name = 'PendingFinalizations1767225600004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.pending_finalizations (
      campaign_id uuid PRIMARY KEY,
      funding_closed jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.pending_finalizations`);
  }
}
