import { HttpStatus } from '@nestjs/common';
import type { DomainErrorKind } from './domain-error';

/**
 * The one error-kind → HTTP status table: DomainExceptionFilter answers with it, and the audit
 * interceptor records a refusal with the status the caller receives.
 */
const STATUS: Record<DomainErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

export function statusOf(kind: DomainErrorKind): HttpStatus {
  return STATUS[kind];
}
