import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query, Type } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles';
import type { ServiceName } from '../database/service-database.module';
import { DomainError } from '../errors/domain-error';
import { AuditTrail } from './audit-trail';

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
    // one class per service: the default operationId (AuditLogController_list) would repeat, and OpenAPI requires it unique
    @ApiOperation({
      operationId: `AuditLogController_${service}_list`,
      summary: `The append-only audit log of privileged actions in the ${service} service (newest first)`,
    })
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
      if (before !== undefined && !/^[1-9][0-9]{0,17}$/.test(before)) {
        throw new DomainError('BEFORE_INVALID', 'invalid', 'before must be a positive integer (an entry seq)');
      }
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
        seq: Number(r.seq),
        at: r.at,
        actorId: r.actor_id,
        actorRoles: r.actor_roles,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        outcome: r.outcome,
        status: r.status,
        reason: r.reason,
        requestId: r.request_id,
        method: r.method,
        path: r.path,
        details: r.details,
      }));
      return { service, items, nextBefore: items.length === limit ? items[items.length - 1].seq : null };
    }
  }
  return AuditLogController;
}
