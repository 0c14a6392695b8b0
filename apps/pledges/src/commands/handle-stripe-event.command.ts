import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import Stripe from 'stripe';
import { DomainError, PLATFORM_CONFIG, PlatformConfig } from '@lib/platform';
import { paymentMismatch } from '../domain/pledge-transitions';
import { toPaymentSignal } from '../payments/stripe-event.mapper';
import { PledgeRepository } from '../persistence/pledge.repository';
import { StripeEventRepository } from '../persistence/stripe-event.repository';
import { PaymentOutcomes } from '../services/payment-outcomes';
import { PledgesErrorCode } from '../pledges.errors';

export class HandleStripeEventCommand extends Command<{ received: true; duplicate: boolean; outcome: string }> {
  constructor(
    readonly rawBody: Buffer | undefined,
    readonly signature: string | undefined,
  ) {
    super();
  }
}

/**
 * Stripe webhook: the signature is checked on the raw body (a bad one is a 400 and changes
 * nothing); each event id is recorded once, in the same transaction as its effect, so a replay
 * is acknowledged without effect; the effect goes through PaymentOutcomes' monotonic state machine.
 */
@CommandHandler(HandleStripeEventCommand)
export class HandleStripeEventHandler implements ICommandHandler<HandleStripeEventCommand> {
  private readonly logger = new Logger('stripe-webhook');
  private readonly stripe: Stripe;

  constructor(
    private readonly events: StripeEventRepository,
    private readonly pledges: PledgeRepository,
    private readonly outcomes: PaymentOutcomes,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY ?? 'sk_test_unused');
  }

  async execute({ rawBody, signature }: HandleStripeEventCommand) {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw new DomainError(PledgesErrorCode.STRIPE_WEBHOOKS_DISABLED, 'not_found', 'Stripe webhooks are not configured on this deployment');
    if (!rawBody || !signature)
      throw new DomainError(PledgesErrorCode.STRIPE_SIGNATURE_MISSING, 'invalid', 'Stripe-Signature header and raw body are required');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (e) {
      throw new DomainError(PledgesErrorCode.STRIPE_SIGNATURE_INVALID, 'invalid', `Invalid Stripe signature: ${(e as Error).message}`);
    }
    return this.apply(event);
  }

  @Transactional('pledges')
  private async apply(event: Stripe.Event) {
    if (!(await this.events.recordOnce(event))) return { received: true as const, duplicate: true, outcome: 'duplicate' };
    const signal = toPaymentSignal(event);
    let outcome: string;
    if (signal.kind === 'ignored') {
      outcome = `ignored: ${signal.reason}`;
    } else {
      const byId = 'pledgeId' in signal && signal.pledgeId ? { id: signal.pledgeId, paymentRef: signal.paymentRef } : { paymentRef: signal.paymentRef };
      const pledge = await this.pledges.findForUpdateByPayment(byId);
      if (!pledge) outcome = 'ignored: no pledge for this payment';
      else if (signal.kind === 'succeeded') {
        outcome = paymentMismatch(signal, pledge) ?? (await this.outcomes.succeeded(pledge));
      } else if (signal.kind === 'failed') outcome = await this.outcomes.failed(pledge, signal.reason);
      else outcome = signal.fully ? await this.outcomes.refundedByProvider(pledge) : `ignored: partial refund of ${signal.amountRefunded} (full refunds only)`;
    }
    if (outcome.startsWith('refused') || outcome.startsWith('ignored: no pledge')) this.logger.warn(`${event.type} ${event.id}: ${outcome}`);
    await this.events.setOutcome(event.id, outcome);
    return { received: true as const, duplicate: false, outcome };
  }
}
