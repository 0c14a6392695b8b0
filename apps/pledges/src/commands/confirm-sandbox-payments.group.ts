import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Actor, Clock, CLOCK, CORRELATION_KEY, DomainError, Forbidden, GroupCommit, GroupOutcome, InjectTx, NotFound, Tx } from '@lib/platform';
import { sandboxCharge, SandboxOutcome } from '../domain/pledge';
import { sandboxChargeNeeded, successCounts } from '../domain/pledge-transitions';
import { AnnouncedConfirmations } from '../persistence/announced-confirmations.repository';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeGroups } from '../persistence/pledge-groups.repository';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { PaymentOutcomes } from '../services/payment-outcomes';

export interface SandboxConfirmation {
  actor: Actor;
  pledgeId: string;
  cardNumber: string;
  correlationId?: string;
}

/**
 * Sandbox confirmations of concurrent requests, written by group commit (GroupCommit): the common
 * case — a test card that pays, for a pledge awaiting payment, of a campaign taking pledges — is
 * applied to the whole group with one statement per step, in the order PaymentOutcomes.succeeded
 * takes them: the pledges locked (id order), the campaigns' confirmation locks taken (shared, id
 * order) BEFORE the clock is read (a round's cut-off tally counts the confirmation or dates it
 * after the cut-off), the campaign views read, the pledges confirmed and their pledge.confirmed
 * events appended. Anything else (a declined card, a campaign that closed meanwhile: a refund)
 * goes `alone` through PaymentOutcomes, in its own transaction after the group commits.
 */
@Injectable()
export class ConfirmSandboxPaymentsGroup {
  private readonly group = new GroupCommit<SandboxConfirmation, PledgeEntity>({
    name: 'pledges.sandbox-confirm',
    apply: (items) => this.apply(items),
    one: (item) => this.transact(() => this.one(item), item.correlationId),
    transact: (fn) => this.transact(fn),
  });

  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly cls: ClsService,
    private readonly pledges: PledgeRepository,
    private readonly groups: PledgeGroups,
    private readonly announced: AnnouncedConfirmations,
    private readonly campaigns: CampaignViewRepository,
    private readonly outcomes: PaymentOutcomes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  submit(item: SandboxConfirmation): Promise<PledgeEntity> {
    return this.group.submit(item);
  }

  private transact<T>(fn: () => Promise<T>, correlationId?: string): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => {
      if (correlationId) this.cls.set(CORRELATION_KEY, correlationId);
      return this.txHost.withTransaction(fn);
    });
  }

  private async apply(items: readonly SandboxConfirmation[]): Promise<GroupOutcome<PledgeEntity>[]> {
    const outcomes: (GroupOutcome<PledgeEntity> | undefined)[] = items.map(() => undefined);
    const seen = new Set<string>();
    items.forEach((it, i) => (seen.has(it.pledgeId) ? (outcomes[i] = { again: true }) : seen.add(it.pledgeId))); // the same pledge twice: next group
    const locked = await this.groups.lockAll(items.flatMap((it, i) => (outcomes[i] ? [] : [it.pledgeId])));
    const paying: number[] = [];
    items.forEach((it, i) => {
      if (outcomes[i]) return;
      const pledge = locked.get(it.pledgeId);
      outcomes[i] = pledge ? this.classify(it, pledge) : { error: new NotFound('Pledge', it.pledgeId) };
      if (!outcomes[i]) paying.push(i);
    });
    const pledgeOf = (i: number) => locked.get(items[i].pledgeId) as PledgeEntity;
    await this.announced.lockForConfirmations(paying.map((i) => pledgeOf(i).campaignId));
    const now = this.clock.now();
    const views = await this.campaigns.findMany(paying.map((i) => pledgeOf(i).campaignId));
    const counted = paying.filter((i) => successCounts(pledgeOf(i).status, views.get(pledgeOf(i).campaignId)?.status).counted);
    for (const i of paying) if (!counted.includes(i)) outcomes[i] = { alone: true }; // not counted: refunded at once, by PaymentOutcomes
    await this.groups.markConfirmedAll(
      counted.map((i) => ({ pledge: pledgeOf(i), correlationId: items[i].correlationId })),
      now,
    );
    for (const i of counted)
      outcomes[i] = { value: Object.assign(new PledgeEntity(), { ...pledgeOf(i), status: 'confirmed', confirmedAt: now, announcedAt: now }) };
    return outcomes as GroupOutcome<PledgeEntity>[];
  }

  /** What the group does with a locked pledge: nothing more (its outcome) or charge it (undefined). */
  private classify(it: SandboxConfirmation, pledge: PledgeEntity): GroupOutcome<PledgeEntity> | undefined {
    const refused = this.refusal(it.actor, pledge);
    if (refused) return { error: refused };
    if (pledge.status === 'confirmed') return { value: pledge }; // paid already: nothing to charge (sandboxChargeNeeded)
    if (pledge.status !== 'requires_payment') return { alone: true }; // a state conflict: the lone path says which
    const charge = this.charge(it.cardNumber);
    if (charge instanceof DomainError) return { error: charge }; // not a card number: nothing charged, nothing written
    return charge.ok ? undefined : { alone: true }; // declined: the pledge fails through PaymentOutcomes
  }

  private charge(cardNumber: string): SandboxOutcome | DomainError {
    try {
      return sandboxCharge(cardNumber);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  }

  private refusal(actor: Actor, pledge: PledgeEntity): DomainError | null {
    if (pledge.donorId !== actor.id) return new Forbidden('Only the donor may pay for this pledge', PledgesErrorCode.FORBIDDEN);
    if (pledge.paymentProvider !== 'sandbox')
      return new DomainError(PledgesErrorCode.PLEDGE_NOT_SANDBOX, 'conflict', 'This pledge is paid through Stripe, not the sandbox');
    return null;
  }

  /** One confirmation on its own, through the payment state machine (its own transaction). */
  private async one({ actor, pledgeId, cardNumber }: SandboxConfirmation): Promise<PledgeEntity> {
    const pledge = await this.pledges.getForUpdate(pledgeId);
    const refused = this.refusal(actor, pledge);
    if (refused) throw refused;
    if (!sandboxChargeNeeded(pledge)) return pledge;
    const charge = sandboxCharge(cardNumber);
    if (charge.ok) await this.outcomes.succeeded(pledge);
    else await this.outcomes.failed(pledge, charge.reason);
    return this.pledges.reload(pledge.id);
  }
}
