import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@lib/messaging/messaging-tables';

export class CreateCampaigns1767225600000 implements MigrationInterface {
  name = 'CreateCampaigns1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE campaigns.calls (
      id uuid PRIMARY KEY,
      owner_id text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
      eligible_areas text[] NOT NULL,
      categories text[] NOT NULL,
      promoter_types text[] NOT NULL,
      currency char(3) NOT NULL,
      min_goal_amount bigint NOT NULL CHECK (min_goal_amount > 0),
      max_goal_amount bigint NOT NULL CHECK (max_goal_amount >= min_goal_amount),
      min_cofinancing_pct jsonb NOT NULL,
      max_campaigns int CHECK (max_campaigns > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE campaigns.campaigns (
      id uuid PRIMARY KEY,
      promoter_id text NOT NULL,
      call_id uuid REFERENCES campaigns.calls(id),
      status text NOT NULL,
      title text NOT NULL,
      summary text NOT NULL,
      description text NOT NULL,
      area text NOT NULL,
      category text NOT NULL,
      promoter_type text NOT NULL,
      goal_amount bigint NOT NULL CHECK (goal_amount > 0),
      currency char(3) NOT NULL,
      funding_model text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      cofinancing_amount bigint NOT NULL CHECK (cofinancing_amount >= 0),
      upfront_share_pct int NOT NULL CHECK (upfront_share_pct BETWEEN 0 AND 100),
      failed_milestone_policy text NOT NULL,
      version int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX campaigns_status_idx ON campaigns.campaigns (status, created_at DESC)`);
    await q.query(`CREATE INDEX campaigns_call_idx ON campaigns.campaigns (call_id)`);
    await q.query(`CREATE TABLE campaigns.milestones (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES campaigns.campaigns(id) ON DELETE CASCADE,
      position int NOT NULL,
      title text NOT NULL,
      indicator text NOT NULL,
      unit text NOT NULL,
      baseline numeric NOT NULL,
      target numeric NOT NULL,
      due_at timestamptz NOT NULL,
      payout_share_pct int NOT NULL CHECK (payout_share_pct BETWEEN 0 AND 100),
      payment_rule text NOT NULL,
      min_achievement_pct int CHECK (min_achievement_pct BETWEEN 0 AND 100),
      status text NOT NULL,
      UNIQUE (campaign_id, position)
    )`);
    for (const sql of messagingTablesUp('campaigns')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('campaigns')) await q.query(sql);
    await q.query(`DROP TABLE campaigns.milestones`);
    await q.query(`DROP TABLE campaigns.campaigns`);
    await q.query(`DROP TABLE campaigns.calls`);
  }
}
