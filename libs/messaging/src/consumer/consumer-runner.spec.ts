import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ClsService } from 'nestjs-cls';
import { register } from 'prom-client';
import { CampaignPublished, ContractRegistry, EventEnvelope } from '@lib/contracts';
import { samplePublishedPayload } from '@lib/contracts/campaigns/campaign-published.spec-fixture';
import type { Tx } from '@lib/platform';
import { Inbox, InboxClaim, inboxKey } from '../inbox/inbox';
import type { DeadLetter, MessageHandler, ReceivedMessage, Transport } from '../transport/transport';
import { ConsumerBinding, ConsumerRunner } from './consumer-runner';

/** Inbox rows and effects behind transactions: what a transaction writes is kept only if it commits. */
class FakeDb {
  readonly rows = new Map<string, 'done' | 'dead'>();
  readonly effects: string[] = [];
  readonly statements: string[] = [];
  transactions = 0;
  private staged?: { rows: string[]; effects: string[] };

  readonly txHost = {
    isTransactionActive: () => this.staged !== undefined,
    withTransaction: async <T>(work: () => Promise<T>): Promise<T> => {
      this.transactions++;
      const staged = (this.staged = { rows: [], effects: [] });
      try {
        const result = await work();
        staged.rows.forEach((k) => this.rows.set(k, 'done'));
        this.effects.push(...staged.effects);
        return result;
      } finally {
        this.staged = undefined;
      }
    },
  } as unknown as Tx;

  private take(consumer: string, envelope: EventEnvelope): boolean {
    const key = inboxKey(consumer, envelope.id);
    if (this.rows.has(key) || this.staged!.rows.includes(key)) return false;
    this.staged!.rows.push(key);
    return true;
  }

  readonly inbox = {
    claim: async (consumer: string, envelope: EventEnvelope) => (this.statements.push('claim'), this.take(consumer, envelope)),
    claimAll: async (claims: InboxClaim[]) => {
      this.statements.push(`claimAll ${claims.length}`);
      return new Set(claims.filter((c) => this.take(c.consumer, c.envelope)).map((c) => inboxKey(c.consumer, c.envelope.id)));
    },
    markDead: async (consumer: string, eventId: string) => void this.rows.set(inboxKey(consumer, eventId), 'dead'),
  } as unknown as Inbox;

  effect(name: string): void {
    this.staged!.effects.push(name);
  }
}

let offset = 0;
/** A campaign.published message; `name` is its title (what the fake consumers record) and its key. */
function message(name: string, id: string = randomUUID()): ReceivedMessage {
  const aggregateId = randomUUID();
  const payload = samplePublishedPayload(aggregateId, { title: name });
  const envelope = { id, type: CampaignPublished.type, schemaVersion: 1, producer: 'campaigns', aggregateType: 'campaign', aggregateId };
  const value = JSON.stringify({ ...envelope, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: null, payload });
  return { topic: 'campaigns.campaign', key: name, value, headers: {}, partition: 0, offset: String(offset++) };
}

/** A runner of two consumers, A and B, of campaign.published; A refuses the titles in `failing`. */
async function setup() {
  const db = new FakeDb();
  const failing = new Set<string>();
  const letters: DeadLetter[] = [];
  const consumer = (name: string): ConsumerBinding => ({
    name,
    options: { service: 'pledges', events: [CampaignPublished] },
    handler: {
      handle: async (e: EventEnvelope<{ title: string }>) => {
        if (name === 'A' && failing.has(e.payload.title)) throw new Error(`A refuses ${e.payload.title}`);
        db.effect(`${name}:${e.payload.title}`);
      },
    },
  });
  let handler: MessageHandler = async () => undefined;
  const transport = {
    subscribe: async (_group: string, _topics: string[], h: MessageHandler) => void (handler = h),
    deadLetter: async (letter: DeadLetter) => void letters.push(letter),
  } as unknown as Transport;
  const cls = { run: (_options: unknown, work: () => unknown) => work(), set: () => undefined } as unknown as ClsService;
  const bindings = [consumer('A'), consumer('B')];
  const runner = new ConsumerRunner('pledges', () => bindings, transport, new ContractRegistry([CampaignPublished]), db.inbox, db.txHost, cls, {
    maxAttempts: 3,
    baseDelayMs: 0,
  });
  await runner.start();
  const beats = { n: 0 };
  return { db, failing, letters, beats, deliver: (...ms: ReceivedMessage[]) => handler(ms, async () => void beats.n++) };
}

/** civic_events_consumed_total of the pledges service, by consumer and outcome. */
async function consumed(): Promise<Record<string, number>> {
  const metric = await register.getSingleMetric('civic_events_consumed_total')!.get();
  const out: Record<string, number> = {};
  for (const v of metric.values) if (v.labels.service === 'pledges') out[`${v.labels.consumer} ${v.labels.outcome}`] = v.value;
  return out;
}
const delta = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) ? [[k, v - (before[k] ?? 0)]] : [])));

describe('ConsumerRunner: a batch in one transaction', () => {
  beforeEach(() => (['log', 'warn', 'error'] as const).forEach((level) => jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined)));

  it('claims the whole batch in one inbox statement and applies it in message order, then consumer order', async () => {
    const { db, deliver } = await setup();
    const before = await consumed();
    await deliver(message('1'), message('2'), message('3'));
    expect(db.statements).toEqual(['claimAll 6']);
    expect(db.transactions).toBe(1);
    expect(db.effects).toEqual(['A:1', 'B:1', 'A:2', 'B:2', 'A:3', 'B:3']);
    expect(delta(before, await consumed())).toEqual({ 'A applied': 3, 'B applied': 3 });
  });

  it('skips what was applied before (a redelivered batch) and an event the batch carries twice', async () => {
    const { db, deliver } = await setup();
    const [m1, m2] = [message('1'), message('2')];
    await deliver(m1, m2);
    const before = await consumed();
    const m3 = message('3');
    await deliver(m1, m2, m3, { ...m3, offset: String(offset++) });
    expect(db.statements).toEqual(['claimAll 4', 'claimAll 8']);
    expect(db.effects).toEqual(['A:1', 'B:1', 'A:2', 'B:2', 'A:3', 'B:3']);
    expect(delta(before, await consumed())).toEqual({ 'A applied': 1, 'B applied': 1, 'A duplicate': 3, 'B duplicate': 3 });
  });

  it('rolls back a batch whose handler throws and delivers it one at a time: only the poison event dead-letters, in order', async () => {
    const { db, failing, letters, beats, deliver } = await setup();
    failing.add('poison');
    const poison = message('poison');
    const before = await consumed();
    await deliver(message('1'), poison, message('3'));
    // the batch left nothing; then per pair: A:1, B:1, A:poison three times, B:poison, A:3, B:3
    expect(db.statements).toEqual(['claimAll 6', ...Array(8).fill('claim')]);
    expect(db.effects).toEqual(['A:1', 'B:1', 'B:poison', 'A:3', 'B:3']);
    expect(Logger.prototype.warn).toHaveBeenCalledWith('batch of 6 on campaigns.campaign/0 failed (A refuses poison); one at a time');
    expect(letters.map((l) => [l.message.offset, l.attempts, l.error])).toEqual([[poison.offset, 3, 'A refuses poison']]);
    expect(db.rows.get(inboxKey('A', JSON.parse(poison.value).id))).toBe('dead');
    expect(delta(before, await consumed())).toEqual({ 'A applied': 2, 'B applied': 3, 'A dead': 1 });
    expect(beats.n).toBe(6); // the group hears from the consumer after each pair of the (slow) fallback
  });

  it('dead-letters a message that breaks its contract at once, and applies the rest of the batch together', async () => {
    const { db, letters, deliver } = await setup();
    const bad = { ...message('x'), value: 'this is not an event' };
    await deliver(message('1'), bad, message('2'));
    expect(letters.map((l) => [l.message.offset, l.attempts, l.error])).toEqual([[bad.offset, 1, 'message is not JSON']]);
    expect(db.statements).toEqual(['claimAll 4']);
    expect(db.effects).toEqual(['A:1', 'B:1', 'A:2', 'B:2']);
  });

  it('applies effects exactly once whatever the batches, repeats and poison events', async () => {
    const { db, failing, deliver } = await setup();
    failing.add('p');
    const ms = ['1', 'p', '2', '3', '4'].map((k) => message(k));
    for (const batch of [[ms[0], ms[1]], [ms[1], ms[2], ms[0]], [ms[3]], ms]) await deliver(...batch);
    expect(db.effects).toEqual(['A:1', 'B:1', 'B:p', 'A:2', 'B:2', 'A:3', 'B:3', 'A:4', 'B:4']);
  });
});
