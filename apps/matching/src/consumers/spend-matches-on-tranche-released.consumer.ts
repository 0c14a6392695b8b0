import { Injectable } from '@nestjs/common';
import { EventEnvelope, TrancheReleased, TrancheReleasedV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';
import { Settlement } from '../services/settlement';

/**
 * A released tranche spends the funds' committed money (committed → spent); the inbox makes it once.
 * A tranche exists only for a campaign that succeeded, but campaign.succeeded travels on another
 * topic and may reach matching later (found by scripts/faults: after a restart, the spend found
 * nothing committed, broke the pool's CHECK five times and was dead-lettered — the match stayed
 * committed forever). So the success is applied here first if it has not been yet.
 */
@Injectable()
@EventConsumer({ service: 'matching', events: [TrancheReleased] })
export class SpendMatchesOnTrancheReleased implements EventHandler {
  constructor(
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly settlement: Settlement,
  ) {}

  async handle({ payload }: EventEnvelope<TrancheReleasedV1>): Promise<void> {
    const shares = payload.matchShares.filter((s) => s.amount > 0);
    // every fund involved, locked once in id order (no lock-order inversion with other consumers)
    await this.funds.lockFunds([...shares.map((s) => s.fundId), ...(await this.matches.fundsOf(payload.campaignId))]);
    const committedNow = await this.settlement.settle(payload.campaignId, true);
    for (const s of shares) await this.funds.move(s.fundId, s.amount, 'committed', 'spent');
    if (committedNow) await this.matches.announce(payload.campaignId);
  }
}
