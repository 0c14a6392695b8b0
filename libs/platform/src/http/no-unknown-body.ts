import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

/** Handlers that read the body themselves: a validated `@Body`, the raw request (`@Req`), or the raw body. */
const READS_BODY = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.REQUEST, RouteParamtypes.RAW_BODY]);

/**
 * Unknown fields are a 400 on every body (api.md), also on routes that declare no body DTO
 * (submit, approve, release, close, ...): the global ValidationPipe only sees declared `@Body`
 * parameters, so without this guard `{"force": true}` on such a route was silently ignored.
 * An absent or empty JSON object body is no body. Runs after authentication (registered after
 * AuthGuard), so an anonymous caller still gets its 401 first.
 */
@Injectable()
export class NoUnknownBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const args: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
    const reads = Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])));
    if (reads) return true;
    const body = context.switchToHttp().getRequest<Request>().body as unknown;
    const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) {
      const fields =
        typeof body === 'object' && !Array.isArray(body)
          ? Object.keys(body as object)
              .slice(0, 10)
              .join(', ')
          : typeof body;
      throw new DomainError('BODY_NOT_ALLOWED', 'invalid', `This endpoint takes no request body; unknown field(s): ${fields}`);
    }
    return true;
  }
}
