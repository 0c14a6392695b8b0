import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quadratic round's cut-off (docs/money-rules.md, "Round cut-off"): once per round, the request
 * sent to pledges (round.cutoff_requested) and its answer (round.cutoff_tallied: per campaign, the
 * confirmations announced before the cut-off). The round is finalized only once matching holds them.
 */
export class RoundCutoffs1767225600041 implements MigrationInterface {
  name = 'RoundCutoffs1767225600041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.round_cutoffs (
      rule_id uuid PRIMARY KEY REFERENCES matching.rules(id),
      cutoff timestamptz NOT NULL,
      campaign_ids uuid[] NOT NULL,
      requested_at timestamptz NOT NULL,
      tallies jsonb,
      answered_at timestamptz,
      CHECK ((tallies IS NULL) = (answered_at IS NULL))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.round_cutoffs`);
  }
}
