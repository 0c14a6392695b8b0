import { MigrationInterface, QueryRunner } from 'typeorm';

/** Progress read model, closing saga state, milestone evidence and verification, updates feed. */
export class CampaignDelivery1767225600001 implements MigrationInterface {
  name = 'CampaignDelivery1767225600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns.campaigns
      ADD COLUMN pledged_amount bigint NOT NULL DEFAULT 0 CHECK (pledged_amount >= 0),
      ADD COLUMN matched_amount bigint NOT NULL DEFAULT 0 CHECK (matched_amount >= 0),
      ADD COLUMN backers int NOT NULL DEFAULT 0 CHECK (backers >= 0),
      ADD COLUMN confirmed_pledges int NOT NULL DEFAULT 0,
      ADD COLUMN status_reason text,
      ADD COLUMN closed_at timestamptz`);
    await q.query(`CREATE INDEX campaigns_ends_idx ON campaigns.campaigns (status, ends_at)`);
    await q.query(`CREATE TABLE campaigns.campaign_backers (
      campaign_id uuid NOT NULL REFERENCES campaigns.campaigns(id),
      donor_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (campaign_id, donor_id)
    )`);
    await q.query(`CREATE TABLE campaigns.campaign_closings (
      campaign_id uuid PRIMARY KEY REFERENCES campaigns.campaigns(id),
      crowd_amount bigint,
      backers int,
      funding_closed_at timestamptz,
      match_amount bigint,
      match_by_fund jsonb,
      match_finalized_at timestamptz,
      outcome text CHECK (outcome IN ('succeeded', 'failed')),
      decided_at timestamptz
    )`);
    await q.query(`ALTER TABLE campaigns.milestones
      ADD COLUMN verified_value numeric,
      ADD COLUMN achievement_bps int CHECK (achievement_bps BETWEEN 0 AND 10000),
      ADD COLUMN settled_at timestamptz`);
    await q.query(`CREATE TABLE campaigns.milestone_evidence (
      id uuid PRIMARY KEY,
      milestone_id uuid NOT NULL REFERENCES campaigns.milestones(id),
      campaign_id uuid NOT NULL REFERENCES campaigns.campaigns(id),
      reported_value numeric NOT NULL,
      description text NOT NULL,
      documents jsonb NOT NULL,
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE campaigns.milestone_verifications (
      id uuid PRIMARY KEY,
      milestone_id uuid NOT NULL UNIQUE REFERENCES campaigns.milestones(id),
      verifier_id text NOT NULL,
      verified_value numeric NOT NULL,
      approved boolean NOT NULL,
      notes text NOT NULL,
      verified_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE campaigns.campaign_updates (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES campaigns.campaigns(id),
      author_id text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX campaign_updates_idx ON campaigns.campaign_updates (campaign_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['campaign_updates', 'milestone_verifications', 'milestone_evidence', 'campaign_closings', 'campaign_backers']) {
      await q.query(`DROP TABLE campaigns.${t}`);
    }
    await q.query(`ALTER TABLE campaigns.milestones DROP COLUMN verified_value, DROP COLUMN achievement_bps, DROP COLUMN settled_at`);
    await q.query(`DROP INDEX campaigns.campaigns_ends_idx`);
    await q.query(`ALTER TABLE campaigns.campaigns DROP COLUMN pledged_amount, DROP COLUMN matched_amount, DROP COLUMN backers,
      DROP COLUMN confirmed_pledges, DROP COLUMN status_reason, DROP COLUMN closed_at`);
  }
}
