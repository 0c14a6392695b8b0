import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import type { RequestWithActor } from '@lib/platform';
import { PayoutAccountRepository } from '../persistence/payout-account.repository';
import { PayoutsErrorCode } from '../payouts.errors';
import { PAYOUT_GATEWAY, PayoutGateway } from './payout-gateway';

/**
 * Stripe Connect onboarding AFTER the payout-account choice (and its audit entry) committed, so no
 * provider call runs inside a database transaction: the route's outermost interceptor (declared
 * closest to the method). The provider keys the account by promoter (`promoter:<id>:connect-account:v1`),
 * so a retry returns the same account; its id is stored while Connect is still the promoter's choice.
 * The provider down: 503, the choice stands, a retry finishes it.
 */
@Injectable()
export class ConnectOnboardingAfterCommit implements NestInterceptor {
  private readonly logger = new Logger('payouts:connect');

  constructor(
    private readonly accounts: PayoutAccountRepository,
    @Inject(PAYOUT_GATEWAY) private readonly gateway: PayoutGateway,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    return next.handle().pipe(switchMap((body) => from(this.onboard(req, body as { method?: unknown }))));
  }

  private async onboard(req: RequestWithActor, body: { method?: unknown }): Promise<unknown> {
    if (body?.method !== 'stripe_connect' || !req.actor) return body;
    if (this.accounts.isTransactionActive()) throw new Error('Stripe Connect onboarding runs outside database transactions');
    // the body passed the route's validation (PayoutAccountDto: an ISO country code when given)
    const country = (req.body as { country?: string }).country ?? 'IT';
    try {
      const { accountId, onboardingUrl } = await this.gateway.createAccount(req.actor.id, country);
      await this.accounts.setStripeAccount(req.actor.id, accountId);
      return { ...body, onboardingUrl };
    } catch (e) {
      this.logger.warn(`Connect onboarding for promoter ${req.actor.id} not started: ${(e as Error).message}`);
      throw new ServiceUnavailableException({
        statusCode: 503,
        code: PayoutsErrorCode.PAYOUT_PROVIDER_UNAVAILABLE,
        message: 'The payment provider did not answer; your choice of Stripe Connect is saved, retry to get the onboarding link',
      });
    }
  }
}
