import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, Forbidden, NotFound, PLATFORM_CONFIG, PlatformConfig } from '@lib/platform';
import { pledgeRefusal, PledgeStateConflict, sandboxCharge } from '../domain/pledge';
import { CreatePledgeDto } from '../http/pledges.dto';
import { PAYMENT_GATEWAY, PaymentGateway } from '../payments/payment-gateway';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PaymentOutcomes } from './payment-outcomes';

export class CreatePledgeCommand extends Command<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreatePledgeDto,
  ) {
    super();
  }
}

export class ConfirmSandboxPaymentCommand extends Command<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly pledgeId: string,
    readonly cardNumber: string,
  ) {
    super();
  }
}

/** A citizen pledges to a campaign that is open now; the payment is then confirmed by the provider. */
@CommandHandler(CreatePledgeCommand)
export class CreatePledgeHandler implements ICommandHandler<CreatePledgeCommand> {
  constructor(
    private readonly campaigns: CampaignViewRepository,
    private readonly pledges: PledgeRepository,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Transactional('pledges')
  async execute({ actor, input }: CreatePledgeCommand) {
    const campaign = await this.campaigns.find(input.campaignId);
    if (!campaign) throw new NotFound('Campaign', input.campaignId);
    const now = this.clock.now();
    const refusal = pledgeRefusal(campaign, now);
    if (refusal) throw new DomainError('CAMPAIGN_NOT_ACCEPTING_PLEDGES', 'conflict', `No pledges now: ${refusal}`);
    if (input.currency !== campaign.currency) {
      throw new DomainError('PLEDGE_CURRENCY_MISMATCH', 'unprocessable', `The campaign collects ${campaign.currency}, not ${input.currency}`);
    }
    if (input.amount < this.config.PLEDGE_MIN_AMOUNT || input.amount > this.config.PLEDGE_MAX_AMOUNT) {
      throw new DomainError('PLEDGE_AMOUNT_OUT_OF_RANGE', 'unprocessable', `A pledge is between ${this.config.PLEDGE_MIN_AMOUNT} and ${this.config.PLEDGE_MAX_AMOUNT} cents`);
    }
    const id = randomUUID();
    // No provider call here, inside the transaction: AttachPaymentInterceptor creates the payment
    // after commit, keyed by the pledge id (no network call inside a database transaction).
    return this.pledges.insert({
      id, campaignId: campaign.campaignId, donorId: actor.id, amount: input.amount, currency: input.currency,
      status: 'requires_payment', anonymous: input.anonymous ?? false, displayName: input.displayName ?? null,
      message: input.message ?? null, paymentProvider: this.gateway.provider, paymentRef: null,
      failureReason: null, createdAt: now, confirmedAt: null, announcedAt: null, refundedAt: null, refundReason: null,
    });
  }
}

/** Sandbox only: charge a Stripe test card; the outcome goes through the same state machine as Stripe's webhooks. */
@CommandHandler(ConfirmSandboxPaymentCommand)
export class ConfirmSandboxPaymentHandler implements ICommandHandler<ConfirmSandboxPaymentCommand> {
  constructor(
    private readonly pledges: PledgeRepository,
    private readonly outcomes: PaymentOutcomes,
  ) {}

  @Transactional('pledges')
  async execute({ actor, pledgeId, cardNumber }: ConfirmSandboxPaymentCommand): Promise<PledgeEntity> {
    const pledge = await this.pledges.getForUpdate(pledgeId);
    if (pledge.donorId !== actor.id) throw new Forbidden('Only the donor may pay for this pledge');
    if (pledge.paymentProvider !== 'sandbox') throw new DomainError('PLEDGE_NOT_SANDBOX', 'conflict', 'This pledge is paid through Stripe, not the sandbox');
    if (pledge.status === 'confirmed') return pledge;
    if (pledge.status !== 'requires_payment') throw new PledgeStateConflict(pledge.id, pledge.status, 'paid');
    const charge = sandboxCharge(cardNumber);
    if (charge.ok) await this.outcomes.succeeded(pledge);
    else await this.outcomes.failed(pledge, charge.reason);
    return this.pledges.reload(pledge.id);
  }
}
