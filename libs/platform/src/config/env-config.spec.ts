import { IsInt, IsOptional, IsUrl, Min } from 'class-validator';
import { ConfigError, envBool, envInt, loadEnvClass } from './env-config';
import { loadPlatformConfig, withEnv } from './platform-config';

class ExampleEnv {
  @envInt() @IsInt() @Min(1) LIMIT = 5;
  @envBool() @IsOptional() FLAG?: boolean;
  @IsOptional() @IsUrl({ require_tld: false }) PEER_URL?: string;
}

describe('loadEnvClass', () => {
  it('keeps the defaults for variables that are unset and ignores variables the class does not declare', () => {
    const c = loadEnvClass(ExampleEnv, { LIMIT: undefined, OTHER: 'x', PORT: 'eighty' });
    expect(c).toEqual(Object.assign(new ExampleEnv(), { LIMIT: 5 }));
    expect(c).not.toHaveProperty('OTHER');
  });

  it('converts integers and booleans and keeps declared optional strings', () => {
    expect(loadEnvClass(ExampleEnv, { LIMIT: '7', FLAG: 'yes', PEER_URL: 'http://peer:3000' })).toMatchObject({
      LIMIT: 7,
      FLAG: true,
      PEER_URL: 'http://peer:3000',
    });
    expect(loadEnvClass(ExampleEnv, { FLAG: 'off' }).FLAG).toBe(false);
  });

  it('lists every invalid variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadEnvClass(ExampleEnv, { LIMIT: '0', PEER_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/LIMIT="?0"?[\s\S]*PEER_URL="not a url"/);
  });
});

describe('PlatformConfig.env and withEnv', () => {
  it('keeps the environment it was read from, so each service reads its own settings out of it', () => {
    const c = loadPlatformConfig({ PORT: '4000', PLEDGE_MIN_AMOUNT: '500' });
    expect(c.PORT).toBe(4000);
    expect(c).not.toHaveProperty('PLEDGE_MIN_AMOUNT');
    expect(c.env.PLEDGE_MIN_AMOUNT).toBe('500');
    expect(Object.isFrozen(c.env)).toBe(true);
  });

  it('overrides variables of one host without changing the original config', () => {
    const c = loadPlatformConfig({ MATCHING_BASE_URL: 'http://a' });
    const d = withEnv(c, { MATCHING_BASE_URL: 'http://b' });
    expect([c.env.MATCHING_BASE_URL, d.env.MATCHING_BASE_URL, d.PORT]).toEqual(['http://a', 'http://b', c.PORT]);
  });
});
