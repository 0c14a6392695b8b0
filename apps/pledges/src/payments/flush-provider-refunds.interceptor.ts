import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { ProviderRefunds } from './provider-refunds';

/**
 * After a request that may have decided refunds (an admin refund, a payment that came too late),
 * makes the queued provider refunds — listed last on the route, so it runs outside the request's
 * transaction and the Idempotency-Key's. The pledge of the route's `:id` when there is one, else
 * whatever is pending. A provider failure never fails the answer: the refund is booked, and the
 * job retries the provider call.
 */
@Injectable()
export class FlushProviderRefundsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('pledges:provider-refunds');

  constructor(private readonly refunds: ProviderRefunds) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const param = context.switchToHttp().getRequest<Request>().params?.id;
    const id = typeof param === 'string' ? param : undefined;
    return next.handle().pipe(
      switchMap((body) =>
        from(
          this.refunds
            .flush(id ? { pledgeIds: [id] } : {})
            .catch((e: Error) => this.logger.warn(`provider refunds not flushed: ${e.message}`))
            .then(() => body),
        ),
      ),
    );
  }
}
