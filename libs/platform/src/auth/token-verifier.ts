import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';
import { InvalidToken } from './invalid-token';
import { OIDC_ALGORITHMS, precheckOidc } from './oidc-precheck';
import { Actor, Role, ROLES } from './roles';

export const DEV_TOKEN_ISSUER = 'civic-dev';

/** One signing key of the issuer's JWKS. */
export interface OidcSigningKey {
  kid: string | undefined;
  key: KeyObject;
}

/**
 * What TokenVerifier needs from outside, injectable for tests: the issuer's key set (one HTTP
 * fetch of the JWKS per call) and the time.
 */
export interface TokenVerifierDeps {
  fetchSigningKeys?: () => Promise<OidcSigningKey[]>;
  now?: () => number;
}
export const TOKEN_VERIFIER_DEPS = Symbol('TOKEN_VERIFIER_DEPS');

/** Known keys are trusted this long after a fetch; then the set is fetched again, so a retired key stops verifying. */
const KEY_SET_TTL_MS = 10 * 60_000;
/** At most one JWKS fetch per this interval on behalf of unknown kids (and an unknown kid is not fetched for again within it). */
const UNKNOWN_KID_INTERVAL_MS = 60_000;
const UNKNOWN_KID_CACHE_SIZE = 1_000;

/**
 * Verifies bearer tokens: HS256 dev tokens (only while dev tokens are enabled) and, when an OIDC
 * issuer is configured, RS256/ES256/PS256 tokens signed by a key from its JWKS (issuer and audience checked).
 *
 * JWKS flooding (issue 17 #7): anyone can mint an unsigned-looking token with a random `kid`. So the
 * header and claims are checked first (algorithm, issuer, audience, subject, expiry: no key needed),
 * and only a token that passes them may cause a fetch of the key set; the whole set is cached (every
 * kid at once), an unknown kid is remembered for a minute (bounded cache) and never causes a second
 * fetch in that minute, and fetches on behalf of unknown kids happen at most once a minute in all.
 * A key the issuer adds is therefore usable within a minute, whatever a flood does.
 */
@Injectable()
export class TokenVerifier {
  /**
   * Keys as KeyObjects, made once: given a string, jsonwebtoken first tries createPublicKey on it
   * and falls back to a secret key through a thrown error, on every request (~6% of a service's
   * CPU under load, bench/pledge-intake profile).
   */
  private readonly devKey: KeyObject;
  private readonly fetchSigningKeys?: () => Promise<OidcSigningKey[]>;
  private readonly now: () => number;
  /** The issuer's keys by kid ('' for a key without one), from the last successful fetch. */
  private oidcKeys = new Map<string, KeyObject>();
  private keysFetchedAt = -Infinity;
  private lastUnknownFetchAt = -Infinity;
  private inflight?: Promise<void>;
  /** kid → until when it is known to be absent from the issuer's set. */
  private readonly unknownKids = new Map<string, number>();
  private fetches = 0;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Optional() @Inject(TOKEN_VERIFIER_DEPS) deps?: TokenVerifierDeps,
  ) {
    this.devKey = createSecretKey(Buffer.from(config.AUTH_DEV_SECRET, 'utf8'));
    this.now = deps?.now ?? Date.now;
    if (config.OIDC_ISSUER && config.OIDC_JWKS_URL) {
      if (!config.OIDC_AUDIENCE) throw new Error('OIDC_AUDIENCE is required when OIDC is on'); // loadPlatformConfig refuses it first
      if (deps?.fetchSigningKeys) {
        this.fetchSigningKeys = deps.fetchSigningKeys;
      } else {
        // our own cache and limits below: jwks-rsa's per-kid cache and rate limit are what a flood used up
        const client = new JwksClient({ jwksUri: config.OIDC_JWKS_URL, cache: false, rateLimit: false, timeout: 5_000 });
        this.fetchSigningKeys = async () => (await client.getSigningKeys()).map((k) => ({ kid: k.kid, key: createPublicKey(k.getPublicKey()) }));
      }
    }
  }

  /** For metrics and tests: JWKS fetches so far and the sizes of the caches. */
  stats(): { jwksFetches: number; knownKeys: number; unknownKids: number } {
    return { jwksFetches: this.fetches, knownKeys: this.oidcKeys.size, unknownKids: this.unknownKids.size };
  }

  issueDevToken(sub: string, roles: Role[], ttlSeconds = 12 * 3600): string {
    return jwt.sign({ roles }, this.devKey, {
      algorithm: 'HS256',
      subject: sub,
      issuer: DEV_TOKEN_ISSUER,
      expiresIn: ttlSeconds,
    });
  }

  async verify(token: string): Promise<Actor> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new InvalidToken('not a JWT');
    const payload = decoded.payload;
    const clockTimestamp = Math.floor(this.now() / 1000);
    let verified: jwt.JwtPayload;
    try {
      if (payload.iss === DEV_TOKEN_ISSUER) {
        if (!this.config.AUTH_DEV_TOKENS) throw new InvalidToken('dev tokens are disabled');
        verified = jwt.verify(token, this.devKey, { algorithms: ['HS256'], issuer: DEV_TOKEN_ISSUER, clockTimestamp }) as jwt.JwtPayload;
      } else if (this.fetchSigningKeys) {
        precheckOidc(this.config, decoded.header, payload, clockTimestamp); // before any key is fetched
        const key = await this.signingKey(decoded.header.kid);
        verified = jwt.verify(token, key, {
          algorithms: OIDC_ALGORITHMS,
          issuer: this.config.OIDC_ISSUER,
          audience: this.config.OIDC_AUDIENCE,
          clockTimestamp,
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

  private async signingKey(kidHeader: string | undefined): Promise<KeyObject> {
    const kid = kidHeader ?? '';
    const now = this.now();
    const fresh = now - this.keysFetchedAt < KEY_SET_TTL_MS;
    const known = this.lookup(kid);
    if (known && fresh) return known;
    if (known) {
      try {
        await this.refresh();
      } catch {
        return known; // the issuer is unreachable: keep the key we had (refresh retries in a minute)
      }
    } else {
      const until = this.unknownKids.get(kid);
      if (until !== undefined && until > now) throw new InvalidToken('unknown key id');
      if (now - this.lastUnknownFetchAt < UNKNOWN_KID_INTERVAL_MS) {
        this.rememberUnknown(kid, this.lastUnknownFetchAt + UNKNOWN_KID_INTERVAL_MS);
        throw new InvalidToken('unknown key id');
      }
      this.lastUnknownFetchAt = now;
      await this.refresh();
    }
    const key = this.lookup(kid);
    if (key) return key;
    this.rememberUnknown(kid, this.now() + UNKNOWN_KID_INTERVAL_MS);
    throw new InvalidToken('unknown key id');
  }

  private lookup(kid: string): KeyObject | undefined {
    if (kid === '' && this.oidcKeys.size === 1) return [...this.oidcKeys.values()][0]; // a set of one key, tokens without kid
    return this.oidcKeys.get(kid);
  }

  private rememberUnknown(kid: string, until: number): void {
    this.unknownKids.delete(kid);
    while (this.unknownKids.size >= UNKNOWN_KID_CACHE_SIZE) this.unknownKids.delete(this.unknownKids.keys().next().value as string);
    this.unknownKids.set(kid, until);
  }

  /** One fetch of the whole key set at a time; a failed fetch keeps the keys we had (until their TTL is checked again). */
  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      try {
        this.fetches++;
        const keys = await this.fetchSigningKeys!();
        this.oidcKeys = new Map(keys.map((k) => [k.kid ?? '', k.key]));
        this.keysFetchedAt = this.now();
        for (const kid of this.oidcKeys.keys()) this.unknownKids.delete(kid);
      } catch (e) {
        // keys we have stay in use; try again in a minute rather than on every request
        if (this.oidcKeys.size > 0) this.keysFetchedAt = Math.max(this.keysFetchedAt, this.now() - KEY_SET_TTL_MS + UNKNOWN_KID_INTERVAL_MS);
        throw new InvalidToken(`signing keys unavailable: ${(e as Error).message}`);
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
