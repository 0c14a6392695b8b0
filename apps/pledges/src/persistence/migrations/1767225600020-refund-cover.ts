import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the pledges service knows of a closed campaign's escrow, to refuse a refund the escrow can no
 * longer cover (docs/money-rules.md, "Refunds after funding closed"): the crowd counted at close,
 * what was refunded since, and what payouts has settled out of the escrow (tranches released,
 * donors' shares forfeited), all cumulative, so events in any order converge.
 */
export class RefundCover1767225600020 implements MigrationInterface {
  name = 'RefundCover1767225600020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pledges.campaign_views
      ADD COLUMN crowd_at_close bigint,
      ADD COLUMN refunded_after_close bigint NOT NULL DEFAULT 0 CHECK (refunded_after_close >= 0),
      ADD COLUMN crowd_settled bigint NOT NULL DEFAULT 0 CHECK (crowd_settled >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pledges.campaign_views DROP COLUMN crowd_at_close, DROP COLUMN refunded_after_close, DROP COLUMN crowd_settled`);
  }
}
