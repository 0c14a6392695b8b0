import { ConfigError } from './env-config';
import { loadPlatformConfig } from './platform-config';

describe('loadPlatformConfig', () => {
  it('gives embedded defaults on an empty environment', () => {
    const c = loadPlatformConfig({});
    expect(c).toMatchObject({ RUN_MODE: 'embedded', PORT: 3000, HOST: '127.0.0.1', AUTH_DEV_TOKENS: true, DEMO_SEED: true, BACKGROUND_WORKERS: true });
    expect(c.AUTH_DEV_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns dev tokens and the demo off by default in distributed mode and requires a database', () => {
    expect(() => loadPlatformConfig({ RUN_MODE: 'distributed' })).toThrow(/DATABASE_URL is required/);
    const c = loadPlatformConfig({ RUN_MODE: 'distributed', DATABASE_URL: 'postgres://a@b/c' });
    expect(c).toMatchObject({ AUTH_DEV_TOKENS: false, DEMO_SEED: false });
  });

  it('lists every invalid variable at once', () => {
    let error: unknown;
    try {
      loadPlatformConfig({ RUN_MODE: 'cloud', PORT: 'eighty', CONSUMER_MAX_ATTEMPTS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/RUN_MODE[\s\S]*PORT[\s\S]*CONSUMER_MAX_ATTEMPTS/);
  });

  it('requires a Stripe key when Stripe is the provider', () => {
    expect(() => loadPlatformConfig({ PAYMENTS_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY/);
  });

  it('requires an audience (and a JWKS) whenever OIDC is on, so tokens minted for another client are refused', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example/realms/civic', OIDC_JWKS_URL: 'https://login.example/realms/civic/certs' };
    expect(() => loadPlatformConfig(oidc)).toThrow(/OIDC_AUDIENCE is required/);
    expect(() => loadPlatformConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_AUDIENCE: 'civic-api' })).toThrow(/OIDC_JWKS_URL is required/);
    expect(() => loadPlatformConfig({ OIDC_JWKS_URL: oidc.OIDC_JWKS_URL, OIDC_AUDIENCE: 'civic-api' })).toThrow(/OIDC_ISSUER is required/);
    expect(loadPlatformConfig({ ...oidc, OIDC_AUDIENCE: 'civic-api' }).OIDC_AUDIENCE).toBe('civic-api');
  });

  it('trusts no proxy by default and validates TRUST_PROXY as express trust-proxy entries', () => {
    expect(loadPlatformConfig({}).TRUST_PROXY).toBeUndefined();
    for (const ok of ['loopback', '127.0.0.1', '10.0.0.0/8, fd00::/8', 'loopback,uniquelocal,192.168.1.10']) {
      expect(loadPlatformConfig({ TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    }
    for (const bad of ['true', '*', 'everyone', '10.0.0.0/33', '::1/129', '1.2.3', '10.0.0.0/8/1', 'loopback;rm']) {
      expect(() => loadPlatformConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('bounds BODY_MAX_DEPTH (default 32)', () => {
    expect(loadPlatformConfig({}).BODY_MAX_DEPTH).toBe(32);
    expect(loadPlatformConfig({ BODY_MAX_DEPTH: '8' }).BODY_MAX_DEPTH).toBe(8);
    for (const bad of ['0', '10000', 'deep']) expect(() => loadPlatformConfig({ BODY_MAX_DEPTH: bad })).toThrow(/BODY_MAX_DEPTH/);
  });

  it('refuses a dev-token secret that is short, empty or the one compose once published', () => {
    expect(loadPlatformConfig({ AUTH_DEV_SECRET: 'x'.repeat(32) }).AUTH_DEV_SECRET).toBe('x'.repeat(32));
    expect(() => loadPlatformConfig({ AUTH_DEV_SECRET: '' })).toThrow(/AUTH_DEV_SECRET/);
    expect(() => loadPlatformConfig({ AUTH_DEV_SECRET: 's3cret' })).toThrow(/AUTH_DEV_SECRET/);
    expect(() => loadPlatformConfig({ AUTH_DEV_TOKENS: 'true', AUTH_DEV_SECRET: 'civic-dev-only-secret-do-not-use-in-production' })).toThrow(
      /published example secret/,
    );
  });
});
