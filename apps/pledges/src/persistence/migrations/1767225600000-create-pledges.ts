import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@lib/messaging/messaging-tables';

export class CreatePledges1767225600000 implements MigrationInterface {
  name = 'CreatePledges1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pledges.campaign_views (
      campaign_id uuid PRIMARY KEY,
      title text NOT NULL,
      promoter_id text NOT NULL,
      goal_amount bigint NOT NULL,
      currency char(3) NOT NULL,
      funding_model text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL
    )`);
    await q.query(`CREATE TABLE pledges.pledges (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL REFERENCES pledges.campaign_views(campaign_id),
      donor_id text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('requires_payment', 'confirmed', 'failed', 'refunded', 'cancelled')),
      anonymous boolean NOT NULL DEFAULT false,
      display_name text,
      message text,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz
    )`);
    await q.query(`CREATE INDEX pledges_campaign_idx ON pledges.pledges (campaign_id, status, confirmed_at DESC)`);
    for (const sql of messagingTablesUp('pledges')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('pledges')) await q.query(sql);
    await q.query(`DROP TABLE pledges.pledges`);
    await q.query(`DROP TABLE pledges.campaign_views`);
  }
}
