import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, Forbidden } from '../errors/domain-error';
import { Access, ACCESS_KEY } from './roles';
import { TokenVerifier } from './token-verifier';
import { auditedActionOf } from '../audit/audited-action';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestWithActor } from './request-with-actor';

/**
 * Global guard. Fails closed: a route that declares no access (@Public, @Authenticated, @Roles)
 * is refused, so no endpoint can be exposed by forgetting a decorator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new Forbidden('This endpoint declares no access rule', 'ACCESS_UNDECLARED');
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const header = req.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new DomainError('AUTH_INVALID_TOKEN', 'unauthenticated', 'Authorization header must be "Bearer <token>"');
      }
      req.actor = await this.verifier.verify(token);
    }
    if (access.kind === 'public') return true;
    if (!req.actor) throw new DomainError('AUTH_REQUIRED', 'unauthenticated', 'A bearer token is required');
    if (access.kind === 'roles' && !req.actor.roles.some((r) => access.roles.includes(r))) {
      const refusal = new Forbidden(`Requires one of the roles: ${access.roles.join(', ')}`, 'ROLE_REQUIRED');
      const action = auditedActionOf(this.reflector, context);
      if (action) {
        // an authenticated caller trying a privileged action without the role is itself worth an entry
        await this.audit.recordRefusal({
          actor: req.actor,
          action,
          req,
          status: 403,
          reason: refusal.message,
          resourceId: typeof req.params?.id === 'string' ? req.params.id : null,
          details: { params: req.params },
        });
      }
      throw refusal;
    }
    return true;
  }
}
