import { MigrationInterface, QueryRunner } from 'typeorm';

/** Matching rules, the crowd pledges they read, quadratic rounds, and the once-per-rule guarantees. */
export class RulesRounds1767225600003 implements MigrationInterface {
  name = 'RulesRounds1767225600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.rules (
      id uuid PRIMARY KEY,
      fund_id uuid NOT NULL REFERENCES matching.funds(id),
      seq bigserial NOT NULL UNIQUE,
      type text NOT NULL CHECK (type IN ('ratio', 'threshold', 'quadratic')),
      params jsonb NOT NULL,
      eligibility jsonb NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE matching.campaign_pledges (
      pledge_id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL,
      donor_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL CHECK (status IN ('confirmed', 'refunded')),
      confirmed_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX campaign_pledges_campaign_idx ON matching.campaign_pledges (campaign_id, status)`);
    // A pledge is matched at most once per rule; a threshold rule holds at most one live grant per campaign.
    await q.query(`CREATE UNIQUE INDEX match_allocations_rule_pledge ON matching.match_allocations (rule_id, pledge_id) WHERE pledge_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX match_allocations_rule_grant ON matching.match_allocations (rule_id, campaign_id)
      WHERE pledge_id IS NULL AND status IN ('reserved', 'committed', 'spent')`);
    await q.query(`ALTER TABLE matching.match_allocations ADD COLUMN kind text NOT NULL DEFAULT 'ratio' CHECK (kind IN ('ratio', 'threshold', 'quadratic')),
      ADD COLUMN partial boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE matching.rounds (
      rule_id uuid PRIMARY KEY REFERENCES matching.rules(id),
      status text NOT NULL CHECK (status IN ('final')),
      pool_amount bigint NOT NULL,
      unallocated_amount bigint NOT NULL,
      finalized_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE matching.round_results (
      rule_id uuid NOT NULL REFERENCES matching.rounds(rule_id),
      campaign_id uuid NOT NULL,
      donors int NOT NULL,
      contributions_amount bigint NOT NULL,
      ideal_amount bigint NOT NULL,
      match_amount bigint NOT NULL,
      PRIMARY KEY (rule_id, campaign_id)
    )`);
    await q.query(`CREATE TABLE matching.fund_returns (
      return_id uuid PRIMARY KEY,
      fund_id uuid NOT NULL REFERENCES matching.funds(id),
      campaign_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      to_bucket text NOT NULL,
      reason text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE matching.funds ADD COLUMN closed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.funds DROP COLUMN closed_at`);
    for (const t of ['fund_returns', 'round_results', 'rounds']) await q.query(`DROP TABLE matching.${t}`);
    await q.query(`ALTER TABLE matching.match_allocations DROP COLUMN kind, DROP COLUMN partial`);
    await q.query(`DROP INDEX matching.match_allocations_rule_grant`);
    await q.query(`DROP INDEX matching.match_allocations_rule_pledge`);
    await q.query(`DROP TABLE matching.campaign_pledges`);
    await q.query(`DROP TABLE matching.rules`);
  }
}
