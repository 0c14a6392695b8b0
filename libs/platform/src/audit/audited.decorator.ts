import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { ServiceName } from '../database/service-database.module';
import { AUDITED, type AuditedAction } from './audited-action';
import { AuditInterceptor } from './audit.interceptor';

/** Marks a privileged endpoint: every call that passes authentication is recorded (see audit-log.ts). */
export function Audited(service: ServiceName, action: string, resourceType: string) {
  return applyDecorators(SetMetadata(AUDITED, { service, action, resourceType } satisfies AuditedAction), UseInterceptors(AuditInterceptor));
}
