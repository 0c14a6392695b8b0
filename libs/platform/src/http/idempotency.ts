import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { RequestWithActor } from '../auth/request-with-actor';
import type { ServiceName, Tx } from '../database/service-database.module';
import { DomainError } from '../errors/domain-error';

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
 */
export function Idempotent(service: ServiceName) {
  return applyDecorators(
    SetMetadata(IDEMPOTENT, service),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body = same response; another body = 422' }),
  );
}

class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'unprocessable', 'This Idempotency-Key was already used with a different request');
  }
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & RequestWithActor>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const service = this.reflector.get<ServiceName>(IDEMPOTENT, context.getHandler());
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    const txHost = this.moduleRef.get<Tx>(getTransactionHostToken(service), { strict: false });
    const actor = req.actor?.id ?? `anonymous`;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body)}`)
      .digest('hex');
    const res = context.switchToHttp().getResponse<Response>();

    return from(
      txHost.withTransaction(async () => {
        const claimed: unknown[] = await txHost.tx.query(
          `INSERT INTO "${service}".idempotency_keys (actor_id, key, request_hash, status) VALUES ($1, $2, $3, $4)
           ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
          [actor, key, hash, status],
        );
        if (claimed.length === 0) {
          const [row]: { request_hash: string; status: number; response: unknown }[] = await txHost.tx.query(
            `SELECT request_hash, status, response FROM "${service}".idempotency_keys WHERE actor_id = $1 AND key = $2`,
            [actor, key],
          );
          if (row.request_hash !== hash) throw new IdempotencyKeyReused();
          res.status(row.status).setHeader('Idempotent-Replayed', 'true');
          return row.response;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await txHost.tx.query(`UPDATE "${service}".idempotency_keys SET response = $3 WHERE actor_id = $1 AND key = $2`, [
          actor,
          key,
          JSON.stringify(body ?? null),
        ]);
        return body;
      }),
    );
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
