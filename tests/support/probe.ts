import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { CampaignPublished, CampaignPublishedV1, EventEnvelope } from '@lib/contracts';
import { EventConsumer, EventHandler, OutboxWriter } from '@lib/messaging';
import { InjectTx, Tx } from '@lib/platform';
import { samplePublishedPayload } from '@lib/contracts/campaigns/campaign-published.spec-fixture';
import type { TestPlatform } from './harness';

/**
 * A deliberately NOT idempotent consumer in the pledges service: every application inserts a row.
 * One row per event proves the inbox made redeliveries harmless. Aggregates listed in
 * `ProbeConsumer.failing` make it throw (a poison handler).
 */
@Injectable()
@EventConsumer({ service: 'pledges', events: [CampaignPublished] })
export class ProbeConsumer implements EventHandler {
  static readonly failing = new Set<string>();
  constructor(@InjectTx('pledges') private readonly txHost: Tx) {}

  async handle(envelope: EventEnvelope<CampaignPublishedV1>): Promise<void> {
    if (ProbeConsumer.failing.has(envelope.aggregateId)) throw new Error(`probe refuses ${envelope.aggregateId}`);
    await this.txHost.tx.query(`INSERT INTO pledges.probe_effects (event_id, aggregate_id) VALUES ($1, $2)`, [envelope.id, envelope.aggregateId]);
  }
}

@Module({ providers: [ProbeConsumer] })
export class ProbeModule {}

export async function createProbeTable(p: TestPlatform): Promise<void> {
  await p
    .db('pledges')
    .query(`CREATE TABLE IF NOT EXISTS pledges.probe_effects (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, aggregate_id uuid NOT NULL)`);
}

export async function probeEffects(p: TestPlatform, aggregateId?: string): Promise<{ event_id: string; aggregate_id: string }[]> {
  return p
    .db('pledges')
    .query(
      `SELECT event_id, aggregate_id FROM pledges.probe_effects ${aggregateId ? 'WHERE aggregate_id = $1' : ''} ORDER BY seq`,
      aggregateId ? [aggregateId] : [],
    );
}

export function publishedPayload(campaignId: string = randomUUID()): CampaignPublishedV1 {
  return samplePublishedPayload(campaignId, { startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 1e9).toISOString() });
}

/** Emits campaign.published from the campaigns service's outbox, in its own transaction (optionally rolled back). */
export async function emitPublished(p: TestPlatform, campaignId: string, options: { rollback?: boolean } = {}): Promise<void> {
  const app = p.app('campaigns');
  const txHost = app.get<Tx>(getTransactionHostToken('campaigns'));
  const writer = new OutboxWriter('campaigns', txHost, app.get(ClsService));
  const work = txHost.withTransaction(async () => {
    await writer.append({ contract: CampaignPublished, aggregateId: campaignId, payload: publishedPayload(campaignId) });
    if (options.rollback) throw new Error('rolled back on purpose');
  });
  if (options.rollback) await expect(work).rejects.toThrow('rolled back on purpose');
  else await work;
}
