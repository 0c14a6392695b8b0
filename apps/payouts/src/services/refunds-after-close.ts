import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK } from '@lib/platform';
import { unreleased } from '../domain/tranche';
import { takeFromUnreleased } from '../domain/tranches';
import { CampaignOutcomeRepository } from '../persistence/campaign-outcome.repository';
import { EscrowRepository } from '../persistence/escrow.repository';
import { RefundsAfterCloseRepository } from '../persistence/refunds-after-close.repository';
import { TranchePlanRepository } from '../persistence/tranche-plan.repository';

/**
 * Refunds after funding closed (docs/money-rules.md, "Refunds after funding closed"), inside the
 * consumer's transaction: the donor's money leaves the campaign's escrow — before the tranche plan
 * it lowers the crowd the plan splits; after it, it comes out of the tranches not yet released —
 * and the pledge's own withdrawn match goes back to its funds from the unreleased match shares.
 * Never a negative escrow: what the escrow can no longer cover (a refund the provider forced after
 * a release) is booked to the campaign's forced-refunds loss account and raised as an open item.
 * The campaign's outcome row is the lock that serializes this with the plan.
 * Used by three consumers (the two refund events and the plan), so it lives beside them; it holds
 * no SQL (the repositories do) and no rule (domain/ does): only the order of the steps.
 */
@Injectable()
export class RefundsAfterClose {
  constructor(
    private readonly outcomes: CampaignOutcomeRepository,
    private readonly plan: TranchePlanRepository,
    private readonly escrow: EscrowRepository,
    private readonly refunds: RefundsAfterCloseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async crowdRefunded(p: { pledgeId: string; campaignId: string; amount: number; currency: string }): Promise<void> {
    const planned = await this.outcomes.lockOutcome(p.campaignId);
    let covered = p.amount;
    let parts: number[] = [];
    let tranches: { id: string }[] = [];
    if (planned) {
      const locked = await this.plan.lockDonorShares(p.campaignId);
      tranches = locked;
      ({ covered, parts } = takeFromUnreleased(
        p.amount,
        locked.map((t) => unreleased(t.status, t.donorShare, t.dueDonor)),
      ));
    }
    const now = this.clock.now();
    const posted = await this.escrow.refundedAfterClose({ ...p, covered }, now);
    if (!posted) return; // booked already
    await this.outcomes.addCrowdWithdrawn(p.campaignId, covered);
    for (const [i, t] of tranches.entries()) {
      if (parts[i] === 0) continue;
      await this.plan.takeFromDonorShare(t.id, parts[i]);
    }
    if (p.amount > covered) await this.refunds.openForcedRefundShortfall({ ...p, covered });
    await this.forfeitEmptied(p.campaignId);
  }

  /** Records a refunded pledge's withdrawn match; returns it from the unreleased shares once the tranches exist. */
  async matchWithdrawn(p: { pledgeId: string; campaignId: string; currency: string; byFund: { fundId: string; amount: number }[] }): Promise<void> {
    const planned = await this.outcomes.lockOutcome(p.campaignId);
    for (const f of p.byFund) {
      await this.refunds.recordMatchWithdrawal({ pledgeId: p.pledgeId, fundId: f.fundId, campaignId: p.campaignId, amount: f.amount, currency: p.currency });
    }
    if (planned) await this.applyMatchWithdrawals(p.campaignId);
  }

  /**
   * Takes each pending withdrawn match out of its fund's unreleased match shares (largest remainder,
   * as for the crowd), books it escrow → fund and tells matching (funds.returned). What was already
   * released stays spent: the fund paid for a tranche that was delivered. Call under lockOutcome,
   * once the tranches exist (the plan calls it for withdrawals that came before it).
   */
  async applyMatchWithdrawals(campaignId: string): Promise<void> {
    const pending = await this.refunds.lockPendingWithdrawals(campaignId);
    const now = this.clock.now();
    for (const w of pending) {
      const shares = await this.plan.lockFundShares(campaignId, w.fundId);
      const { covered, parts } = takeFromUnreleased(
        w.amount,
        shares.map((s) => unreleased(s.status, s.amount, s.due)),
      );
      for (const [i, s] of shares.entries()) {
        if (parts[i] === 0) continue;
        await this.plan.takeFromFundShare(s.trancheId, w.fundId, parts[i]);
      }
      await this.refunds.markWithdrawalApplied(w.pledgeId, w.fundId, covered, now);
      if (covered === 0) continue;
      await this.escrow.returnWithdrawnMatch({ pledgeId: w.pledgeId, fundId: w.fundId, campaignId, withdrawn: w.amount, covered, currency: w.currency }, now);
    }
    await this.forfeitEmptied(campaignId);
  }

  /** An eligible tranche that refunds emptied has nothing left to release: forfeited (which may settle the campaign's tranches). */
  private async forfeitEmptied(campaignId: string): Promise<void> {
    if ((await this.plan.forfeitEmptied(campaignId)) > 0) await this.outcomes.reportIfSettled(campaignId);
  }
}
