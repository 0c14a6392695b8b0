import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { PLATFORM_CONFIG, type PlatformConfig } from '@lib/platform';
import { PLEDGES_CONFIG, type PledgesConfig } from '../pledges.config';

export interface MatchQuote {
  amount: number;
  currency: string;
}

/**
 * The quote shown with a new pledge ("your 10 EUR becomes 20 EUR"), read from matching's public
 * endpoint GET /campaigns/:id/match-quote with the donor's own token, so per-donor caps apply.
 * A read-only, best-effort call: money moves only on confirmation, through events; if matching
 * does not answer within the timeout the pledge is created without a quote (null), never refused.
 */
@Injectable()
export class MatchQuoteClient {
  private readonly logger = new Logger('match-quote');

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(PLEDGES_CONFIG) private readonly config: PledgesConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  async quote(campaignId: string, amount: number, authorization?: string): Promise<MatchQuote | null> {
    const base = this.config.MATCHING_BASE_URL ?? this.selfUrl();
    if (!base) return null;
    try {
      const res = await fetch(`${base}/campaigns/${campaignId}/match-quote?amount=${amount}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(1500),
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const body = (await res.json()) as { amount: number; currency: string };
      return { amount: body.amount, currency: body.currency };
    } catch (e) {
      this.logger.warn(`no quote for campaign ${campaignId}: ${(e as Error).message}`);
      return null;
    }
  }

  /** Embedded mode serves matching on the same port. */
  private selfUrl(): string | undefined {
    if (this.platform.RUN_MODE !== 'embedded') return undefined;
    const address = this.http.httpAdapter?.getHttpServer()?.address() as AddressInfo | null;
    return address ? `http://127.0.0.1:${address.port}` : undefined;
  }
}
