import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import type { Actor } from '../auth/roles';
import { Clock, CLOCK } from '../clock';
import { CORRELATION_KEY } from '../context';
import type { ServiceName, Tx } from '../database/service-database.module';
import type { AuditedAction } from './audited-action';
import { redacted, storable } from './audit-sanitize';

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
        this.clock.now(),
        e.actor.id,
        [...e.actor.roles],
        e.action.action,
        e.action.resourceType,
        e.resourceId,
        e.outcome,
        e.status,
        e.reason === undefined ? null : storable(e.reason),
        this.cls.get<string | undefined>(CORRELATION_KEY) ?? null,
        e.req.method,
        storable(e.req.originalUrl.slice(0, 500)),
        JSON.stringify(redacted(e.details)),
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
