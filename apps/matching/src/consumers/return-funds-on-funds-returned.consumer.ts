import { Injectable } from '@nestjs/common';
import { EventEnvelope, FundsReturned, FundsReturnedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';
import { Settlement } from '../services/settlement';

/**
 * A forfeited match share (a milestone failed, expired, or was only partly achieved) comes back
 * from payouts: committed money becomes available again, so it can match other campaigns — or, if
 * the funder closed the fund, it is counted as returned to the funder. Once per returnId.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [FundsReturned] })
export class ReturnFundsOnFundsReturned implements EventHandler {
  constructor(
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly settlement: Settlement,
  ) {}

  async handle({ payload }: EventEnvelope<FundsReturnedV1>): Promise<void> {
    // Returns come only for a campaign that succeeded (its tranches exist), but campaign.succeeded
    // travels on another topic and may reach matching later: apply it first, as the spend does, so
    // the money is committed before it moves (every fund locked once, in id order).
    await this.funds.lockFunds([payload.fundId, ...(await this.matches.fundsOf(payload.campaignId))]);
    await this.settlement.settle(payload.campaignId, true);
    const fund = await this.funds.closedForUpdate(payload.fundId);
    if (!fund) throw new Error(`funds.returned for unknown fund ${payload.fundId}`);
    const to = fund.closed ? 'returned' : 'available';
    const { returnId, fundId, campaignId, amount, reason } = payload;
    const recorded = await this.funds.recordReturn({ returnId, fundId, campaignId, amount, to, reason });
    if (!recorded) return;
    await this.funds.move(payload.fundId, payload.amount, 'committed', to);
  }
}
