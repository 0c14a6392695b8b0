import { ROLES, Role } from '@lib/platform';
import { bearer } from '../support/flows';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { matrixCases } from '../support/matrix-cases';
import { matrixResources } from '../support/matrix-resources';
import { concrete, expectedFor, routes } from '../support/matrix-routes';

/**
 * The authorization matrix, generated: every endpoint called as nobody and as each role, with the
 * expected allow/deny from its declared access; every allowed role then acts on real resources it
 * owns. Ownership refusals (the wrong promoter or funder) are checked by the feature suites.
 */
describe('authorization matrix (every endpoint × every role)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(() => p?.close());

  it('has an access rule on every endpoint, and refuses every role it does not allow', async () => {
    const all = routes(p);
    expect(all.length).toBeGreaterThan(35);
    expect(all.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const mismatches: string[] = [];
    for (const route of all) {
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const expected = expectedFor(route.access!, role);
        if (expected === 'allowed') continue; // shown below, on real resources
        const verb = route.method.toLowerCase() as 'get' | 'post';
        const req = p.api[verb](concrete(route.path)).set('Content-Type', 'application/json');
        const res = await (role ? req.set(bearer(p.token(`matrix-${role}`, role))) : req).send(route.method === 'GET' ? undefined : {});
        if (res.status !== expected)
          mismatches.push(`${route.method} ${route.path} as ${role ?? 'nobody'}: expected ${expected}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  /**
   * Every role an endpoint allows can act: on real resources it owns (the call's funder, the
   * campaign's promoter, the pledge's donor, an independent verifier, an admin) with a valid body,
   * each allowed caller gets a 2xx. Each call that changes state gets a fresh resource. Every
   * endpoint must have its case (tests/support/matrix-cases.ts), so a new endpoint cannot go unshown.
   */
  it('lets every allowed role act on real resources (a 2xx for each)', async () => {
    const cases = matrixCases(await matrixResources(p));
    const all = routes(p);
    expect(all.map((r) => `${r.method} ${r.path}`).filter((k) => !cases[k])).toEqual([]); // every endpoint has its case
    const failures: string[] = [];
    for (const route of all) {
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        if (expectedFor(route.access!, role) !== 'allowed') continue;
        const res = await cases[`${route.method} ${route.path}`](role);
        if (res.status < 200 || res.status >= 300) failures.push(`${route.method} ${route.path} as ${role ?? 'nobody'}: ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
