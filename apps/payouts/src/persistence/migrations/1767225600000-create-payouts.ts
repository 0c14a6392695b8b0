import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@lib/messaging/messaging-tables';

export class CreatePayouts1767225600000 implements MigrationInterface {
  name = 'CreatePayouts1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payouts.campaign_views (
      campaign_id uuid PRIMARY KEY,
      promoter_id text NOT NULL,
      title text NOT NULL,
      currency char(3) NOT NULL,
      goal_amount bigint NOT NULL,
      published_at timestamptz NOT NULL
    )`);
    for (const sql of messagingTablesUp('payouts')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('payouts')) await q.query(sql);
    await q.query(`DROP TABLE payouts.campaign_views`);
  }
}
