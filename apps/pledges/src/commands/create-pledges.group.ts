import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import {
  Actor,
  Clock,
  CLOCK,
  DomainError,
  firstOfEachKey,
  GroupCommit,
  GroupOutcome,
  IdempotencyClaim,
  IdempotencyKeyReused,
  IdempotentReply,
  InjectTx,
  NotFound,
  Tx,
} from '@lib/platform';
import { pledgeRefusal } from '../domain/pledge';
import { PAYMENT_GATEWAY, PaymentGateway } from '../payments/payment-gateway';
import { CampaignViewEntity } from '../persistence/campaign-view.entity';
import { CampaignViewRepository } from '../persistence/campaign-view.repository';
import { PledgeEntity } from '../persistence/pledge.entity';
import type { NewPledge } from '../persistence/pledge.repository';
import { PledgeGroups } from '../persistence/pledge-groups.repository';
import { PledgeIdempotencyKeys } from '../persistence/pledge-idempotency-keys.repository';
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

export interface PledgeRequest {
  actor: Actor;
  input: CreatePledgeInput;
  answer: (pledge: PledgeEntity) => unknown;
  claim?: IdempotencyClaim;
}

/**
 * The pledges of concurrent POST /pledges requests, written by group commit (GroupCommit): one
 * transaction per group with one statement per kind of row — the Idempotency-Keys claimed, the
 * campaigns read, the pledges inserted, the answers stored — instead of five per pledge. Each
 * request is checked on its own (a refused one writes nothing and releases its key); its answer
 * and key commit with its pledge, so a replay after a crash finds both or neither.
 */
@Injectable()
export class CreatePledgesGroup {
  private readonly group = new GroupCommit<PledgeRequest, IdempotentReply>({
    name: 'pledges.create',
    apply: (requests) => this.apply(requests),
    one: (request) => this.transact(async () => this.only(await this.apply([request]))),
    transact: (fn) => this.transact(fn),
  });

  constructor(
    @InjectTx('pledges') private readonly txHost: Tx,
    private readonly cls: ClsService,
    private readonly keys: PledgeIdempotencyKeys,
    private readonly campaigns: CampaignViewRepository,
    private readonly pledges: PledgeGroups,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLEDGES_CONFIG) private readonly config: PledgesConfig,
  ) {}

  submit(request: PledgeRequest): Promise<IdempotentReply> {
    return this.group.submit(request);
  }

  private transact<T>(fn: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, () => this.txHost.withTransaction(fn)); // not the context of the request that started the group
  }

  private only(outcomes: GroupOutcome<IdempotentReply>[]): IdempotentReply {
    const [o] = outcomes;
    if ('value' in o) return o.value;
    throw 'error' in o ? o.error : new Error('a lone pledge request cannot wait for another group');
  }

  private async apply(requests: readonly PledgeRequest[]): Promise<GroupOutcome<IdempotentReply>[]> {
    const outcomes: (GroupOutcome<IdempotentReply> | undefined)[] = requests.map(() => undefined);
    const { first, later } = firstOfEachKey(requests);
    for (const i of later) outcomes[i] = { again: true }; // the same key twice: the next group replays the first
    const claims = await this.keys.claim(first.map((i) => requests[i].claim as IdempotencyClaim));
    first.forEach((i, k) => {
      const c = claims[k];
      if ('reused' in c) outcomes[i] = { error: new IdempotencyKeyReused() };
      else if ('replay' in c) outcomes[i] = { value: { replayed: true, ...c.replay } };
    });
    const open = requests.flatMap((r, i) => (outcomes[i] ? [] : [i]));
    const campaigns = await this.campaigns.findMany(open.map((i) => requests[i].input.campaignId));
    const now = this.clock.now();
    const created: { i: number; pledge: NewPledge }[] = [];
    const released: IdempotencyClaim[] = [];
    for (const i of open) {
      const { actor, input, claim } = requests[i];
      const campaign = campaigns.get(input.campaignId.toLowerCase());
      const refusal = this.refusal(input, campaign, now);
      if (refusal || !campaign) {
        outcomes[i] = { error: refusal };
        if (claim) released.push(claim);
      } else created.push({ i, pledge: this.pledgeOf(actor, input, campaign, now) });
    }
    await this.keys.release(released);
    const pledges = await this.pledges.insertAll(created.map((c) => c.pledge));
    const answers = created.map((c, k) => ({ i: c.i, claim: requests[c.i].claim, body: requests[c.i].answer(pledges[k]) }));
    await this.keys.answer(answers.flatMap((a) => (a.claim ? [{ claim: a.claim, body: a.body }] : [])));
    for (const a of answers) outcomes[a.i] = { value: { replayed: false, body: a.body } };
    return outcomes as GroupOutcome<IdempotentReply>[];
  }

  /** Why this pledge cannot be taken now (null when it can). */
  private refusal(input: CreatePledgeInput, campaign: CampaignViewEntity | undefined, now: Date): DomainError | null {
    if (!campaign) return new NotFound('Campaign', input.campaignId);
    const refusal = pledgeRefusal(campaign, now);
    if (refusal) return new DomainError(PledgesErrorCode.CAMPAIGN_NOT_ACCEPTING_PLEDGES, 'conflict', `No pledges now: ${refusal}`);
    if (input.currency !== campaign.currency) {
      return new DomainError(PledgesErrorCode.PLEDGE_CURRENCY_MISMATCH, 'unprocessable', `The campaign collects ${campaign.currency}, not ${input.currency}`);
    }
    const { PLEDGE_MIN_AMOUNT: min, PLEDGE_MAX_AMOUNT: max } = this.config;
    if (input.amount < min || input.amount > max) {
      return new DomainError(PledgesErrorCode.PLEDGE_AMOUNT_OUT_OF_RANGE, 'unprocessable', `A pledge is between ${min} and ${max} cents`);
    }
    return null;
  }

  private pledgeOf(actor: Actor, input: CreatePledgeInput, campaign: CampaignViewEntity, now: Date): NewPledge {
    const id = randomUUID();
    // No provider call here, inside the transaction: AttachPaymentInterceptor creates the payment
    // after commit, keyed by the pledge id (no network call inside a database transaction). A
    // provider that needs no network call (the sandbox) gives its reference now, stored with the pledge.
    return {
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
    };
  }
}
