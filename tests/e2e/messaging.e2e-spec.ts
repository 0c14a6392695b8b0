import { randomUUID } from 'node:crypto';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { InProcessTransport, KafkaTransport, TRANSPORT } from '@lib/messaging';
import type { Tx } from '@lib/platform';
import { HoldingTransport } from '../support/holding-transport';
import { startTestPlatform, TestPlatform } from '../support/harness';
import { createProbeTable, emitPublished, probeEffects, ProbeConsumer, ProbeModule } from '../support/probe';

/**
 * Outbox + inbox guarantees through whichever transport the mode uses (in-process embedded,
 * Kafka distributed). The Kafka-specific crash tests are in tests/messaging.
 */
describe('messaging: outbox, inbox, dead letters', () => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startTestPlatform({ env: { CONSUMER_MAX_ATTEMPTS: '3' }, extra: (s) => (s === 'pledges' ? [ProbeModule] : []) });
    await createProbeTable(p);
  });
  afterAll(() => p?.close());
  /** pledges' broker adapter, under the harness's holding wrapper. */
  const broker = () => p.app('pledges').get<HoldingTransport>(TRANSPORT).inner as InProcessTransport;

  it('delivers a committed event once to each consuming service, carrying its envelope', async () => {
    const id = randomUUID();
    await emitPublished(p, id);
    await p.drain();
    expect(await probeEffects(p, id)).toHaveLength(1);
    const [row] = await p.db('campaigns').query(`SELECT envelope FROM campaigns.outbox_messages WHERE message_key = $1`, [id]);
    expect(row.envelope).toMatchObject({ type: 'campaign.published', schemaVersion: 1, producer: 'campaigns', aggregateType: 'campaign', aggregateId: id });
    expect(row.envelope.correlationId).toEqual(expect.any(String));
    const inbox = await p.db('pledges').query(`SELECT consumer, status FROM pledges.inbox_messages WHERE event_id = $1 ORDER BY consumer`, [row.envelope.id]);
    expect(inbox).toEqual([
      { consumer: 'ProbeConsumer', status: 'done' },
      { consumer: 'TrackCampaignOnCampaignPublished', status: 'done' },
    ]);
  });

  it('delivers in a fresh context even when the publish starts inside a context whose transaction has ended', async () => {
    // In-process delivery runs in the publisher's async context: a consumer's relay nudge or a request's after-commit
    // work. A consumer that copied that context joined its released transaction and dead-lettered the event (3 Dec).
    const id = randomUUID();
    await emitPublished(p, id);
    const pledges = p.app('pledges');
    const cls = pledges.get(ClsService);
    const txHost = pledges.get<Tx>(getTransactionHostToken('pledges'));
    let ended: Record<string | symbol, unknown> = {};
    await cls.run(() => txHost.withTransaction(async () => void (ended = { ...cls.get() })));
    await cls.runWith(ended, () => p.drain());
    expect(await probeEffects(p, id)).toHaveLength(1);
  });

  it('publishes nothing from a rolled-back transaction', async () => {
    const id = randomUUID();
    await emitPublished(p, id, { rollback: true });
    await p.drain();
    expect(await p.db('campaigns').query(`SELECT 1 FROM campaigns.outbox_messages WHERE message_key = $1`, [id])).toHaveLength(0);
    expect(await probeEffects(p, id)).toHaveLength(0);
  });

  it('applies a redelivered event once (relay republished it after losing its "published" mark)', async () => {
    const id = randomUUID();
    await emitPublished(p, id);
    await p.drain();
    await p.db('campaigns').query(`UPDATE campaigns.outbox_messages SET published_at = NULL WHERE message_key = $1`, [id]);
    await p.drain();
    expect(await probeEffects(p, id)).toHaveLength(1);
  });

  it('dead-letters an event whose handler keeps failing, and the next event on the same key still flows', async () => {
    const poison = randomUUID();
    ProbeConsumer.failing.add(poison);
    await emitPublished(p, poison);
    await p.drain();
    ProbeConsumer.failing.delete(poison);
    const [{ envelope }] = await p.db('campaigns').query(`SELECT envelope FROM campaigns.outbox_messages WHERE message_key = $1`, [poison]);
    const inbox = await p
      .db('pledges')
      .query(`SELECT status, attempts, last_error FROM pledges.inbox_messages WHERE event_id = $1 AND consumer = 'ProbeConsumer'`, [envelope.id]);
    expect(inbox).toEqual([{ status: 'dead', attempts: 3, last_error: `probe refuses ${poison}` }]);
    // The other consumer of the same event was not affected.
    expect(await p.db('pledges').query(`SELECT 1 FROM pledges.campaign_views WHERE campaign_id = $1`, [poison])).toHaveLength(1);

    const next = randomUUID();
    await emitPublished(p, next);
    await p.drain();
    expect(await probeEffects(p, next)).toHaveLength(1);
    expect(await probeEffects(p, poison)).toHaveLength(0);
    if (p.mode === 'embedded') {
      const transport = broker();
      expect(transport.deadLetters.map((d) => [d.message.topic, d.attempts, d.message.key])).toContainEqual(['campaigns.campaign.dlt', 3, poison]);
    } else {
      expect(broker()).toBeInstanceOf(KafkaTransport); // the DLT topic itself is read in tests/messaging
    }
  });

  it('dead-letters a message that breaks its contract without retrying it', async () => {
    const id = randomUUID();
    const bad = {
      id: randomUUID(),
      type: 'campaign.published',
      schemaVersion: 1,
      producer: 'campaigns',
      aggregateType: 'campaign',
      aggregateId: id,
      occurredAt: new Date().toISOString(),
      correlationId: 'c',
      causationId: null,
      payload: { campaignId: 'not-a-uuid' },
    };
    await p
      .db('campaigns')
      .query(
        `INSERT INTO campaigns.outbox_messages (event_id, event_type, topic, message_key, envelope) VALUES ($1, 'campaign.published.v1', 'campaigns.campaign', $2, $3)`,
        [bad.id, id, JSON.stringify(bad)],
      );
    await p.drain();
    expect(await p.db('pledges').query(`SELECT 1 FROM pledges.campaign_views WHERE campaign_id::text = $1`, [id])).toHaveLength(0);
    if (p.mode === 'embedded') {
      const letter = broker().deadLetters.find((d) => d.message.key === id);
      expect(letter).toMatchObject({ attempts: 1, group: 'pledges' });
      expect(letter?.error).toMatch(/invalid campaign.published.v1 payload: campaignId/);
    }
    const after = randomUUID();
    await emitPublished(p, after);
    await p.drain();
    expect(await probeEffects(p, after)).toHaveLength(1);
  });
});
