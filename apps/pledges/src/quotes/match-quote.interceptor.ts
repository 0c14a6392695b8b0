import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { MatchQuote, MatchQuoteClient } from './match-quote.client';

export type RequestWithQuote = Request & { matchQuote?: MatchQuote | null };

/**
 * Only when asked (`POST /pledges?quote=true`): the quote is one more HTTP request to matching per
 * pledge, and the web app reads it from GET /campaigns/:id/match-quote while the donor types, so
 * the hot path does not pay for it by default (without it `matchQuote` is null).
 *
 * Reads the match quote for POST /pledges BEFORE the request's transaction opens (it must run
 * outside the Idempotency-Key interceptor): no database transaction is held open while another
 * service is asked over HTTP — on embedded PGlite an open transaction would make matching wait.
 */
@Injectable()
export class MatchQuoteInterceptor implements NestInterceptor {
  constructor(private readonly quotes: MatchQuoteClient) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithQuote>();
    const body = req.body as { campaignId?: unknown; amount?: unknown };
    const asked = (req.query as Record<string, unknown> | undefined)?.quote === 'true';
    const valid =
      asked &&
      typeof body?.campaignId === 'string' &&
      /^[0-9a-f-]{36}$/i.test(body.campaignId) &&
      Number.isSafeInteger(body.amount) &&
      (body.amount as number) > 0;
    if (!valid) return next.handle();
    return from(this.quotes.quote(body.campaignId as string, body.amount as number, req.headers.authorization)).pipe(
      switchMap((quote) => {
        req.matchQuote = quote;
        return next.handle();
      }),
    );
  }
}
