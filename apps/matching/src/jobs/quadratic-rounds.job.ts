import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, CLOCK, DomainError, InjectTx, JobRegistry, Tx } from '@lib/platform';
import { computeRound, holdsTallied } from '../domain/quadratic-round';
import { MatchFinalization } from '../services/match-finalization';
import { MatchingErrorCode } from '../matching.errors';
import { CampaignPledgeRepository } from '../persistence/campaign-pledge.repository';
import { CampaignRepository } from '../persistence/campaign.repository';
import { FundRepository } from '../persistence/fund.repository';
import { MatchRepository } from '../persistence/match.repository';
import { RoundReadModel } from '../persistence/round.read-model';
import { RoundRepository } from '../persistence/round.repository';
import { QuadraticRule, RuleRepository } from '../persistence/rule.repository';

/**
 * Finalizes quadratic rounds once their end has passed (also after a restart): a one-time
 * finalization after roundEndsAt that reserves each campaign's match and finalizes the campaigns
 * that closed during the round and waited for it. The finalization waits for the round's cut-off
 * (docs/money-rules.md, "Round cut-off"): pledges tells how many confirmations of each campaign it
 * announced before roundEndsAt, and the round is finalized once matching holds them all — a pledge
 * confirmed before the end whose event is still on its way (broker down, a lagging consumer) is
 * counted, not left out.
 */
@Injectable()
export class QuadraticRoundsJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    @InjectTx('matching') private readonly txHost: Tx,
    private readonly rules: RuleRepository,
    private readonly rounds: RoundRepository,
    private readonly reads: RoundReadModel,
    private readonly campaigns: CampaignRepository,
    private readonly pledges: CampaignPledgeRepository,
    private readonly funds: FundRepository,
    private readonly matches: MatchRepository,
    private readonly finalization: MatchFinalization,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register('matching:finalize-rounds', () => this.finalizeDue());
  }

  /**
   * Moves every round whose end has passed towards its finalization: asks pledges for the cut-off
   * tally (once), then finalizes the round once matching holds the pledges the tally counts (once:
   * the rounds row is the guard). Returns what it did (requests sent + rounds and campaigns finalized).
   */
  async finalizeDue(): Promise<number> {
    const now = this.clock.now();
    let done = 0;
    for (const id of await this.rounds.dueBy(now)) done += await this.txHost.withTransaction(() => this.close(id, now));
    // campaigns still waiting whose round no longer applies (its fund closed) are released here
    return done + (await this.finalization.finalizeWaiting());
  }

  /** One ended round: request the cut-off tally, or finalize it once the tally's pledges are here. */
  private async close(ruleId: string, now: Date): Promise<number> {
    const rule = await this.rules.getQuadratic(ruleId);
    // a round of a closed fund is worth nothing: finalized at once, as before the cut-off existed
    if (await this.funds.isClosed(rule.fundId)) return this.finalize(rule, now);
    const cutoff = await this.rounds.findCutoff(ruleId);
    if (cutoff) {
      if (!cutoff.tallies) return 0; // awaiting pledges' answer
      // pledge events still on their way (matching only ever adds pledges: held now, held under the locks)
      const held = await this.pledges.receivedBefore(
        cutoff.tallies.map((t) => t.campaignId),
        new Date(rule.params.roundEndsAt),
      );
      if (!holdsTallied(cutoff.tallies, held)) return 0;
      return this.finalize(rule, now);
    }
    const campaignIds = await this.reads.eligible(rule);
    if (campaignIds.length === 0) return this.finalize(rule, now); // no campaign: no pledge to wait for
    return (await this.rounds.requestCutoff(ruleId, new Date(rule.params.roundEndsAt), campaignIds, now)) ? 1 : 0;
  }

  /** Finalizes the round (once); returns 1 if it did. */
  private async finalize(rule: QuadraticRule, now: Date): Promise<number> {
    const ruleId = rule.id;
    // The campaigns first (in id order), then the fund: the order reservations lock in.
    await this.campaigns.lockPublishedBefore(rule.currency, rule.params.roundEndsAt);
    const available = await this.funds.lockFunds([rule.fundId]);
    if (!(await this.rounds.claimFinal(ruleId, now))) return 0;
    const round = computeRound(rule.params, available.get(rule.fundId) ?? 0, await this.reads.contributions(rule));
    await this.rounds.setFigures(ruleId, round.poolAmount, round.unallocatedAmount);
    for (const r of round.results) {
      await this.rounds.addResult(ruleId, r);
      if (r.matchAmount > 0) {
        const liveMatch = await this.matches.allocate({
          fundId: rule.fundId,
          ruleId,
          campaignId: r.campaignId,
          pledgeId: null,
          donorId: null,
          amount: r.matchAmount,
          currency: rule.currency,
          kind: 'quadratic',
        });
        await this.matches.announce(r.campaignId, liveMatch);
      }
      // a campaign whose funding closed during the round waited for it: its final figures include the share
      await this.finalization.finalizeIfComplete(r.campaignId);
    }
    if (round.matchedAmount + round.unallocatedAmount !== round.poolAmount) {
      throw new DomainError(MatchingErrorCode.ROUND_UNBALANCED, 'conflict', 'quadratic round does not add up');
    }
    return 1;
  }
}
