import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { PlatformFigures, PlatformReport, reconcile } from '@lib/ledger';
import { DomainError, PLATFORM_CONFIG, PlatformConfig, ServiceName } from '@lib/platform';
import { PAYOUTS_CONFIG, type PayoutsConfig } from '../payouts.config';
import { PayoutsErrorCode } from '../payouts.errors';

const SERVICES: ServiceName[] = ['campaigns', 'pledges', 'matching', 'payouts'];
const BASE_URL_SETTING: Record<ServiceName, keyof PayoutsConfig> = {
  campaigns: 'CAMPAIGNS_BASE_URL',
  pledges: 'PLEDGES_BASE_URL',
  matching: 'MATCHING_BASE_URL',
  payouts: 'PAYOUTS_BASE_URL',
};

/**
 * `GET /audit/platform`: reads each service's `GET /audit/<service>/figures` over HTTP (with the
 * admin's own token; never inside a database transaction) and reconciles them (libs/ledger
 * `reconcile`). The services' figures are read one after the other while messages may be in
 * flight, so a report with findings is read again (AUDIT_PLATFORM_ATTEMPTS times, AUDIT_PLATFORM_RETRY_MS
 * apart) before it is believed; while an outbox still holds unpublished rows the answer is
 * `pending`, not `findings` (docs/audit.md).
 */
@Injectable()
export class PlatformAudit {
  private readonly logger = new Logger('platform-audit');

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(PAYOUTS_CONFIG) private readonly config: PayoutsConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  async report(authorization: string): Promise<PlatformReport & { attempts: number; figures: PlatformFigures }> {
    const attempts = this.config.AUDIT_PLATFORM_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const figures = await this.figures(authorization);
      const report = reconcile(figures);
      if (report.status === 'ok' || attempt >= attempts) return { ...report, attempts: attempt, figures };
      await new Promise((r) => setTimeout(r, this.config.AUDIT_PLATFORM_RETRY_MS));
    }
  }

  async figures(authorization: string): Promise<PlatformFigures> {
    const entries = await Promise.all(SERVICES.map(async (s) => [s, await this.fetchFigures(s, authorization)] as const));
    return Object.fromEntries(entries) as unknown as PlatformFigures;
  }

  private async fetchFigures(service: ServiceName, authorization: string): Promise<unknown> {
    const base = this.baseUrl(service);
    if (!base)
      throw new DomainError(
        PayoutsErrorCode.AUDIT_SERVICE_URL_MISSING,
        'conflict',
        `${BASE_URL_SETTING[service]} (or PUBLIC_URL) must be set to audit the ${service} service`,
      );
    let res: Response;
    try {
      res = await fetch(`${base}/audit/${service}/figures`, { headers: { authorization }, signal: AbortSignal.timeout(this.config.AUDIT_PLATFORM_TIMEOUT_MS) });
    } catch (e) {
      this.logger.warn(`figures of ${service} unreachable: ${(e as Error).message}`);
      throw new DomainError(
        PayoutsErrorCode.AUDIT_SERVICE_UNREACHABLE,
        'conflict',
        `the ${service} service did not answer its figures (${(e as Error).message})`,
      );
    }
    if (!res.ok)
      throw new DomainError(
        PayoutsErrorCode.AUDIT_SERVICE_REFUSED,
        'conflict',
        `the ${service} service answered ${res.status} to GET /audit/${service}/figures`,
      );
    return res.json();
  }

  /** The service's setting; embedded (and payouts' own figures): the process itself; else the gateway (PUBLIC_URL). */
  private baseUrl(service: ServiceName): string | undefined {
    const set = this.config[BASE_URL_SETTING[service]] as string | undefined;
    if (set) return set.replace(/\/+$/, '');
    if (this.platform.RUN_MODE === 'embedded' || service === 'payouts') {
      const address = this.http.httpAdapter?.getHttpServer()?.address() as AddressInfo | null;
      return address ? `http://127.0.0.1:${address.port}` : undefined;
    }
    return this.platform.PUBLIC_URL?.replace(/\/+$/, '');
  }
}
