import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refund after funding closed (pledge.refunded with countedAtClose) may reach matching before
 * funding.closed itself (another topic). The close counted that pledge, so matching records that
 * (refund_counted_at_close) and, until it holds the close, defers what the refund does to the
 * pledge's matches (refund_deferred): the result is then the same in either order
 * (docs/money-rules.md, "Refunds after funding closed").
 */
export class RefundsCountedAtClose1767225600042 implements MigrationInterface {
  name = 'RefundsCountedAtClose1767225600042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.campaign_pledges
      ADD COLUMN refund_counted_at_close boolean NOT NULL DEFAULT false,
      ADD COLUMN refund_deferred boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT campaign_pledges_deferred_check CHECK (NOT refund_deferred OR (status = 'refunded' AND refund_counted_at_close))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matching.campaign_pledges DROP CONSTRAINT campaign_pledges_deferred_check,
      DROP COLUMN refund_deferred, DROP COLUMN refund_counted_at_close`);
  }
}
