import { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerTablesUp } from '@lib/ledger/ledger';
import { idempotencyTableUp } from '@lib/platform/http/idempotency';

/** The double-entry ledger, tranche plans with their match shares, promoters' payout accounts. */
export class LedgerTranches1767225600001 implements MigrationInterface {
  name = 'LedgerTranches1767225600001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of ledgerTablesUp('payouts')) await q.query(sql);
    for (const sql of idempotencyTableUp('payouts')) await q.query(sql);
    await q.query(`CREATE TABLE payouts.campaign_outcomes (
      campaign_id uuid PRIMARY KEY,
      succeeded jsonb,
      match_by_fund jsonb,
      planned_at timestamptz
    )`);
    await q.query(`CREATE TABLE payouts.fund_views (fund_id uuid PRIMARY KEY, funder_id text NOT NULL, source_tags text[] NOT NULL)`);
    await q.query(`CREATE TABLE payouts.tranches (
      id uuid PRIMARY KEY,
      campaign_id uuid NOT NULL,
      promoter_id text NOT NULL,
      currency char(3) NOT NULL,
      position int NOT NULL,
      kind text NOT NULL CHECK (kind IN ('upfront', 'milestone')),
      milestone_id uuid,
      share_pct int NOT NULL,
      payment_rule text,
      min_achievement_pct int,
      donor_share bigint NOT NULL CHECK (donor_share >= 0),
      due_donor bigint,
      achievement_bps int,
      status text NOT NULL CHECK (status IN ('planned', 'eligible', 'released', 'paid', 'forfeited')),
      released_at timestamptz,
      paid_at timestamptz,
      payout_method text,
      payout_ref text,
      payout_attempts int NOT NULL DEFAULT 0,
      payout_error text,
      UNIQUE (campaign_id, position)
    )`);
    await q.query(`CREATE UNIQUE INDEX tranches_milestone ON payouts.tranches (milestone_id) WHERE milestone_id IS NOT NULL`);
    await q.query(`CREATE TABLE payouts.tranche_match_shares (
      tranche_id uuid NOT NULL REFERENCES payouts.tranches(id),
      fund_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      due bigint,
      PRIMARY KEY (tranche_id, fund_id)
    )`);
    await q.query(`CREATE TABLE payouts.payout_accounts (
      promoter_id text PRIMARY KEY,
      method text NOT NULL CHECK (method IN ('stripe_connect', 'external')),
      stripe_account_id text,
      iban text,
      account_holder text,
      updated_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'payout_accounts',
      'tranche_match_shares',
      'tranches',
      'fund_views',
      'campaign_outcomes',
      'idempotency_keys',
      'ledger_postings',
      'ledger_transactions',
    ]) {
      await q.query(`DROP TABLE payouts.${t}`);
    }
    await q.query(`DROP FUNCTION payouts.ledger_append_only`);
  }
}
