import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running totals of matching.match_allocations, so a reservation reads what a campaign and a rule
 * have matched in one row instead of summing every allocation of the campaign (issue 15: a
 * city-wide campaign's last pledge cost more than its first). MatchRepository keeps them in the
 * statement that changes an allocation; this migration fills them from the rows there are.
 *
 * - campaign_match_totals: the campaign's live match (reserved, committed or spent, not withdrawn),
 *   what match.updated announces;
 * - rule_match_totals / rule_donor_match_totals: a rule's live match in a campaign, in all and per
 *   donor with the donor's matched pledges (withdrawn ones included: a ratio cap counts them).
 */
export class MatchTotals1767225600043 implements MigrationInterface {
  name = 'MatchTotals1767225600043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE matching.campaign_match_totals (
      campaign_id uuid PRIMARY KEY,
      live_total bigint NOT NULL CHECK (live_total >= 0)
    )`);
    await q.query(`CREATE TABLE matching.rule_match_totals (
      rule_id uuid NOT NULL,
      campaign_id uuid NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (rule_id, campaign_id)
    )`);
    await q.query(`CREATE TABLE matching.rule_donor_match_totals (
      rule_id uuid NOT NULL,
      campaign_id uuid NOT NULL,
      donor_id text NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      pledges integer NOT NULL CHECK (pledges >= 0),
      PRIMARY KEY (rule_id, campaign_id, donor_id)
    )`);
    await q.query(`INSERT INTO matching.campaign_match_totals (campaign_id, live_total)
      SELECT campaign_id, coalesce(sum(amount) FILTER (WHERE status IN ('reserved', 'committed', 'spent') AND withdrawn_at IS NULL), 0)
        FROM matching.match_allocations GROUP BY campaign_id`);
    await q.query(`INSERT INTO matching.rule_match_totals (rule_id, campaign_id, amount)
      SELECT rule_id, campaign_id, sum(amount) FROM matching.match_allocations
       WHERE rule_id IS NOT NULL AND status IN ('reserved', 'committed', 'spent') GROUP BY rule_id, campaign_id`);
    await q.query(`INSERT INTO matching.rule_donor_match_totals (rule_id, campaign_id, donor_id, amount, pledges)
      SELECT rule_id, campaign_id, donor_id, sum(amount), count(*) FROM matching.match_allocations
       WHERE rule_id IS NOT NULL AND donor_id IS NOT NULL AND status IN ('reserved', 'committed', 'spent') GROUP BY rule_id, campaign_id, donor_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE matching.rule_donor_match_totals`);
    await q.query(`DROP TABLE matching.rule_match_totals`);
    await q.query(`DROP TABLE matching.campaign_match_totals`);
  }
}
