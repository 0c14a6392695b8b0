import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { MilestoneFailed, MilestoneVerified } from '@lib/contracts';
import { OutboxWriter } from '@lib/messaging';
import { Actor, Clock, CLOCK, DomainError, Forbidden, InjectTx, NotFound, Tx } from '@lib/platform';
import { achievementBps, assertVerifierIndependent, MilestoneNotVerifiable, sameIndicatorValue } from '../domain/milestone';
import { EvidenceDto, VerificationDto } from '../http/milestones.dto';
import { CallEntity } from '../persistence/call.entity';
import { CampaignEntity } from '../persistence/campaign.entity';
import { MilestoneEntity } from '../persistence/milestone.entity';
import { CompleteWhenSettled } from './complete-when-settled';

export class SubmitEvidenceCommand extends Command<{ id: string; milestone: MilestoneEntity }> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly milestoneId: string,
    readonly input: EvidenceDto,
  ) {
    super();
  }
}

export class VerifyMilestoneCommand extends Command<MilestoneEntity> {
  constructor(
    readonly actor: Actor,
    readonly campaignId: string,
    readonly milestoneId: string,
    readonly input: VerificationDto,
  ) {
    super();
  }
}

class MilestoneStateConflict extends DomainError {
  constructor(status: string, action: string) {
    super('MILESTONE_STATE_CONFLICT', 'conflict', `The milestone is ${status} and cannot ${action}`);
  }
}

async function loadForUpdate(tx: Tx, campaignId: string, milestoneId: string) {
  const campaign = await tx.tx.getRepository(CampaignEntity).findOne({ where: { id: campaignId }, lock: { mode: 'pessimistic_write' } });
  if (!campaign) throw new NotFound('Campaign', campaignId);
  const milestone = await tx.tx.getRepository(MilestoneEntity).findOneBy({ id: milestoneId, campaignId });
  if (!milestone) throw new NotFound('Milestone', milestoneId);
  return { campaign, milestone };
}

/** The promoter reports a result; evidence can be added again until a verifier has decided. */
@CommandHandler(SubmitEvidenceCommand)
export class SubmitEvidenceHandler implements ICommandHandler<SubmitEvidenceCommand> {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, milestoneId, input }: SubmitEvidenceCommand) {
    const { campaign, milestone } = await loadForUpdate(this.txHost, campaignId, milestoneId);
    if (campaign.promoterId !== actor.id) throw new Forbidden('Only the promoter who owns this campaign may submit evidence');
    if (campaign.status !== 'in_delivery') throw new DomainError('CAMPAIGN_NOT_IN_DELIVERY', 'conflict', `Evidence is accepted while the campaign is in delivery; it is ${campaign.status}`);
    if (milestone.status !== 'pending' && milestone.status !== 'evidence_submitted') throw new MilestoneStateConflict(milestone.status, 'take evidence');
    const id = randomUUID();
    await this.txHost.tx.query(
      `INSERT INTO campaigns.milestone_evidence (id, milestone_id, campaign_id, reported_value, description, documents, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, milestone.id, campaign.id, input.reportedValue, input.description, JSON.stringify(input.documents), actor.id, this.clock.now()],
    );
    milestone.status = 'evidence_submitted';
    await this.txHost.tx.getRepository(MilestoneEntity).update({ id: milestone.id }, { status: 'evidence_submitted' });
    return { id, milestone };
  }
}

/**
 * An independent verifier records the verified value and the verdict; payouts acts on the event.
 * Verified carries the achievement ratio; failed forfeits the tranche.
 */
@CommandHandler(VerifyMilestoneCommand)
export class VerifyMilestoneHandler implements ICommandHandler<VerifyMilestoneCommand> {
  constructor(
    @InjectTx('campaigns') private readonly txHost: Tx,
    private readonly outbox: OutboxWriter,
    private readonly completion: CompleteWhenSettled,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Transactional('campaigns')
  async execute({ actor, campaignId, milestoneId, input }: VerifyMilestoneCommand): Promise<MilestoneEntity> {
    const { campaign, milestone } = await loadForUpdate(this.txHost, campaignId, milestoneId);
    const call = campaign.callId ? await this.txHost.tx.getRepository(CallEntity).findOneBy({ id: campaign.callId }) : null;
    const [closing] = await this.txHost.tx.query(`SELECT match_by_fund FROM campaigns.campaign_closings WHERE campaign_id = $1`, [campaign.id]);
    // match.finalized lists every fund that matches the campaign (quadratic shares included: the
    // campaign waits for its rounds); the backers come from pledges' events (campaign_backers).
    const funderIds = ((closing?.match_by_fund ?? []) as { funderId: string; amount: number }[]).map((f) => f.funderId);
    const backed = await this.txHost.tx.query(`SELECT 1 FROM campaigns.campaign_backers WHERE campaign_id = $1 AND donor_id = $2`, [campaign.id, actor.id]);
    assertVerifierIndependent(actor.id, { promoterId: campaign.promoterId, callOwnerId: call?.ownerId ?? null, funderIds, backerIds: backed.length ? [actor.id] : [] });
    if (campaign.status !== 'in_delivery') throw new DomainError('CAMPAIGN_NOT_IN_DELIVERY', 'conflict', `Milestones are verified while the campaign is in delivery; it is ${campaign.status}`);
    if (milestone.status !== 'evidence_submitted') throw new MilestoneStateConflict(milestone.status, 'be verified (evidence is needed first)');

    const now = this.clock.now();
    // A milestone stored before baseline ≠ target was enforced can never be measured: 422, not a 500.
    if (sameIndicatorValue(milestone.baseline, milestone.target)) {
      throw new MilestoneNotVerifiable(`Milestone ${milestone.id} has target = baseline (${milestone.target}); no result can be measured against it`);
    }
    const bps = achievementBps(milestone.baseline, milestone.target, input.verifiedValue);
    const status = input.approved ? 'verified' : 'failed';
    await this.txHost.tx.query(
      `INSERT INTO campaigns.milestone_verifications (id, milestone_id, verifier_id, verified_value, approved, notes, verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), milestone.id, actor.id, input.verifiedValue, input.approved, input.notes ?? '', now],
    );
    await this.txHost.tx.getRepository(MilestoneEntity).update(
      { id: milestone.id },
      { status, verifiedValue: input.verifiedValue, achievementBps: bps, settledAt: now },
    );
    if (input.approved) {
      await this.outbox.append({
        contract: MilestoneVerified,
        aggregateId: campaign.id,
        occurredAt: now,
        payload: { campaignId: campaign.id, milestoneId: milestone.id, verifiedValue: input.verifiedValue, achievementBps: bps, verifierId: actor.id },
      });
    } else {
      await this.outbox.append({
        contract: MilestoneFailed,
        aggregateId: campaign.id,
        occurredAt: now,
        payload: { campaignId: campaign.id, milestoneId: milestone.id, verifiedValue: input.verifiedValue, verifierId: actor.id, notes: input.notes ?? '' },
      });
    }
    await this.completion.completeIfSettled(campaign.id, now);
    return { ...milestone, status, verifiedValue: input.verifiedValue, achievementBps: bps, settledAt: now };
  }
}
