import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { PledgeRepository } from '../persistence/pledge.repository';
import { PledgesErrorCode } from '../pledges.errors';
import { PAYMENT_GATEWAY, PaymentGateway } from './payment-gateway';

interface PledgeResponse {
  id?: unknown;
  status?: unknown;
  payment?: Record<string, unknown>;
}

/**
 * Creates the provider payment of a new pledge AFTER its transaction (and the Idempotency-Key's)
 * committed, so no network call runs inside a database transaction. Listed after @Idempotent, so
 * it runs outside it, on the first response and on every replay: a pledge without a payment yet
 * (a crash, or the provider down on the first try) gets it on the client's retry with the same
 * key; the provider's own idempotency key (`pledge:<id>:payment:v1`) makes a repeated creation
 * return the same payment, and a conditional update stores its reference once. The client secret
 * is never stored with the idempotent response: it is read from the provider each time.
 */
@Injectable()
export class AttachPaymentInterceptor implements NestInterceptor {
  private readonly logger = new Logger('pledges:payments');

  constructor(
    private readonly pledges: PledgeRepository,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(switchMap((body) => from(this.attach(body as PledgeResponse))));
  }

  private async attach(body: PledgeResponse): Promise<PledgeResponse> {
    if (!body || typeof body.id !== 'string' || body.status !== 'requires_payment') return body;
    // The sandbox's payment was stored with the pledge (PaymentGateway.localPayment): nothing to attach.
    if (this.gateway.localPayment) return body;
    const row = await this.pledges.paymentOf(body.id);
    if (!row) return body;
    let clientSecret: string | undefined;
    try {
      if (row.paymentRef === null) {
        const payment = await this.gateway.createPayment({ pledgeId: body.id, campaignId: row.campaignId, amount: row.amount, currency: row.currency });
        await this.pledges.setPaymentRefOnce(body.id, payment.ref);
        clientSecret = payment.clientSecret;
      } else {
        clientSecret = await this.gateway.clientSecret(row.paymentRef);
      }
    } catch (e) {
      this.logger.warn(`payment for pledge ${body.id} not created: ${(e as Error).message}`);
      throw new ServiceUnavailableException({
        statusCode: 503,
        code: PledgesErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        message: 'The payment provider did not answer; retry with the same Idempotency-Key to get the payment of this pledge',
        pledgeId: body.id,
      });
    }
    return { ...body, payment: { ...(body.payment ?? {}), ...(clientSecret ? { clientSecret } : {}) } };
  }
}
