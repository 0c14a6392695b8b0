import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, TranchesSettled, TranchesSettledV1 } from '@lib/contracts';
import { EventConsumer, EventHandler } from '@lib/messaging';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { CompleteWhenSettled } from '../commands/complete-when-settled';

/** Payouts paid or forfeited every tranche: the campaign completes once its milestones are all decided too. */
@Injectable()
@EventConsumer({ service: 'campaigns', events: [TranchesSettled] })
export class CompleteCampaignOnTranchesSettled implements EventHandler {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly completion: CompleteWhenSettled,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle({ payload }: EventEnvelope<TranchesSettledV1>): Promise<void> {
    const now = this.clock.now();
    await this.txHost.tx.query(`UPDATE campaigns.campaigns SET tranches_settled_at = coalesce(tranches_settled_at, $2) WHERE id = $1`, [payload.campaignId, now]);
    await this.completion.completeIfSettled(payload.campaignId, now);
  }
}
