import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { Payouts } from '../payments/tranche-payout';

/**
 * The payout of a tranche just released, AFTER the release's transaction committed (the audit and
 * idempotency interceptors each wrap the handler in a transaction: this one must be the OUTERMOST
 * interceptor of the route — declare it closest to the method, Nest applies it first). Then the
 * response shows the tranche as it is now (`paid`, or `released` while a transfer is pending or an
 * external payment awaited). A replayed idempotent response stays the stored one. A payout that
 * fails here is never an error for the caller: the release stands and PayoutRetryJob pays it.
 */
@Injectable()
export class PayAfterCommit implements NestInterceptor {
  private readonly logger = new Logger('payouts');
  constructor(private readonly payouts: Payouts) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const id = body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') return body;
        try {
          await this.payouts.pay(id);
        } catch (e) {
          this.logger.warn(`payout of tranche ${id} after its release failed; the retry job will pay it: ${(e as Error).message}`);
        }
        return res.getHeader('Idempotent-Replayed') ? body : this.payouts.statusOf(id);
      }),
    );
  }
}
