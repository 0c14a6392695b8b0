import { MigrationInterface, QueryRunner } from 'typeorm';

/** Matches reserved for campaigns, and the once-per-campaign finalization of the closing saga. */
export class MatchAllocations1767225600002 implements MigrationInterface {
  name = 'MatchAllocations1767225600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.match_allocations (
      id uuid PRIMARY KEY,
      fund_id uuid NOT NULL REFERENCES matching.funds(id),
      rule_id uuid,
      campaign_id uuid NOT NULL,
      pledge_id uuid,
      donor_id text,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('reserved', 'committed', 'released', 'spent')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX match_allocations_campaign_idx ON matching.match_allocations (campaign_id, status)`);
    await q.query(`CREATE TABLE matching.campaign_finalizations (
      campaign_id uuid PRIMARY KEY,
      match_amount bigint NOT NULL,
      finalized_at timestamptz NOT NULL,
      outcome text CHECK (outcome IN ('committed', 'released'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.campaign_finalizations`);
    await q.query(`DROP TABLE matching.match_allocations`);
  }
}
