import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the ledger's reads need at scale (bench/scale, 1,000,000 pledges): postings by their
 * transaction (a campaign's movements, the audit), and account prefixes for `LIKE 'escrow:campaign:<id>:%'`
 * balances — the default btree serves equality only under a non-C collation, so those were full
 * scans of the postings (650 ms for one campaign's ledger at 1M postings).
 */
export class LedgerReadIndexes1767225600102 implements MigrationInterface {
  name = 'LedgerReadIndexes1767225600102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ledger_postings_tx ON payouts.ledger_postings (tx_id)`);
    await q.query(`CREATE INDEX ledger_postings_source_prefix ON payouts.ledger_postings (source text_pattern_ops)`);
    await q.query(`CREATE INDEX ledger_postings_destination_prefix ON payouts.ledger_postings (destination text_pattern_ops)`);
    await q.query(`CREATE INDEX ledger_transactions_kind_campaign ON payouts.ledger_transactions (kind, campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['ledger_postings_tx', 'ledger_postings_source_prefix', 'ledger_postings_destination_prefix', 'ledger_transactions_kind_campaign']) {
      await q.query(`DROP INDEX payouts.${index}`);
    }
  }
}
