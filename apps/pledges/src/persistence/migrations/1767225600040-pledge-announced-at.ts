import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a pledge's pledge.confirmed was emitted (NULL: never announced), for the quadratic round
 * cut-off tally (docs/money-rules.md, "Round cut-off"). A pledge may get a confirmed_at without ever
 * being announced: a provider refund that overtook its success, or a payment after funding closed
 * (refunded at once). Backfill for the pledges confirmed before this column: the confirmed ones, and
 * the refunded ones except those two cases — a payment refunded on arrival ('payment arrived …'), and
 * a provider refund recorded as confirmed and refunded in the same instant (the overtaking refund
 * sets both to the same time; an announced pledge refunded by the provider in the very millisecond
 * of its confirmation would be taken as never announced).
 */
export class PledgeAnnouncedAt1767225600040 implements MigrationInterface {
  name = 'PledgeAnnouncedAt1767225600040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pledges.pledges ADD COLUMN announced_at timestamptz`);
    await q.query(`UPDATE pledges.pledges SET announced_at = confirmed_at
      WHERE confirmed_at IS NOT NULL AND (status = 'confirmed' OR (status = 'refunded'
        AND coalesce(refund_reason, '') NOT LIKE 'payment arrived %'
        AND NOT (refund_reason = 'refunded at the payment provider' AND refunded_at = confirmed_at)))`);
    await q.query(`CREATE INDEX pledges_announced_idx ON pledges.pledges (campaign_id, announced_at) WHERE announced_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pledges.pledges_announced_idx`);
    await q.query(`ALTER TABLE pledges.pledges DROP COLUMN announced_at`);
  }
}
