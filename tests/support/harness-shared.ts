import type { AddressInfo } from 'node:net';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { JobRegistry, ServiceName } from '@lib/platform';
import { CampaignsModule } from '../../apps/campaigns/src/campaigns.module';
import { MatchingModule } from '../../apps/matching/src/matching.module';
import { PayoutsModule } from '../../apps/payouts/src/payouts.module';
import { PledgesModule } from '../../apps/pledges/src/pledges.module';
import { auditLedger } from '../../apps/payouts/src/persistence/ledger-audit.read-model';
import type { Api, Verb } from './harness-types';

// What both run modes of the test platform (harness.ts) share: the services, the closing ledger audit, ticks, URLs and the API client.
export const SERVICES: Record<ServiceName, Type> = {
  campaigns: CampaignsModule,
  pledges: PledgesModule,
  matching: MatchingModule,
  payouts: PayoutsModule,
};

/** Every suite ends with the ledger audit of design.md §3: a violation fails the suite. */
export async function assertLedgerAudit(payouts: DataSource): Promise<void> {
  const violations = await auditLedger(payouts);
  if (violations.length > 0) throw new Error(`ledger audit failed: ${JSON.stringify(violations, null, 2)}`);
}

export async function tickUntilQuiet(jobs: JobRegistry[], drain: () => Promise<void>): Promise<void> {
  await drain();
  for (let round = 0; round < 50; round++) {
    let handled = 0;
    for (const j of jobs) handled += await j.runAll();
    await drain();
    if (handled === 0) return;
  }
  throw new Error('jobs did not settle after 50 rounds');
}

/** Apps listen on an ephemeral loopback port: supertest then reuses it (given a bare server, it would listen anew per request). */
export function urlOf(app: NestExpressApplication): string {
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export function makeApi(baseFor: (path: string) => string): Api {
  const verbs: Verb[] = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.fromEntries(verbs.map((verb) => [verb, (path: string) => request(baseFor(path))[verb](path)])) as Api;
}
