import {
  applyDecorators, CallHandler, Controller, DefaultValuePipe, ExecutionContext, Get, HttpException, Inject, Injectable, Logger,
  NestInterceptor, ParseIntPipe, Query, SetMetadata, Type, UseInterceptors,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import type { Request, Response } from 'express';
import { catchError, from, lastValueFrom, Observable } from 'rxjs';
import { Actor, Roles } from '../auth/roles';
import type { RequestWithActor } from '../auth/request-with-actor';
import { Clock, CLOCK } from '../clock';
import { ClsService } from 'nestjs-cls';
import { CORRELATION_KEY } from '../context';
import type { ServiceName, Tx } from '../database/service-database.module';
import { DomainError } from '../errors/domain-error';

/**
 * The append-only audit log of privileged actions (approving campaigns, opening calls, creating
 * and topping up funds, verifying milestones, releasing tranches, refunds, ...). Each service
 * keeps its own log in its own schema (`<schema>.audit_log`):
 *  - a succeeded action is written in the SAME transaction as its effect, so there is no effect
 *    without its entry and no entry without its effect;
 *  - a refused one (403/404/409/422 raised by the handler, or 403 for a wrong role, raised by the
 *    guard) is written after the rollback, in its own transaction, with the reason;
 *  - UPDATE, DELETE and TRUNCATE on the table are refused by a trigger, for every database role
 *    including the service's own.
 * Request bodies are kept (they are the action's parameters) with secret-looking fields redacted.
 */
export interface AuditedAction {
  service: ServiceName;
  /** e.g. `campaign.approve`; the resource is the route's `:id`, or the created resource's id. */
  action: string;
  resourceType: string;
}

const AUDITED = 'civic:audited';
const REDACT = /(iban|secret|token|password|card|account_?number)/i;

export function auditLogTableUp(schema: ServiceName): string[] {
  return [
    `CREATE TABLE "${schema}".audit_log (
       seq           bigserial   PRIMARY KEY,
       at            timestamptz NOT NULL,
       actor_id      text        NOT NULL,
       actor_roles   text[]      NOT NULL,
       action        text        NOT NULL,
       resource_type text        NOT NULL,
       resource_id   text,
       outcome       text        NOT NULL CHECK (outcome IN ('succeeded', 'refused')),
       status        int         NOT NULL,
       reason        text,
       request_id    text,
       method        text        NOT NULL,
       path          text        NOT NULL,
       details       jsonb       NOT NULL DEFAULT '{}'::jsonb
     )`,
    `CREATE INDEX audit_log_resource_idx ON "${schema}".audit_log (resource_id, seq)`,
    `CREATE INDEX audit_log_actor_idx ON "${schema}".audit_log (actor_id, seq)`,
    `CREATE FUNCTION "${schema}".audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
     END $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "${schema}".audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".audit_log_append_only()`,
  ];
}
export const auditLogTableDown = (schema: ServiceName) => [
  `DROP TABLE "${schema}".audit_log`,
  `DROP FUNCTION "${schema}".audit_log_append_only()`,
];

/** Marks a privileged endpoint: every call that passes authentication is recorded (see above). */
export function Audited(service: ServiceName, action: string, resourceType: string) {
  return applyDecorators(SetMetadata(AUDITED, { service, action, resourceType } satisfies AuditedAction), UseInterceptors(AuditInterceptor));
}

export function auditedActionOf(reflector: Reflector, context: ExecutionContext): AuditedAction | undefined {
  return reflector.get<AuditedAction | undefined>(AUDITED, context.getHandler());
}

interface AuditEntry {
  actor: Actor;
  action: AuditedAction;
  resourceId: string | null;
  outcome: 'succeeded' | 'refused';
  status: number;
  reason?: string;
  req: Request;
  details: Record<string, unknown>;
}

/** Writes entries through the service's transaction host (joins the current transaction if any). */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('audit');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly cls: ClsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  txHost(service: ServiceName): Tx {
    return this.moduleRef.get<Tx>(getTransactionHostToken(service), { strict: false });
  }

  async record(e: AuditEntry): Promise<void> {
    const txHost = this.txHost(e.action.service);
    await txHost.tx.query(
      `INSERT INTO "${e.action.service}".audit_log
         (at, actor_id, actor_roles, action, resource_type, resource_id, outcome, status, reason, request_id, method, path, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        this.clock.now(), e.actor.id, [...e.actor.roles], e.action.action, e.action.resourceType, e.resourceId, e.outcome, e.status,
        e.reason === undefined ? null : storable(e.reason), this.cls.get<string | undefined>(CORRELATION_KEY) ?? null, e.req.method,
        storable(e.req.originalUrl.slice(0, 500)), JSON.stringify(redacted(e.details)),
      ],
    );
  }

  /**
   * A refusal, in a transaction of its own (the action's transaction, if any, has rolled back).
   * If it cannot be written the refusal still reaches the caller as it was (logged here): a
   * missing refusal entry must not turn a 4xx into a 500. (A succeeded action, by contrast,
   * rolls back when its entry cannot be written.)
   */
  async recordRefusal(e: Omit<AuditEntry, 'outcome'>): Promise<void> {
    try {
      await this.txHost(e.action.service).withTransaction(() => this.record({ ...e, outcome: 'refused' }));
    } catch (error) {
      this.logger.error(`audit: could not record the refusal of ${e.action.action} by ${e.actor.id}: ${(error as Error).message}`);
    }
  }
}

/**
 * What PostgreSQL text and jsonb can hold: no NUL character, no lone UTF-16 surrogate (a hostile
 * body may carry both; the entry must still be written, not turn a 400 into a 500).
 */
export function storable(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function redacted(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redacted(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).slice(0, 100).map(([k, v]) => [storable(k.slice(0, 200)), REDACT.test(k) ? '[redacted]' : redacted(v, depth + 1)]),
    );
  }
  if (typeof value === 'string') return storable(value.length > 2000 ? `${value.slice(0, 2000)}…` : value);
  return value;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof DomainError) return { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, unprocessable: 422 }[error.kind];
  if (error instanceof HttpException) return error.getStatus();
  return undefined;
}

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = auditedActionOf(this.reflector, context);
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const res = context.switchToHttp().getResponse<Response>();
    const actor = req.actor;
    if (!action || !actor) return next.handle(); // the guard lets no anonymous call reach a privileged route
    const paramId = typeof req.params?.id === 'string' ? req.params.id : null;
    const details = { params: req.params, body: req.body }; // redacted once, when the entry is written
    return from(
      this.trail.txHost(action.service).withTransaction(async () => {
        const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const createdId = result && typeof result === 'object' && typeof (result as { id?: unknown }).id === 'string' ? (result as { id: string }).id : null;
        await this.trail.record({
          actor, action, req, outcome: 'succeeded', status: res.statusCode,
          resourceId: paramId ?? createdId,
          details: { ...details, ...(res.getHeader('Idempotent-Replayed') ? { replayed: true } : {}) },
        });
        return result;
      }),
    ).pipe(
      catchError(async (error: unknown) => {
        const status = statusOf(error);
        if (status !== undefined && status < 500) {
          await this.trail.recordRefusal({
            actor, action, req, status, resourceId: paramId, details,
            reason: error instanceof Error ? error.message.slice(0, 500) : String(error),
          });
        }
        throw error;
      }),
    );
  }
}

export interface AuditLogRow {
  seq: string;
  at: Date;
  actor_id: string;
  actor_roles: string[];
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  status: number;
  reason: string | null;
  request_id: string | null;
  method: string;
  path: string;
  details: unknown;
}

/** `GET /audit/<service>` (admin): the service's audit log, newest first, paged by `before` (a seq). */
export function auditLogController(service: ServiceName): Type<unknown> {
  @ApiTags('audit')
  @Controller(`audit/${service}`)
  class AuditLogController {
    constructor(private readonly trail: AuditTrail) {}

    @Get()
    @Roles('admin')
    @ApiOperation({ summary: `The append-only audit log of privileged actions in the ${service} service (newest first)` })
    @ApiQuery({ name: 'action', required: false })
    @ApiQuery({ name: 'actorId', required: false })
    @ApiQuery({ name: 'resourceId', required: false })
    @ApiQuery({ name: 'before', required: false, description: 'seq of the last entry of the previous page' })
    @ApiQuery({ name: 'limit', required: false, description: '1..500, default 100' })
    async list(
      @Query('action') action?: string,
      @Query('actorId') actorId?: string,
      @Query('resourceId') resourceId?: string,
      @Query('before') before?: string,
      @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
    ) {
      if (limit < 1 || limit > 500) throw new DomainError('LIMIT_OUT_OF_RANGE', 'invalid', 'limit must be between 1 and 500');
      if (before !== undefined && !/^[1-9][0-9]{0,17}$/.test(before)) throw new DomainError('BEFORE_INVALID', 'invalid', 'before must be a positive integer (an entry seq)');
      for (const [name, v] of Object.entries({ action, actorId, resourceId })) {
        if (v !== undefined && (v.length === 0 || v.length > 200)) throw new DomainError('FILTER_INVALID', 'invalid', `${name} must be 1 to 200 characters`);
      }
      const rows: AuditLogRow[] = await this.trail.txHost(service).tx.query(
        `SELECT * FROM "${service}".audit_log
          WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR actor_id = $2) AND ($3::text IS NULL OR resource_id = $3)
            AND ($4::bigint IS NULL OR seq < $4)
          ORDER BY seq DESC LIMIT $5`,
        [action ?? null, actorId ?? null, resourceId ?? null, before ?? null, limit],
      );
      const items = rows.map((r) => ({
        seq: Number(r.seq), at: r.at, actorId: r.actor_id, actorRoles: r.actor_roles, action: r.action, resourceType: r.resource_type,
        resourceId: r.resource_id, outcome: r.outcome, status: r.status, reason: r.reason, requestId: r.request_id,
        method: r.method, path: r.path, details: r.details,
      }));
      return { service, items, nextBefore: items.length === limit ? items[items.length - 1].seq : null };
    }
  }
  return AuditLogController;
}
