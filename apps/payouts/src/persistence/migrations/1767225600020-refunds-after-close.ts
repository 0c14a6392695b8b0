import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds after funding closed (docs/money-rules.md): how much of the crowd counted at close was
 * refunded out of the escrow (before the plan, or from the tranches not yet released), each
 * refunded pledge's withdrawn match per fund and what of it came back from the unreleased shares,
 * and the open items an admin must resolve (a refund the provider forced beyond the escrow's cover).
 */
export class RefundsAfterClose1767225600020 implements MigrationInterface {
  name = 'RefundsAfterClose1767225600020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payouts.campaign_outcomes ADD COLUMN crowd_withdrawn bigint NOT NULL DEFAULT 0 CHECK (crowd_withdrawn >= 0)`);
    await q.query(`CREATE TABLE payouts.match_withdrawals (
      pledge_id uuid NOT NULL,
      fund_id uuid NOT NULL,
      campaign_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      returned bigint CHECK (returned >= 0 AND returned <= amount),
      applied_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (pledge_id, fund_id)
    )`);
    await q.query(`CREATE INDEX match_withdrawals_pending ON payouts.match_withdrawals (campaign_id) WHERE applied_at IS NULL`);
    await q.query(`CREATE TABLE payouts.open_items (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('forced_refund_shortfall')),
      campaign_id uuid NOT NULL,
      pledge_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency char(3) NOT NULL,
      detail text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      UNIQUE (kind, pledge_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payouts.open_items`);
    await q.query(`DROP TABLE payouts.match_withdrawals`);
    await q.query(`ALTER TABLE payouts.campaign_outcomes DROP COLUMN crowd_withdrawn`);
  }
}
