import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import type { RequestWithActor } from '../auth/request-with-actor';
import type { ServiceName, Tx } from '../database/service-database.module';
import { DomainError } from '../errors/domain-error';
import { IdempotencyClaim, IdempotencyKeyReused, IdempotencyKeys, IdempotentReply } from './idempotency-claims';

const IDEMPOTENT = 'civic:idempotent';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** DDL of a service's idempotency keys (called from the service's migrations). */
export function idempotencyTableUp(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".idempotency_keys (
       actor_id     text        NOT NULL,
       key          text        NOT NULL,
       request_hash text        NOT NULL,
       status       int         NOT NULL,
       response     jsonb,
       created_at   timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (actor_id, key)
     )`,
  ];
}
export const idempotencyTableDown = (schema: string) => [`DROP TABLE "${schema}".idempotency_keys`];

/**
 * `Idempotency-Key` on a POST that moves money (api.md): the same key and body return the first
 * response again (header `Idempotent-Replayed: true`) and change nothing; the same key with another
 * body is a 422. The key row, the command's effect and the stored response commit in ONE
 * transaction of `service`, so a crash can neither lose the response of an applied request nor
 * apply it twice; a concurrent duplicate waits on the key's row lock, then replays. A request that
 * fails leaves no key behind, so the client may retry it. Keys are scoped per caller.
 *
 * `grouped`: the route writes its requests by group commit (GroupCommit), so the key must be
 * claimed in the group's transaction, not in one of its own: the interceptor only checks the key
 * and hands the claim to the handler (`idempotencyClaimOf(req)`), which answers an IdempotentReply;
 * the interceptor turns a replay into its status and header.
 */
export function Idempotent(service: ServiceName, options: { grouped?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(IDEMPOTENT, { service, grouped: options.grouped ?? false }),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body = same response; another body = 422' }),
  );
}

type RequestWithClaim = Request & RequestWithActor & { idempotencyClaim?: IdempotencyClaim };

/** The Idempotency-Key claim of a `grouped` route's request (undefined without the header). */
export const idempotencyClaimOf = (req: unknown): IdempotencyClaim | undefined => (req as RequestWithClaim).idempotencyClaim;

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly keys = new Map<ServiceName, IdempotencyKeys>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RequestWithClaim>();
    const { service, grouped } = this.reflector.get<{ service: ServiceName; grouped: boolean }>(IDEMPOTENT, context.getHandler());
    const res = context.switchToHttp().getResponse<Response>();
    const reply = (r: IdempotentReply) => {
      if (r.replayed) res.status(r.status).setHeader('Idempotent-Replayed', 'true');
      return r.body;
    };
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return grouped ? next.handle().pipe(map((r) => reply(r as IdempotentReply))) : next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body)}`)
      .digest('hex');
    const claim: IdempotencyClaim = { actorId: req.actor?.id ?? `anonymous`, key, requestHash, status };
    if (grouped) {
      req.idempotencyClaim = claim;
      return next.handle().pipe(map((r) => reply(r as IdempotentReply)));
    }
    const txHost = this.moduleRef.get<Tx>(getTransactionHostToken(service), { strict: false });
    const keys = this.keysOf(service, txHost);
    return from(
      txHost.withTransaction(async () => {
        const [claimed] = await keys.claim([claim]);
        if (!claimed.claimed) {
          if ('reused' in claimed) throw new IdempotencyKeyReused();
          return reply({ replayed: true, ...claimed.replay });
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await keys.answer([{ claim, body }]);
        return body;
      }),
    );
  }

  private keysOf(service: ServiceName, txHost: Tx): IdempotencyKeys {
    let keys = this.keys.get(service);
    if (!keys) this.keys.set(service, (keys = new IdempotencyKeys(service, txHost)));
    return keys;
  }
}

/** JSON with object keys sorted, so the same body in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
