import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { Access, ACCESS_KEY, Role, ROLES } from '@lib/platform';
import { bearer } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';

interface Route {
  method: string;
  path: string;
  access: Access | undefined;
}

/** Every route of every service, read from Nest's own metadata (nothing listed by hand). */
function routes(p: TestPlatform): Route[] {
  const found: Route[] = [];
  const apps = p.mode === 'embedded' ? [p.app('campaigns')] : (['campaigns', 'pledges', 'matching', 'payouts'] as const).map((s) => p.app(s));
  for (const app of apps) {
    for (const wrapper of app.get(DiscoveryService).getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype).filter((n) => n !== 'constructor')) {
        const handler = type.prototype[name as keyof object] as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const path = `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/');
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type)) as Access | undefined;
        found.push({ method, path, access });
      }
    }
  }
  return found.filter((r, i) => found.findIndex((x) => x.method === r.method && x.path === r.path) === i);
}

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
const expectedFor = (access: Access, role: Role | null): 'allowed' | 401 | 403 => {
  if (access.kind === 'public') return 'allowed';
  if (role === null) return 401;
  if (access.kind === 'authenticated') return 'allowed';
  return access.roles.includes(role) ? 'allowed' : 403;
};

/**
 * The authorization matrix, generated: every endpoint called as nobody and as each role, with the
 * expected allow/deny from its declared access. Ownership (the wrong promoter or funder) is checked
 * by the feature suites, where real resources exist.
 */
describe('authorization matrix (every endpoint × every role)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('has an access rule on every endpoint, and enforces it for every role', async () => {
    const all = routes(p);
    expect(all.length).toBeGreaterThan(35);
    expect(all.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const mismatches: string[] = [];
    for (const route of all) {
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const expected = expectedFor(route.access!, role);
        const verb = route.method.toLowerCase() as 'get' | 'post';
        const req = p.api[verb](concrete(route.path)).set('Content-Type', 'application/json');
        const res = await (role ? req.set(bearer(p.token(`matrix-${role}`, role))) : req).send(route.method === 'GET' ? undefined : {});
        const denied = res.status === 401 || res.status === 403;
        const ok = expected === 'allowed' ? !denied || (res.status === 403 && res.body.code !== 'ROLE_REQUIRED') : res.status === expected;
        if (!ok || res.status >= 500) mismatches.push(`${route.method} ${route.path} as ${role ?? 'nobody'}: expected ${expected}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
