import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MatchingFigures, messagingFigures } from '@lib/ledger';
import { InjectTx, Roles, Tx } from '@lib/platform';

type Params = Record<string, number | boolean | string | undefined>;
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const minOf = (...v: (number | undefined)[]) => {
  const set = v.filter((x): x is number => x !== undefined);
  return set.length ? Math.min(...set) : undefined;
};

/**
 * `GET /audit/matching/figures` (admin): every fund's buckets, each campaign's pledges and
 * committed match as matching holds them, and the live match per rule with the rule's caps — from
 * this service's own tables, for the platform audit (docs/audit.md).
 */
@ApiTags('audit')
@Controller('audit/matching')
export class MatchingAuditFiguresController {
  constructor(@InjectTx('matching') private readonly txHost: Tx) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({ summary: 'Funds (available/reserved/committed/spent/returned), per campaign pledges and committed match, match per rule with its caps; for GET /audit/platform' })
  async figures(): Promise<MatchingFigures> {
    const tx = this.txHost.tx;
    const funds: Record<string, string>[] = await tx.query(
      `SELECT f.id, f.currency, f.budget_amount, f.available, f.reserved, f.committed, f.spent, f.returned, f.closed_at IS NOT NULL AS closed,
              coalesce((SELECT sum(r.amount) FROM matching.fund_returns r WHERE r.fund_id = f.id), 0) AS returns_received
         FROM matching.funds f ORDER BY f.id`,
    );
    const pledges: Record<string, string>[] = await tx.query(
      `SELECT campaign_id, count(*) FILTER (WHERE status = 'confirmed') AS confirmed_count,
              coalesce(sum(amount) FILTER (WHERE status = 'confirmed'), 0) AS confirmed_amount,
              count(*) FILTER (WHERE status = 'refunded') AS refunded_count,
              coalesce(sum(amount) FILTER (WHERE status = 'refunded'), 0) AS refunded_amount
         FROM matching.campaign_pledges GROUP BY campaign_id`,
    );
    const allocations: Record<string, string>[] = await tx.query(
      `SELECT campaign_id, fund_id, coalesce(sum(amount) FILTER (WHERE status = 'committed'), 0) AS committed,
              coalesce(sum(amount) FILTER (WHERE status = 'reserved'), 0) AS reserved
         FROM matching.match_allocations GROUP BY campaign_id, fund_id ORDER BY campaign_id, fund_id`,
    );
    const perRule: Record<string, string>[] = await tx.query(
      `WITH live AS (SELECT * FROM matching.match_allocations WHERE status IN ('reserved', 'committed') AND rule_id IS NOT NULL),
            by_pledge AS (SELECT rule_id, campaign_id, max(amount) AS m FROM live WHERE pledge_id IS NOT NULL GROUP BY rule_id, campaign_id),
            by_donor AS (SELECT rule_id, campaign_id, max(s) AS m FROM (SELECT rule_id, campaign_id, donor_id, sum(amount) AS s FROM live WHERE donor_id IS NOT NULL GROUP BY rule_id, campaign_id, donor_id) d GROUP BY rule_id, campaign_id)
       SELECT l.rule_id, l.fund_id, l.campaign_id, r.type, r.params, sum(l.amount) AS amount, coalesce(bp.m, 0) AS max_pledge, coalesce(bd.m, 0) AS max_donor,
              v.goal_amount, ro.pool_amount
         FROM live l JOIN matching.rules r ON r.id = l.rule_id
         LEFT JOIN by_pledge bp ON bp.rule_id = l.rule_id AND bp.campaign_id = l.campaign_id
         LEFT JOIN by_donor bd ON bd.rule_id = l.rule_id AND bd.campaign_id = l.campaign_id
         LEFT JOIN matching.campaign_views v ON v.campaign_id = l.campaign_id
         LEFT JOIN matching.rounds ro ON ro.rule_id = l.rule_id
        GROUP BY l.rule_id, l.fund_id, l.campaign_id, r.type, r.params, bp.m, bd.m, v.goal_amount, ro.pool_amount`,
    );
    const pledgesBy = new Map(pledges.map((x) => [x.campaign_id, x]));
    const allocationsBy = new Map<string, Record<string, string>[]>();
    for (const a of allocations) allocationsBy.set(a.campaign_id, [...(allocationsBy.get(a.campaign_id) ?? []), a]);
    const campaignIds = [...new Set([...pledges.map((p) => p.campaign_id), ...allocations.map((a) => a.campaign_id)])].sort();
    return {
      service: 'matching',
      ...(await messagingFigures(tx, 'matching')),
      funds: funds.map((f) => ({
        fundId: f.id, currency: String(f.currency).trim(), budget: Number(f.budget_amount), available: Number(f.available), reserved: Number(f.reserved),
        committed: Number(f.committed), spent: Number(f.spent), returned: Number(f.returned), closed: Boolean(f.closed), returnsReceived: Number(f.returns_received),
      })),
      campaigns: campaignIds.map((id) => {
        const p = pledgesBy.get(id);
        const a = allocationsBy.get(id) ?? [];
        return {
          campaignId: id,
          confirmedCount: Number(p?.confirmed_count ?? 0),
          confirmedAmount: Number(p?.confirmed_amount ?? 0),
          refundedCount: Number(p?.refunded_count ?? 0),
          refundedAmount: Number(p?.refunded_amount ?? 0),
          committedByFund: a.filter((x) => Number(x.committed) > 0).map((x) => ({ fundId: x.fund_id, amount: Number(x.committed) })),
          reserved: a.reduce((s, x) => s + Number(x.reserved), 0),
        };
      }),
      ruleMatches: perRule.map((r) => ({
        ruleId: r.rule_id, fundId: r.fund_id, campaignId: r.campaign_id, type: r.type as 'ratio' | 'threshold' | 'quadratic',
        amount: Number(r.amount), maxPerPledge: Number(r.max_pledge), maxPerDonor: Number(r.max_donor),
        ...caps(r.type, (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Params, r.goal_amount == null ? undefined : Number(r.goal_amount), r.pool_amount == null ? undefined : Number(r.pool_amount)),
      })),
    };
  }
}

/** The caps matching-rules.md sets on a rule's match, as numbers (absent: no cap). */
function caps(type: string, p: Params, goal: number | undefined, pool: number | undefined): { capPerCampaign?: number; capPerPledge?: number; capPerDonor?: number } {
  if (type === 'ratio') {
    const matchable = num(p.maxMatchablePerPledge);
    const byMatchable = matchable === undefined ? undefined : Number((BigInt(matchable) * BigInt(num(p.numerator) ?? 1)) / BigInt(num(p.denominator) ?? 1));
    return { capPerCampaign: num(p.maxMatchPerCampaign), capPerPledge: minOf(num(p.maxMatchPerPledge), byMatchable), capPerDonor: num(p.maxMatchPerDonorPerCampaign) };
  }
  if (type === 'threshold') {
    const byGoal = num(p.grantBpsOfGoal) !== undefined && goal !== undefined ? Number((BigInt(goal) * BigInt(num(p.grantBpsOfGoal)!)) / 10000n) : undefined;
    return { capPerCampaign: minOf(num(p.grantAmount) ?? byGoal, num(p.maxGrantAmount)) };
  }
  if (type === 'quadratic') {
    const byBps = num(p.capBps) !== undefined && pool !== undefined ? Number((BigInt(pool) * BigInt(num(p.capBps)!)) / 10000n) : undefined;
    return { capPerCampaign: minOf(byBps, num(p.capAmount)) };
  }
  return {};
}
