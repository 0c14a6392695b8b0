import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor, Clock, CLOCK, DomainError, NotFound } from '@lib/platform';
import { pledgeRefusal } from '../domain/pledge';
import { PAYMENT_GATEWAY, PaymentGateway } from '../payments/payment-gateway';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeEntity } from '../persistence/pledge.entity';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { PLEDGES_CONFIG, type PledgesConfig } from '../pledges.config';

/** What a donor pledges (amount in cents; validated at the edge, checked against the campaign here). */
export interface CreatePledgeInput {
  campaignId: string;
  amount: number;
  currency: string;
  anonymous?: boolean;
  displayName?: string;
  message?: string;
}

export class CreatePledgeCommand extends Command<PledgeEntity> {
  constructor(
    readonly actor: Actor,
    readonly input: CreatePledgeInput,
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
    @Inject(PLEDGES_CONFIG) private readonly config: PledgesConfig,
  ) {}

  @Transactional('pledges')
  async execute({ actor, input }: CreatePledgeCommand) {
    const campaign = await this.campaigns.find(input.campaignId);
    if (!campaign) throw new NotFound('Campaign', input.campaignId);
    const now = this.clock.now();
    const refusal = pledgeRefusal(campaign, now);
    if (refusal) throw new DomainError(PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES, 'conflict', `No pledges now: ${refusal}`);
    if (input.currency !== campaign.currency) {
      throw new DomainError(PledgesErrorCode.PLEDGE_CURRENCY_MISMATCH, 'unprocessable', `The campaign collects ${campaign.currency}, not ${input.currency}`);
    }
    if (input.amount < this.config.PLEDGE_MIN_AMOUNT || input.amount > this.config.PLEDGE_MAX_AMOUNT) {
      throw new DomainError(
        PledgesErrorCode.PLEDGE_AMOUNT_OUT_OF_RANGE,
        'unprocessable',
        `A pledge is between ${this.config.PLEDGE_MIN_AMOUNT} and ${this.config.PLEDGE_MAX_AMOUNT} cents`,
      );
    }
    const id = randomUUID();
    // No provider call here, inside the transaction: AttachPaymentInterceptor creates the payment
    // after commit, keyed by the pledge id (no network call inside a database transaction). A
    // provider that needs no network call (the sandbox) gives its reference now, stored with the pledge.
    return this.pledges.insert({
      id,
      campaignId: campaign.campaignId,
      donorId: actor.id,
      amount: input.amount,
      currency: input.currency,
      status: 'requires_payment',
      anonymous: input.anonymous ?? false,
      displayName: input.displayName ?? null,
      message: input.message ?? null,
      paymentProvider: this.gateway.provider,
      paymentRef: this.gateway.localPayment?.(id).ref ?? null,
      failureReason: null,
      createdAt: now,
      confirmedAt: null,
      announcedAt: null,
      refundedAt: null,
      refundReason: null,
    });
  }
}
