import type { Request } from 'express';
import type { Actor } from './roles';

/** An HTTP request once the AuthGuard has verified its bearer token (no `actor`: anonymous). */
export type RequestWithActor = Request & { actor?: Actor };
