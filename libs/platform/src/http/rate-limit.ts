import { applyDecorators, ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { RequestWithActor } from '../auth/request-with-actor';
import type { PlatformConfig } from '../config/platform-config';

/**
 * Rate limits on the endpoints a bot would hammer: creating and paying pledges (card testing,
 * pledge spam) and issuing tokens. A limit is per caller: the token's subject when there is one,
 * else the client address: the TCP peer, or the X-Forwarded-For client only when the peer is a proxy
 * listed in TRUST_PROXY (unset: nobody, so a forged header never buys a fresh budget). Fixed window of one minute, counted in the process's memory: with
 * several replicas of one service the effective limit is per replica (a shared store, e.g.
 * Redis, is the upgrade path). A refused request is a 429 with `Retry-After` and changes nothing.
 */
export type RateLimitBucket = 'pledge' | 'auth';

const BUCKET = 'civic:rate-limit-bucket';
const WINDOW_MS = 60_000;

export function rateLimitModule(config: PlatformConfig) {
  return ThrottlerModule.forRoot({
    throttlers: [
      { name: 'pledge', ttl: WINDOW_MS, limit: config.RATE_LIMIT_PLEDGES_PER_MINUTE },
      { name: 'auth', ttl: WINDOW_MS, limit: config.RATE_LIMIT_AUTH_PER_MINUTE },
    ],
  });
}

/** Counts the request against `bucket` (per caller, per minute); over the limit it is a 429. */
export function RateLimited(bucket: RateLimitBucket) {
  return applyDecorators(
    SetMetadata(BUCKET, bucket),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: `Too many requests from this caller (limit "${bucket}", per minute); see Retry-After` }),
  );
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(BUCKET, props.context.getHandler());
    if (props.throttler.name !== bucket) return true; // each route counts against its own bucket only
    return super.handleRequest(props);
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const { actor, ip } = req as unknown as RequestWithActor;
    return Promise.resolve(actor ? `actor:${actor.id}` : `ip:${ip ?? 'unknown'}`);
  }

  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<{ header(name: string, value: string): void }>();
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    res.header('Retry-After', String(retryAfter));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        code: 'RATE_LIMITED',
        message: `Too many requests: at most ${detail.limit} per minute for this caller; retry in ${retryAfter} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
