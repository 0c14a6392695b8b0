import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from './request-with-actor';

/** The verified caller (undefined on a public route called without a token). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<RequestWithActor>().actor);
