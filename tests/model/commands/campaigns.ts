import { randomUUID } from 'node:crypto';
import { isoIn } from '../../support/fixtures';
import { bearer } from '../../support/flows';
import { Cmd, Model, pick, World } from '../model';
import { campaignOf, p, step } from '../system';

// Promoters' drafts (also by the wrong role, or above the call's maximum) and the review of the call's funder and admins.
export class CreateCampaign implements Cmd {
  constructor(
    readonly promoter: number,
    readonly goal: number,
    readonly model: 'all_or_nothing' | 'keep_it_all',
    readonly days: number,
    readonly upfront: number,
    readonly milestones: { rule: 'binary' | 'proportional'; due: number; min: number }[],
    readonly variant: 'valid' | 'wrong-role' | 'goal-above-call',
  ) {}
  check = () => true;
  async run(m: Model, w: World) {
    const now = p.clock.now().getTime();
    const goal = this.variant === 'goal-above-call' ? 20_000_000 : this.goal;
    const rest = 100 - this.upfront;
    const shares = this.milestones.map((_, i) =>
      i === 0 ? rest - Math.floor(rest / this.milestones.length) * (this.milestones.length - 1) : Math.floor(rest / this.milestones.length),
    );
    const body = {
      title: `Campaign ${randomUUID().slice(0, 6)}`,
      summary: 's',
      description: 'd',
      callId: w.callId,
      area: 'Giambellino',
      category: 'social_concierge',
      promoterType: 'ets',
      goalAmount: goal,
      currency: 'EUR',
      fundingModel: this.model,
      startsAt: isoIn(-0.01, now),
      endsAt: isoIn(this.days, now),
      cofinancingAmount: Math.ceil(goal / 10),
      upfrontSharePct: this.upfront,
      failedMilestonePolicy: 'refund_donor_share',
      milestones: this.milestones.map((ms, i) => ({
        title: `M${i}`,
        indicator: 'households',
        unit: 'households',
        baseline: 0,
        target: 100,
        dueAt: isoIn(this.days + ms.due, now),
        payoutSharePct: shares[i],
        paymentRule: ms.rule,
        ...(ms.rule === 'proportional' ? { minAchievementPct: ms.min } : {}),
      })),
    };
    const token = this.variant === 'wrong-role' ? pick(w.citizens, this.promoter).token : pick(w.promoters, this.promoter).token;
    const expected = this.variant === 'wrong-role' ? [403] : [201];
    const res = await step(
      w,
      `createCampaign(${this.variant}, promoter ${this.promoter}, goal ${goal}, ${this.model}, ${this.days}d, upfront ${this.upfront}, ${this.milestones.map((x) => x.rule).join('+')})`,
      expected,
      () => p.api.post('/campaigns').set(bearer(token)).send(body),
    );
    if (res.status === 201)
      m.campaigns.push({
        id: res.body.id as string,
        promoter: this.promoter,
        milestones: (res.body.milestones as { id: string }[]).map((x) => x.id),
        ineligible: this.variant === 'goal-above-call',
      });
  }
  toString = () =>
    `CreateCampaign(${this.promoter}, ${this.goal}, ${this.model}, ${this.days}, ${this.upfront}, ${JSON.stringify(this.milestones)}, ${this.variant})`;
}

export class Review implements Cmd {
  constructor(
    readonly campaign: number,
    readonly action: 'submit' | 'approve' | 'reject' | 'cancel',
    readonly as: 'owner' | 'other' | 'admin',
  ) {}
  check = (m: Readonly<Model>) => m.campaigns.length > 0;
  async run(m: Model, w: World) {
    const c = pick(m.campaigns, this.campaign);
    const { status } = await campaignOf(c.id);
    const ownerToken = this.action === 'submit' || this.action === 'cancel' ? w.promoters[c.promoter].token : w.funders[0].token; // funder 0 owns the call
    const otherToken = this.action === 'submit' || this.action === 'cancel' ? w.promoters[1 - c.promoter].token : w.funders[1].token;
    const token = this.as === 'owner' ? ownerToken : this.as === 'other' ? otherToken : w.admin.token;
    const from: Record<string, string[]> = {
      submit: ['draft', 'rejected'],
      approve: ['submitted'],
      reject: ['submitted'],
      cancel: ['draft', 'submitted', 'rejected', 'scheduled', 'live'],
    };
    const adminMay = this.action !== 'submit';
    let expected: number[];
    if (this.as === 'other' || (this.as === 'admin' && !adminMay)) expected = [403];
    else if (!from[this.action].includes(status)) expected = [409];
    else if ((this.action === 'submit' || this.action === 'approve') && (c.ineligible || p.clock.now().getTime() >= w.callClosesAt))
      expected = [422]; // the call's rules, checked at submission and approval
    else if (this.action === 'cancel')
      expected = [200, 409, 422]; // a promoter may cancel only before pledges came in (docs): either answer, never a 5xx
    else expected = [200];
    await step(w, `${this.action}(campaign ${m.campaigns.indexOf(c)} [${status}], as ${this.as})`, expected, () =>
      p.api
        .post(`/campaigns/${c.id}/${this.action}`)
        .set(bearer(token))
        .send(this.action === 'reject' || this.action === 'cancel' ? { reason: 'model-based test' } : {}),
    );
  }
  toString = () => `Review(${this.campaign}, ${this.action}, ${this.as})`;
}
