import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';
import { Actor, Role, ROLES } from './roles';

export const DEV_TOKEN_ISSUER = 'civic-dev';

class InvalidToken extends DomainError {
  constructor(reason: string) {
    super('AUTH_INVALID_TOKEN', 'unauthenticated', `Invalid bearer token: ${reason}`);
  }
}

/**
 * Verifies bearer tokens: HS256 dev tokens (only while dev tokens are enabled) and, when an OIDC
 * issuer is configured, RS256/ES256 tokens signed by a key from its JWKS (issuer and audience checked).
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks?: JwksClient;
  /**
   * Keys as KeyObjects, made once: given a string, jsonwebtoken first tries createPublicKey on it
   * and falls back to a secret key through a thrown error, on every request (~6% of a service's
   * CPU under load, bench/pledge-intake profile).
   */
  private readonly devKey: KeyObject;
  /** OIDC keys by kid, kept as long as jwks-rsa caches them (10 min), so a retired key stops verifying. */
  private readonly oidcKeys = new Map<string, { key: KeyObject; until: number }>();

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {
    this.devKey = createSecretKey(Buffer.from(config.AUTH_DEV_SECRET, 'utf8'));
    if (config.OIDC_ISSUER && config.OIDC_JWKS_URL) {
      if (!config.OIDC_AUDIENCE) throw new Error('OIDC_AUDIENCE is required when OIDC is on'); // loadPlatformConfig refuses it first
      this.jwks = new JwksClient({ jwksUri: config.OIDC_JWKS_URL, cache: true, rateLimit: true });
    }
  }

  issueDevToken(sub: string, roles: Role[], ttlSeconds = 12 * 3600): string {
    return jwt.sign({ roles }, this.devKey, {
      algorithm: 'HS256', subject: sub, issuer: DEV_TOKEN_ISSUER, expiresIn: ttlSeconds,
    });
  }

  async verify(token: string): Promise<Actor> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new InvalidToken('not a JWT');
    const payload = decoded.payload;
    let verified: jwt.JwtPayload;
    try {
      if (payload.iss === DEV_TOKEN_ISSUER) {
        if (!this.config.AUTH_DEV_TOKENS) throw new InvalidToken('dev tokens are disabled');
        verified = jwt.verify(token, this.devKey, { algorithms: ['HS256'], issuer: DEV_TOKEN_ISSUER }) as jwt.JwtPayload;
      } else if (this.jwks) {
        const kid = decoded.header.kid ?? '';
        let cached = this.oidcKeys.get(kid);
        if (!cached || cached.until < Date.now()) {
          const key = createPublicKey((await this.jwks.getSigningKey(decoded.header.kid)).getPublicKey());
          if (this.oidcKeys.size > 100) this.oidcKeys.clear(); // a bounded cache is enough
          cached = { key, until: Date.now() + 10 * 60_000 };
          this.oidcKeys.set(kid, cached);
        }
        const key = cached.key;
        verified = jwt.verify(token, key, {
          algorithms: ['RS256', 'ES256', 'PS256'],
          issuer: this.config.OIDC_ISSUER,
          audience: this.config.OIDC_AUDIENCE,
        }) as jwt.JwtPayload;
      } else {
        throw new InvalidToken('unknown issuer');
      }
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new InvalidToken((e as Error).message);
    }
    const roles = Array.isArray(verified.roles) ? verified.roles.filter((r): r is Role => ROLES.includes(r)) : [];
    if (!verified.sub) throw new InvalidToken('no subject');
    return { id: verified.sub, roles };
  }
}
