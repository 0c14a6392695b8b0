import { Injectable } from '@nestjs/common';
import { FinalizationRepository } from '../persistence/finalization.repository';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';

/**
 * A campaign's outcome settles its reserved matches: success commits them (reserved → committed),
 * failure or cancellation releases them to the pool (reserved → available), where they can match
 * other campaigns — or to the funder (returned) if the fund is closed. Allocation rows and fund
 * buckets move in one statement pair per fund, inside the caller's transaction, so the pool
 * identity holds at every commit. Idempotent: what is no longer reserved does not move again.
 *
 * Shared by the outcome, the spend and the return consumers, which all settle first.
 */
@Injectable()
export class Settlement {
  constructor(
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly finalizations: FinalizationRepository,
  ) {}

  /** Settles what is still reserved for the campaign; returns whether anything moved. Locks the campaign's funds. */
  async settle(campaignId: string, succeeded: boolean): Promise<boolean> {
    await this.funds.lockFunds(await this.matches.fundsOf(campaignId));
    const moved = await this.matches.settleReserved(campaignId, succeeded);
    for (const m of moved) {
      if (succeeded) await this.funds.move(m.fundId, m.amount, 'reserved', 'committed');
      else await this.funds.free(m.fundId, m.amount, 'reserved');
    }
    // A cancellation can come before funding closed: record the outcome either way, so later pledges match nothing.
    await this.finalizations.recordOutcome(campaignId, succeeded ? 'committed' : 'released');
    return moved.length > 0;
  }
}
