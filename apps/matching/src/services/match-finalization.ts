import { Inject, Injectable } from '@nestjs/common';
import { FundingClosedV1 } from '@lib/contracts';
import { Clock, CLOCK, InjectTx, Tx } from '@lib/platform';
import { enoughDonorsForShare, holdsWhatCloseCounts, roundCoversClose } from '../domain/finalization';
import { minContribution } from '../domain/quadratic-round';
import { CampaignPledgeRepository } from '../persistence/campaign-pledge.repository';
import { CampaignRepository } from '../persistence/campaign.repository';
import { FinalizationRepository } from '../persistence/finalization.repository';
import { MatchRepository } from '../persistence/match.repository';
import { RoundRepository } from '../persistence/round.repository';
import { RuleRepository } from '../persistence/rule.repository';

/**
 * Closing saga, matching's step: once funding has closed AND matching holds exactly the confirmed
 * pledges that funding.closed counts (per donor), state once what the reserved matches add to the
 * campaign, per fund (in fund creation order), so campaigns can decide success.
 *
 * funding.closed and the pledge events travel on different topics, so matching may get the close
 * first (found by scripts/faults: a consumer catching up after a restart). Finalizing then would
 * leave the late pledges unmatched, and a reservation committing concurrently with the finalization
 * would be committed in the fund but never reach the escrow. So every change to a campaign's
 * matches takes the campaign's row lock first, and a close that arrives early waits in
 * pending_finalizations until the last pledge event it counts has been applied — and, for a
 * campaign in a quadratic round not final yet, until the round is (docs/money-rules.md).
 *
 * An injectable, not a command: the consumers of funding.closed and of the pledge events, and the
 * rounds job, each take the step at the end of their own transaction.
 */
@Injectable()
export class MatchFinalization {
  constructor(
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly campaigns: CampaignRepository,
    private readonly pledges: CampaignPledgeRepository,
    private readonly finalizations: FinalizationRepository,
    private readonly rules: RuleRepository,
    private readonly rounds: RoundRepository,
    private readonly matches: MatchRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async fundingClosed(closed: FundingClosedV1): Promise<void> {
    await this.campaigns.lock(closed.campaignId);
    if (await this.finalizations.isFinalized(closed.campaignId)) return; // a second funding.closed for the campaign
    await this.finalizations.addPending(closed, this.clock.now());
    await this.finalizeIfComplete(closed.campaignId);
  }

  /**
   * Finalizes a closed campaign when matching's confirmed pledges are those funding.closed counts and
   * no open quadratic round may still give it a share; call under the campaign's lock. Returns whether it did.
   */
  async finalizeIfComplete(campaignId: string): Promise<boolean> {
    const pending = await this.finalizations.findPending(campaignId);
    if (!pending) return false;
    const { closed } = pending;
    if (!pending.caughtUp) {
      // pledge events still on their way: the last one finalizes
      if (!holdsWhatCloseCounts(await this.pledges.countedAtCloseTotals(campaignId), closed.donors)) return false;
      // a refund while the campaign waits for a round changes the totals: caught up stays caught up
      await this.finalizations.markCaughtUp(campaignId, this.clock.now());
    }
    const deferred = await this.pledges.takeDeferredRefunds(campaignId);
    if (!(await this.finalizations.isFinalized(campaignId)) && (await this.awaitsQuadraticRound(campaignId, new Date(closed.closedAt)))) {
      // refunds that came before the close reached us: as if after it, while the campaign waits for its round
      for (const pledgeId of deferred) await this.matches.releasePledge(pledgeId);
      if (deferred.length > 0) await this.matches.announce(campaignId);
      return false; // the round's finalization finalizes it
    }
    const byFund = await this.matches.reservedByFund(campaignId);
    await this.finalizations.deletePending(campaignId);
    // with match.finalized, announced by the one claim that wins
    if (!(await this.finalizations.claim({ campaignId, currency: closed.currency, byFund }, this.clock.now()))) return false;
    // refunds that came before the close reached us: as if after the finalization, their own match is withdrawn
    for (const pledgeId of deferred) await this.matches.withdrawRefunded(pledgeId, campaignId);
    return true;
  }

  /**
   * Whether a quadratic round not final yet may still give the campaign a share (docs/money-rules.md,
   * "Quadratic rounds and campaign closing"): the rule applies (open fund, eligibility), the campaign
   * was published before the round's end, the round started before funding closed, and the campaign
   * counts enough donors in the window. Funding is closed, so that count can only fall.
   */
  private async awaitsQuadraticRound(campaignId: string, closedAt: Date): Promise<boolean> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign) return false;
    const publishedAt = await this.campaigns.publishedAt(campaignId);
    for (const rule of await this.rules.applicable(campaign, ['quadratic'])) {
      const params = rule.params as { roundStartsAt: string; roundEndsAt: string; minContributionAmount?: number; minUniqueDonors?: number };
      if (!roundCoversClose(params, closedAt, publishedAt)) continue;
      if (await this.rounds.isFinal(rule.id)) continue;
      const donors = await this.pledges.donorsInWindow(campaignId, { ...params, minContributionAmount: minContribution(params) });
      if (enoughDonorsForShare(donors, params.minUniqueDonors)) return true;
    }
    return false;
  }

  /** Re-examines every campaign still waiting to be finalized (after a round ends or a fund closes), each in its own transaction. */
  async finalizeWaiting(): Promise<number> {
    let finalized = 0;
    for (const campaignId of await this.finalizations.waitingCaughtUp()) {
      const done = await this.txHost.withTransaction(async () => {
        await this.campaigns.lock(campaignId);
        return this.finalizeIfComplete(campaignId);
      });
      if (done) finalized += 1;
    }
    return finalized;
  }
}
