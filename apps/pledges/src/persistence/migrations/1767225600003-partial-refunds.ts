import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pro-rata refunds of a forfeited donors' share: how much of each pledge went back, per request. */
export class PartialRefunds1767225600003 implements MigrationInterface {
  name = 'PartialRefunds1767225600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE pledges.pledges ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0, ADD CONSTRAINT pledges_refunded_le_amount CHECK (refunded_amount <= amount_minor)`,
    );
    await q.query(`CREATE TABLE pledges.partial_refunds (
      request_id uuid NOT NULL,
      pledge_id uuid NOT NULL REFERENCES pledges.pledges(id),
      amount bigint NOT NULL CHECK (amount > 0),
      refund_ref text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (request_id, pledge_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pledges.partial_refunds`);
    await q.query(`ALTER TABLE pledges.pledges DROP CONSTRAINT pledges_refunded_le_amount, DROP COLUMN refunded_amount`);
  }
}
