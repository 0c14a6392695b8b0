/**
 * The running totals of matching.match_allocations (migration 1767225600043), kept in the very
 * statement that changes allocations, as CTEs: a total can never miss a change nor see one that
 * rolled back. A live allocation is reserved, committed or spent; the campaign's total leaves out
 * withdrawn ones (match.updated), a rule's totals keep them (the ratio caps count them, as before).
 */

/** The campaign's live match ($1): one row of campaign_match_totals. */
export const LIVE_MATCH = `SELECT coalesce((SELECT live_total FROM matching.campaign_match_totals WHERE campaign_id = $1), 0) AS total`;

/** A rule's ($1) live match in a campaign ($2), and a donor's ($3; none for null) with their matched pledges: two rows. */
export const RATIO_CONTEXT = `
  SELECT coalesce((SELECT amount FROM matching.rule_match_totals WHERE rule_id = $1 AND campaign_id = $2), 0) AS campaign_total,
         coalesce(d.amount, 0) AS donor_total, coalesce(d.pledges, 0) AS donor_pledges
    FROM (SELECT 1) one LEFT JOIN matching.rule_donor_match_totals d ON d.rule_id = $1 AND d.campaign_id = $2 AND d.donor_id = $3`;

/** CTEs adding one new live allocation ($1 campaign, $2 rule, $3 donor or null, $4 amount, all cast) to the totals. */
export const addToTotals = (p: { campaign: string; rule: string; donor: string; amount: string }) => `
  campaign_total AS (
    INSERT INTO matching.campaign_match_totals AS t (campaign_id, live_total) VALUES (${p.campaign}, ${p.amount})
    ON CONFLICT (campaign_id) DO UPDATE SET live_total = t.live_total + EXCLUDED.live_total RETURNING t.live_total),
  rule_total AS (
    INSERT INTO matching.rule_match_totals AS t (rule_id, campaign_id, amount) VALUES (${p.rule}, ${p.campaign}, ${p.amount})
    ON CONFLICT (rule_id, campaign_id) DO UPDATE SET amount = t.amount + EXCLUDED.amount),
  donor_total AS (
    INSERT INTO matching.rule_donor_match_totals AS t (rule_id, campaign_id, donor_id, amount, pledges)
    SELECT ${p.rule}, ${p.campaign}, ${p.donor}, ${p.amount}, 1 WHERE ${p.donor} IS NOT NULL
    ON CONFLICT (rule_id, campaign_id, donor_id) DO UPDATE SET amount = t.amount + EXCLUDED.amount, pledges = t.pledges + 1)`;

/**
 * CTEs taking allocations that stop being live (released) out of the totals; `gone` is a CTE
 * returning their campaign_id, rule_id, donor_id, amount and withdrawn_at. Grouped first: an
 * UPDATE changes each total row once.
 */
export const releasedFromTotals = (gone: string) => `
  campaign_total AS (
    UPDATE matching.campaign_match_totals t SET live_total = t.live_total - g.amount
      FROM (SELECT campaign_id, sum(amount) AS amount FROM ${gone} WHERE withdrawn_at IS NULL GROUP BY campaign_id) g
     WHERE t.campaign_id = g.campaign_id),
  rule_total AS (
    UPDATE matching.rule_match_totals t SET amount = t.amount - g.amount
      FROM (SELECT rule_id, campaign_id, sum(amount) AS amount FROM ${gone} WHERE rule_id IS NOT NULL GROUP BY rule_id, campaign_id) g
     WHERE t.rule_id = g.rule_id AND t.campaign_id = g.campaign_id),
  donor_total AS (
    UPDATE matching.rule_donor_match_totals t SET amount = t.amount - g.amount, pledges = t.pledges - g.pledges
      FROM (SELECT rule_id, campaign_id, donor_id, sum(amount) AS amount, count(*) AS pledges FROM ${gone}
             WHERE rule_id IS NOT NULL AND donor_id IS NOT NULL GROUP BY rule_id, campaign_id, donor_id) g
     WHERE t.rule_id = g.rule_id AND t.campaign_id = g.campaign_id AND t.donor_id = g.donor_id)`;

/** A CTE taking newly withdrawn allocations (`gone`: campaign_id, amount) out of the campaign's live total only. */
export const withdrawnFromTotals = (gone: string) => `
  campaign_total AS (
    UPDATE matching.campaign_match_totals t SET live_total = t.live_total - g.amount
      FROM (SELECT campaign_id, sum(amount) AS amount FROM ${gone} GROUP BY campaign_id) g
     WHERE t.campaign_id = g.campaign_id)`;

/**
 * The running totals that differ from the sums of the allocations they stand for (none, unless a
 * path changed allocations without them): each row names the total, its key and both figures.
 */
export const TOTALS_DRIFT = `
  WITH live AS (SELECT * FROM matching.match_allocations WHERE status IN ('reserved', 'committed', 'spent')),
       campaigns AS (SELECT campaign_id, sum(amount) FILTER (WHERE withdrawn_at IS NULL) AS amount FROM live GROUP BY campaign_id),
       rules AS (SELECT rule_id, campaign_id, sum(amount) AS amount FROM live WHERE rule_id IS NOT NULL GROUP BY rule_id, campaign_id),
       donors AS (SELECT rule_id, campaign_id, donor_id, sum(amount) AS amount, count(*) AS pledges FROM live
                   WHERE rule_id IS NOT NULL AND donor_id IS NOT NULL GROUP BY rule_id, campaign_id, donor_id)
  SELECT 'campaign' AS total, campaign_id::text AS key, coalesce(t.live_total, 0)::text AS total_figure, coalesce(s.amount, 0)::text AS sum_figure
    FROM matching.campaign_match_totals t FULL JOIN campaigns s USING (campaign_id)
   WHERE coalesce(t.live_total, 0) <> coalesce(s.amount, 0)
  UNION ALL
  SELECT 'rule', rule_id || '/' || campaign_id, coalesce(t.amount, 0)::text, coalesce(s.amount, 0)::text
    FROM matching.rule_match_totals t FULL JOIN rules s USING (rule_id, campaign_id)
   WHERE coalesce(t.amount, 0) <> coalesce(s.amount, 0)
  UNION ALL
  SELECT 'donor', rule_id || '/' || campaign_id || '/' || donor_id, coalesce(t.amount, 0) || ' in ' || coalesce(t.pledges, 0),
         coalesce(s.amount, 0) || ' in ' || coalesce(s.pledges, 0)
    FROM matching.rule_donor_match_totals t FULL JOIN donors s USING (rule_id, campaign_id, donor_id)
   WHERE coalesce(t.amount, 0) <> coalesce(s.amount, 0) OR coalesce(t.pledges, 0) <> coalesce(s.pledges, 0)`;
