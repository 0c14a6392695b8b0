import { Injectable } from '@nestjs/common';
import type { SourceShare } from '@lib/contracts';
import { reportingSources, splitFiguresBySource } from '@lib/ledger';
import { DomainError } from '@lib/platform';
import { PayoutsErrorCode } from '../payouts.errors';
import { LedgerAuditReadModel } from '../persistence/ledger-audit.read-model';
import { LedgerReadModel, PublicMoneyFilter } from '../persistence/ledger.read-model';

const MOVEMENT: Record<string, string> = { match_committed: 'committed', tranche_released: 'released', match_returned: 'returned' };

/** Postings per chunk of the transparency export (one FETCH each). */
export const EXPORT_CHUNK = 1000;

/** One movement of public money, as the transparency export writes it. */
export interface PublicMoneyRow {
  date: string;
  fundId: string;
  sourceTags: string[];
  campaignId: string;
  trancheId: string | null;
  movement: string;
  amount: number;
  currency: string;
  status: string;
  sourceShares: SourceShare[] | null;
}

/** Read side of payouts: tranches, ledger balances, the public-money export, the audit. */
@Injectable()
export class LedgerQueries {
  constructor(
    private readonly ledger: LedgerReadModel,
    private readonly auditing: LedgerAuditReadModel,
  ) {}

  async tranches(campaignId: string) {
    return (await this.ledger.tranches(campaignId)).map((t) => {
      const { matchShares } = t;
      return {
        id: t.id,
        kind: t.kind,
        milestoneId: t.milestone_id,
        sharePct: t.share_pct,
        status: t.status,
        amount: t.donorShare + matchShares.reduce((a, s) => a + s.amount, 0),
        donorShare: t.donorShare,
        matchShares,
        dueAmount: t.dueDonor === null ? null : t.dueDonor + matchShares.reduce((a, s) => a + (s.due ?? 0), 0),
        achievementBps: t.achievement_bps,
        releasedAt: t.released_at,
        paidAt: t.paid_at,
        payout: { method: t.payout_method, reference: t.payout_ref, attempts: t.payout_attempts, error: t.payout_error },
      };
    });
  }

  async campaignLedger(campaignId: string) {
    const escrow = await this.ledger.balances(`escrow:campaign:${campaignId}:%`);
    const refunds = await this.ledger.balances(`refunds:campaign:${campaignId}:%`);
    const losses = await this.ledger.balances(`loss:campaign:${campaignId}:%`); // refunds forced beyond the escrow
    const movements = await this.ledger.movements(campaignId);
    return { campaignId, accounts: [...escrow, ...refunds, ...losses], movements };
  }

  async fundLedger(fundId: string) {
    const fund = await this.ledger.fund(fundId);
    if (!fund) throw new DomainError(PayoutsErrorCode.FUND_NOT_FOUND, 'not_found', `Fund (in payouts) ${fundId} not found`);
    const rows = await this.ledger.fundTotalsByKind(fundId);
    const by = (kind: string) => rows.filter((r) => r.kind === kind).reduce((a, r) => a + r.amount, 0);
    const totals = { committedToCampaigns: by('match_committed'), releasedToPromoters: by('tranche_released'), returnedToFund: by('match_returned') };
    const escrow = await this.ledger.balances(`escrow:campaign:%:match:${fundId}`);
    const held = escrow.reduce((a, b) => a + b.balance, 0);
    // One fund can carry several sources (e.g. ERDF co-financed by the state and the city). Each
    // figure is split in the declared shares by largest remainder to the cent, ties broken by declared
    // order (libs/ledger splitBySource), so the sources add up exactly to the fund; without declared
    // shares the fund is reported once (its only tag, or one undivided line), never once per tag.
    const figures = { ...totals, heldInEscrow: held };
    const bySourceTag = splitFiguresBySource(figures, reportingSources(fund.sourceTags, fund.sourceShares)).map(({ source, ...rest }) => ({
      sourceTag: source,
      ...rest,
    }));
    return { fundId, sourceTags: fund.sourceTags, sourceShares: fund.sourceShares ?? null, ...figures, bySourceTag };
  }

  /**
   * Every movement of public money that passes the filter — match committed to a campaign, released to
   * its promoter, returned to the fund — in time order, as chunks of at most EXPORT_CHUNK rows fetched
   * from one server-side cursor, so the service never holds the whole export. Refuses
   * (400 EXPORT_FILTER_INVALID) a bound that is no instant, or a range that ends before it starts.
   */
  publicMoney(filter: PublicMoneyFilter = {}): AsyncIterable<PublicMoneyRow[]> {
    for (const bound of ['from', 'to'] as const) {
      const value = filter[bound];
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw new DomainError(PayoutsErrorCode.EXPORT_FILTER_INVALID, 'invalid', `${bound} must be a calendar date or date-time (ISO 8601), not ${value}`);
    }
    if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to))
      throw new DomainError(PayoutsErrorCode.EXPORT_FILTER_INVALID, 'invalid', `The range is empty: from (${filter.from}) must be before to (${filter.to})`);
    const normalized = {
      ...filter,
      fundId: filter.fundId?.toLowerCase(),
      from: filter.from ? new Date(filter.from).toISOString() : undefined,
      to: filter.to ? new Date(filter.to).toISOString() : undefined,
    };
    return this.publicMoneyChunks(normalized);
  }

  private async *publicMoneyChunks(filter: PublicMoneyFilter): AsyncGenerator<PublicMoneyRow[]> {
    const views = new Map((await this.ledger.funds()).map((f) => [f.fundId, { tags: f.sourceTags, shares: f.sourceShares }]));
    for await (const rows of this.ledger.publicMoneyMovements(filter, EXPORT_CHUNK))
      yield rows.map((r) => ({
        date: r.occurredAt.toISOString(),
        fundId: r.fundId,
        sourceTags: views.get(r.fundId)?.tags ?? [],
        campaignId: r.campaignId,
        trancheId: r.trancheId,
        movement: MOVEMENT[r.kind] ?? r.kind,
        amount: r.amount,
        currency: r.currency,
        status: r.trancheStatus ?? (r.kind === 'match_committed' ? 'committed' : 'returned'),
        /** The fund's declared split (null: none declared): per-source sums come from GET /ledger/funds/:id, never by adding this row under each tag. */
        sourceShares: views.get(r.fundId)?.shares ?? null,
      }));
  }

  audit() {
    return this.auditing.violations();
  }

  openItems() {
    return this.auditing.openItems();
  }
}
