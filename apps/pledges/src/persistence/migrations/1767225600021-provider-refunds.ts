import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider refunds to make, written in the transaction that decides the refund and made after it
 * commits (no network call inside a database transaction): one row per pledge and reference
 * ('full', or the donors' share request id), keyed at the provider by the same ids.
 */
export class ProviderRefunds1767225600021 implements MigrationInterface {
  name = 'ProviderRefunds1767225600021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pledges.provider_refunds (
      pledge_id uuid NOT NULL REFERENCES pledges.pledges(id),
      reference text NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      payment_ref text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      refund_ref text,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      PRIMARY KEY (pledge_id, reference)
    )`);
    await q.query(`CREATE INDEX provider_refunds_pending ON pledges.provider_refunds (created_at) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE pledges.partial_refunds ALTER COLUMN refund_ref DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pledges.provider_refunds`);
  }
}
