import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as jwt from 'jsonwebtoken';
import { loadPlatformConfig } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';
import { TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyObject;
  const issuer = 'https://login.comune.example/realms/civic';

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
    server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const oidc = () =>
    new TokenVerifier(loadPlatformConfig({ RUN_MODE: 'embedded', AUTH_DEV_TOKENS: 'false', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'civic-api', OIDC_JWKS_URL: jwksUrl }));
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
    const devOn = new TokenVerifier(loadPlatformConfig({ AUTH_DEV_TOKENS: 'true', AUTH_DEV_SECRET: 's3cret' }));
    const token = devOn.issueDevToken('anna', ['citizen']);
    await expect(devOn.verify(token)).resolves.toEqual({ id: 'anna', roles: ['citizen'] });
    const devOff = new TokenVerifier(loadPlatformConfig({ RUN_MODE: 'distributed', DATABASE_URL: 'postgres://x@localhost/x', AUTH_DEV_SECRET: 's3cret' }));
    await expect(devOff.verify(token)).rejects.toThrow(/dev tokens are disabled/);
  });
});
