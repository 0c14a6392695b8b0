/**
 * A refusal by a business rule or an unknown/forbidden resource, without any HTTP in it.
 * `kind` is mapped to a status code once, in error-status.ts (used by DomainExceptionFilter).
 */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super(`${what.toUpperCase().replace(/\W+/g, '_')}_NOT_FOUND`, 'not_found', `${what} ${id} not found`);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(code, 'forbidden', message);
  }
}
