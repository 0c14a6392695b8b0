import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, lastValueFrom, Observable } from 'rxjs';
import type { RequestWithActor } from '../auth/request-with-actor';
import { DomainError } from '../errors/domain-error';
import { statusOf } from '../errors/error-status';
import { auditedActionOf } from './audited-action';
import { AuditTrail } from './audit-trail';

/** The status the caller receives for an error (DomainExceptionFilter's table); undefined: a 500. */
function statusOfError(error: unknown): number | undefined {
  if (error instanceof DomainError) return statusOf(error.kind);
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
          actor,
          action,
          req,
          outcome: 'succeeded',
          status: res.statusCode,
          resourceId: paramId ?? createdId,
          details: { ...details, ...(res.getHeader('Idempotent-Replayed') ? { replayed: true } : {}) },
        });
        return result;
      }),
    ).pipe(
      catchError(async (error: unknown) => {
        const status = statusOfError(error);
        if (status !== undefined && status < 500) {
          await this.trail.recordRefusal({
            actor,
            action,
            req,
            status,
            resourceId: paramId,
            details,
            reason: error instanceof Error ? error.message.slice(0, 500) : String(error),
          });
        }
        throw error;
      }),
    );
  }
}
