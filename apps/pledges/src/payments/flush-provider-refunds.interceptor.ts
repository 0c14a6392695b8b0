import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, of, switchMap } from 'rxjs';
import { ProviderRefunds } from './provider-refunds';

/**
 * After a request that may have decided refunds (an admin refund, a payment that came too late),
 * makes the queued provider refunds — listed last on the route, so it runs outside the request's
 * transaction and the Idempotency-Key's. The pledge of the route's `:id` when there is one, else
 * whatever is pending. A provider failure never fails the answer: the refund is booked, and the
 * job retries the provider call. An answer that is the route's pledge, confirmed, means this
 * request queued no refund for it (a refund it decided would have left it refunded), so nothing
 * is read then: the sandbox confirmation of every pledge skips a query. Refunds queued elsewhere
 * (a pro-rata donors' share) are flushed by their own path and by the job.
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
        id && isConfirmedPledge(body, id)
          ? of(body)
          : from(
              this.refunds
                .flush(id ? { pledgeIds: [id] } : {})
                .catch((e: Error) => this.logger.warn(`provider refunds not flushed: ${e.message}`))
                .then(() => body),
            ),
      ),
    );
  }
}

const isConfirmedPledge = (body: unknown, id: string) => {
  const pledge = body as { id?: unknown; status?: unknown } | null | undefined;
  return pledge?.id === id && pledge.status === 'confirmed';
};
