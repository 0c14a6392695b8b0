import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@lib/messaging/messaging-tables';

export class CreateMatching1767225600000 implements MigrationInterface {
  name = 'CreateMatching1767225600000';

  async up(q: QueryRunner): Promise<void> {
    // The pool identity (design.md §3) is a table constraint: no statement can break it.
    await q.query(`CREATE TABLE matching.funds (
      id uuid PRIMARY KEY,
      owner_id text NOT NULL,
      name text NOT NULL,
      currency char(3) NOT NULL,
      source_tags text[] NOT NULL,
      budget_amount bigint NOT NULL CHECK (budget_amount >= 0),
      available bigint NOT NULL CHECK (available >= 0),
      reserved bigint NOT NULL CHECK (reserved >= 0),
      committed bigint NOT NULL CHECK (committed >= 0),
      spent bigint NOT NULL CHECK (spent >= 0),
      returned bigint NOT NULL CHECK (returned >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT funds_pool_balances CHECK (available + reserved + committed + spent + returned = budget_amount)
    )`);
    await q.query(`CREATE TABLE matching.campaign_views (
      campaign_id uuid PRIMARY KEY,
      call_id uuid,
      area text NOT NULL,
      category text NOT NULL,
      promoter_type text NOT NULL,
      goal_amount bigint NOT NULL,
      currency char(3) NOT NULL,
      published_at timestamptz NOT NULL
    )`);
    for (const sql of messagingTablesUp('matching')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('matching')) await q.query(sql);
    await q.query(`DROP TABLE matching.campaign_views`);
    await q.query(`DROP TABLE matching.funds`);
  }
}
