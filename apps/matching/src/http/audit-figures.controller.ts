import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MatchingFigures } from '@lib/ledger';
import { Roles } from '@lib/platform';
import { AllocationFigures, AuditFiguresReadModel } from '../persistence/audit-figures.read-model';

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
  constructor(private readonly reads: AuditFiguresReadModel) {}

  @Get('figures')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Funds (available/reserved/committed/spent/returned), per campaign pledges and committed match, match per rule with its caps; for GET /audit/platform',
  })
  async figures(): Promise<MatchingFigures> {
    const funds = await this.reads.funds();
    const pledges = await this.reads.pledges();
    const allocations = await this.reads.allocations();
    const perRule = await this.reads.ruleMatches();
    const pledgesBy = new Map(pledges.map((x) => [x.campaignId, x]));
    const allocationsBy = new Map<string, AllocationFigures[]>();
    for (const a of allocations) allocationsBy.set(a.campaignId, [...(allocationsBy.get(a.campaignId) ?? []), a]);
    const campaignIds = [...new Set([...pledges.map((p) => p.campaignId), ...allocations.map((a) => a.campaignId)])].sort();
    return {
      service: 'matching',
      ...(await this.reads.messaging()),
      funds,
      campaigns: campaignIds.map((id) => {
        const p = pledgesBy.get(id);
        const a = allocationsBy.get(id) ?? [];
        return {
          campaignId: id,
          confirmedCount: p?.confirmedCount ?? 0,
          confirmedAmount: p?.confirmedAmount ?? 0,
          refundedCount: p?.refundedCount ?? 0,
          refundedAmount: p?.refundedAmount ?? 0,
          committedByFund: a.filter((x) => x.committed > 0).map((x) => ({ fundId: x.fundId, amount: x.committed })),
          reserved: a.reduce((s, x) => s + x.reserved, 0),
        };
      }),
      ruleMatches: perRule.map((r) => ({
        ruleId: r.ruleId,
        fundId: r.fundId,
        campaignId: r.campaignId,
        type: r.type as 'ratio' | 'threshold' | 'quadratic',
        amount: r.amount,
        maxPerPledge: r.maxPledge,
        maxPerDonor: r.maxDonor,
        ...caps(r.type, r.params as Params, r.goalAmount ?? undefined, r.poolAmount ?? undefined),
      })),
    };
  }
}

/** The caps matching-rules.md sets on a rule's match, as numbers (absent: no cap). */
function caps(
  type: string,
  p: Params,
  goal: number | undefined,
  pool: number | undefined,
): { capPerCampaign?: number; capPerPledge?: number; capPerDonor?: number } {
  if (type === 'ratio') {
    const matchable = num(p.maxMatchablePerPledge);
    const byMatchable = matchable === undefined ? undefined : Number((BigInt(matchable) * BigInt(num(p.numerator) ?? 1)) / BigInt(num(p.denominator) ?? 1));
    return {
      capPerCampaign: num(p.maxMatchPerCampaign),
      capPerPledge: minOf(num(p.maxMatchPerPledge), byMatchable),
      capPerDonor: num(p.maxMatchPerDonorPerCampaign),
    };
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
