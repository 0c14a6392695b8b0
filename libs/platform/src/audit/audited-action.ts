import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { ServiceName } from '../database/service-database.module';

/** What a privileged endpoint declares with @Audited (see audit-log.ts for what is recorded). */
export interface AuditedAction {
  service: ServiceName;
  /** e.g. `campaign.approve`; the resource is the route's `:id`, or the created resource's id. */
  action: string;
  resourceType: string;
}

/** The metadata key @Audited sets on a handler. */
export const AUDITED = 'civic:audited';

export function auditedActionOf(reflector: Reflector, context: ExecutionContext): AuditedAction | undefined {
  return reflector.get<AuditedAction | undefined>(AUDITED, context.getHandler());
}
