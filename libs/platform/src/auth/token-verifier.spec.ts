import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as jwt from 'jsonwebtoken';
import { loadPlatformConfig } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';
import { OidcSigningKey, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyObject;
  let jwksHits = 0;
  const issuer = 'https://login.comune.example/realms/civic';

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
    server = createServer((_, res) => (jwksHits++, res).setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const oidc = () =>
    new TokenVerifier(
      loadPlatformConfig({ RUN_MODE: 'embedded', AUTH_DEV_TOKENS: 'false', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'civic-api', OIDC_JWKS_URL: jwksUrl }),
    );
  const sign = (claims: object, opts: jwt.SignOptions = {}) =>
    jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'k1', issuer, audience: 'civic-api', subject: 'user-42', expiresIn: 60, ...opts });

  it('accepts an OIDC token signed by a key of the issuer JWKS, keeping only known roles', async () => {
    await expect(oidc().verify(sign({ roles: ['funder', 'superuser'] }))).resolves.toEqual({ id: 'user-42', roles: ['funder'] });
  });

  it.each([
    ['another audience', { audience: 'someone-else' }],
    ['another issuer', { issuer: 'https://evil.example' }],
    ['an expired token', { expiresIn: -10 }],
  ])('refuses %s', async (_, opts) => {
    await expect(oidc().verify(sign({ roles: ['admin'] }, opts as jwt.SignOptions))).rejects.toMatchObject({ kind: 'unauthenticated' });
  });

  it('refuses a token signed with a key the issuer does not publish', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const token = jwt.sign({ roles: ['admin'] }, other, { algorithm: 'RS256', keyid: 'k1', issuer, audience: 'civic-api', subject: 'x' });
    await expect(oidc().verify(token)).rejects.toBeInstanceOf(DomainError);
  });

  it('refuses dev tokens when they are disabled, even with the right secret', async () => {
    const devOn = new TokenVerifier(loadPlatformConfig({ AUTH_DEV_TOKENS: 'true', AUTH_DEV_SECRET: 's3cret-'.repeat(5) }));
    const token = devOn.issueDevToken('anna', ['citizen']);
    await expect(devOn.verify(token)).resolves.toEqual({ id: 'anna', roles: ['citizen'] });
    const devOff = new TokenVerifier(
      loadPlatformConfig({ RUN_MODE: 'distributed', DATABASE_URL: 'postgres://x@localhost/x', AUTH_DEV_SECRET: 's3cret-'.repeat(5) }),
    );
    await expect(devOff.verify(token)).rejects.toThrow(/dev tokens are disabled/);
  });

  describe('JWKS flooding (random kids must not cost fetches or lock real users out)', () => {
    it('checks claims before fetching and fetches the JWKS at most once for a flood of unknown kids', async () => {
      const verifier = oidc();
      jwksHits = 0;
      await expect(verifier.verify(sign({ roles: ['citizen'] }))).resolves.toEqual({ id: 'user-42', roles: ['citizen'] });
      expect(jwksHits).toBe(1);
      // forged tokens refused on their claims or header alone: no fetch
      const forged = [
        sign({}, { keyid: randomUUID(), issuer: 'https://evil.example' }),
        sign({}, { keyid: randomUUID(), audience: 'another-client' }),
        sign({}, { keyid: randomUUID(), expiresIn: -60 }),
        sign({ roles: 'admin' }, { keyid: randomUUID() }),
        jwt.sign({ roles: ['admin'] }, 'x', { algorithm: 'HS256', keyid: randomUUID(), issuer, audience: 'civic-api', subject: 'x', expiresIn: 60 }),
      ];
      for (const token of forged) await expect(verifier.verify(token)).rejects.toMatchObject({ kind: 'unauthenticated' });
      expect(jwksHits).toBe(1);
      // a flood of well-formed tokens with random kids: refused, and no further fetch within the minute
      for (let i = 0; i < 30; i++) await expect(verifier.verify(sign({}, { keyid: randomUUID() }))).rejects.toThrow(/unknown key id/);
      expect(jwksHits).toBe(1);
      // the real user is not locked out
      await expect(verifier.verify(sign({ roles: ['funder'] }))).resolves.toEqual({ id: 'user-42', roles: ['funder'] });
      expect(jwksHits).toBe(1);
    });

    const setup = () => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
      let published: OidcSigningKey[] = [{ kid: 'k1', key: pair.publicKey }];
      let now = Date.UTC(2026, 0, 1, 12);
      const fetcher = { calls: 0 };
      const config = loadPlatformConfig({
        RUN_MODE: 'embedded',
        AUTH_DEV_TOKENS: 'false',
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: 'civic-api',
        OIDC_JWKS_URL: 'https://login.invalid/jwks',
      });
      const verifier = new TokenVerifier(config, {
        fetchSigningKeys: () => {
          fetcher.calls++;
          return Promise.resolve(published);
        },
        now: () => now,
      });
      const token = (kid: string, key: KeyObject = pair.privateKey) =>
        jwt.sign({ roles: ['citizen'], iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 }, key, {
          algorithm: 'RS256',
          keyid: kid,
          issuer,
          audience: 'civic-api',
          subject: 'u1',
        });
      return {
        verifier,
        fetcher,
        token,
        pair,
        next,
        advance: (ms: number) => (now += ms),
        publish: (keys: OidcSigningKey[]) => (published = keys),
      };
    };

    it('fetches for the same unknown kid at most once a minute, and for unknown kids in all at most once a minute', async () => {
      const t = setup();
      await t.verifier.verify(t.token('k1'));
      expect(t.fetcher.calls).toBe(1);
      t.advance(61_000);
      await expect(t.verifier.verify(t.token('ghost'))).rejects.toThrow(/unknown key id/);
      expect(t.fetcher.calls).toBe(2);
      for (let i = 0; i < 5; i++) await expect(t.verifier.verify(t.token('ghost'))).rejects.toThrow(/unknown key id/);
      await expect(t.verifier.verify(t.token('ghost-2'))).rejects.toThrow(/unknown key id/);
      expect(t.fetcher.calls).toBe(2);
      t.advance(30_000);
      await expect(t.verifier.verify(t.token('ghost'))).rejects.toThrow(/unknown key id/);
      expect(t.fetcher.calls).toBe(2);
      t.advance(31_000); // a minute after the ghost's fetch
      await expect(t.verifier.verify(t.token('ghost'))).rejects.toThrow(/unknown key id/);
      expect(t.fetcher.calls).toBe(3);
      // the known kid was never fetched for again
      for (let i = 0; i < 10; i++) await t.verifier.verify(t.token('k1'));
      expect(t.fetcher.calls).toBe(3);
    });

    it('bounds the cache of unknown kids', async () => {
      const t = setup();
      await t.verifier.verify(t.token('k1'));
      for (let i = 0; i < 1_050; i++) await expect(t.verifier.verify(t.token(`r${i}`))).rejects.toThrow(/unknown key id/);
      expect(t.verifier.stats()).toEqual({ jwksFetches: 1, knownKeys: 1, unknownKids: 1_000 });
    });

    it('takes a key the issuer adds within a minute of a flood, and drops a key the issuer retires after the cache time', async () => {
      const t = setup();
      await t.verifier.verify(t.token('k1'));
      t.publish([
        { kid: 'k1', key: t.pair.publicKey },
        { kid: 'k2', key: t.next.publicKey },
      ]);
      await expect(t.verifier.verify(t.token('k2', t.next.privateKey))).rejects.toThrow(/unknown key id/); // fetched a moment ago
      expect(t.fetcher.calls).toBe(1);
      t.advance(60_000);
      await expect(t.verifier.verify(t.token('k2', t.next.privateKey))).resolves.toEqual({ id: 'u1', roles: ['citizen'] });
      expect(t.fetcher.calls).toBe(2);
      t.publish([{ kid: 'k2', key: t.next.publicKey }]);
      t.advance(10 * 60_000 + 1);
      await expect(t.verifier.verify(t.token('k1'))).rejects.toThrow(/unknown key id/);
      expect(t.fetcher.calls).toBe(3);
    });
  });
});
