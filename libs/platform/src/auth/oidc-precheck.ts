import * as jwt from 'jsonwebtoken';
import type { PlatformConfig } from '../config/platform-config';
import { InvalidToken } from './invalid-token';

export const OIDC_ALGORITHMS: jwt.Algorithm[] = ['RS256', 'ES256', 'PS256'];
const MAX_KID_LENGTH = 256;

/** Everything that can be refused without the issuer's key, so a forged token costs no fetch. */
export function precheckOidc(config: PlatformConfig, header: jwt.JwtHeader, payload: jwt.JwtPayload, nowSeconds: number): void {
  if (!OIDC_ALGORITHMS.includes(header.alg as jwt.Algorithm)) throw new InvalidToken(`algorithm ${String(header.alg).slice(0, 20)} not allowed`);
  if (header.kid !== undefined && (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > MAX_KID_LENGTH)) {
    throw new InvalidToken('malformed key id');
  }
  if (payload.iss !== config.OIDC_ISSUER) throw new InvalidToken('unknown issuer');
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(config.OIDC_AUDIENCE)) throw new InvalidToken('jwt audience invalid');
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidToken('no subject');
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) throw new InvalidToken('jwt expired or without expiry');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > nowSeconds)) throw new InvalidToken('jwt not active');
  if (payload.roles !== undefined && !Array.isArray(payload.roles)) throw new InvalidToken('roles must be a list');
}
