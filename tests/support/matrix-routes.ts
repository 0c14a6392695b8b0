import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { Access, ACCESS_KEY, Role } from '@lib/platform';
import type { TestPlatform } from './harness';

// The endpoints of the authorization matrix (tests/e2e/authorization-matrix.e2e-spec.ts) and what each role may expect of them.
export interface Route {
  method: string;
  path: string;
  access: Access | undefined;
}

/** Every route of every service, read from Nest's own metadata (nothing listed by hand). */
export function routes(p: TestPlatform): Route[] {
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

export const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
export const expectedFor = (access: Access, role: Role | null): 'allowed' | 401 | 403 => {
  if (access.kind === 'public') return 'allowed';
  if (role === null) return 401;
  if (access.kind === 'authenticated') return 'allowed';
  return access.roles.includes(role) ? 'allowed' : 403;
};
