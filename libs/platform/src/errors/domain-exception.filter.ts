import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { statusOf } from './error-status';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/**
 * One place where errors become HTTP: domain errors by kind, Nest's HttpExceptions as they are,
 * PostgreSQL constraint races as 409 (a unique or serialization conflict is a state conflict,
 * not a server fault). Body keeps Nest's shape `{statusCode, error, message}` plus `code`.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toHttp(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(status).json(body);
  }

  private toHttp(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const status = statusOf(exception.kind);
      return {
        status,
        body: { statusCode: status, error: REASON[status], code: exception.code, message: exception.message, details: exception.details },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'string' ? { statusCode: status, error: REASON[status], message: response } : response;
      return { status, body: body as Record<string, unknown> };
    }
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      // text PostgreSQL cannot store (a NUL character, an untranslatable one): the client's data, not a fault
      if (code === '22021' || code === '22P05') {
        return {
          status: 400,
          body: {
            statusCode: 400,
            error: REASON[400],
            code: 'TEXT_NOT_STORABLE',
            message: 'A text field contains a character that cannot be stored (e.g. NUL)',
          },
        };
      }
      if (code === '23505' || code === '40001' || code === '40P01') {
        return {
          status: 409,
          body: { statusCode: 409, error: REASON[409], code: 'CONCURRENT_UPDATE', message: 'The resource changed concurrently; retry the request' },
        };
      }
    }
    return { status: 500, body: { statusCode: 500, error: REASON[500], message: 'Internal server error' } };
  }
}

/**
 * Errors raised by the body parsers before any handler runs (http-errors with `expose: true`):
 * a body over the size limit is a 413, an unreadable or mis-encoded one a 400 — never a 500.
 */
function bodyParserError(exception: unknown): { status: number; body: Record<string, unknown> } | undefined {
  if (!(exception instanceof Error)) return undefined;
  const e = exception as Error & { status?: unknown; expose?: unknown; type?: unknown; limit?: unknown };
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) return undefined;
  const message =
    e.type === 'entity.too.large'
      ? `Request body is larger than the limit of ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'this endpoint'}`
      : e.message;
  return { status: e.status, body: { statusCode: e.status, error: REASON[e.status] ?? 'Bad Request', code: 'BODY_REJECTED', message } };
}
