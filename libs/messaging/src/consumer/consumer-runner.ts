import { Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Counter } from 'prom-client';
import { ContractRegistry, ContractViolation, EventEnvelope, Service, topicOf } from '@lib/contracts';
import type { Tx } from '@lib/platform';
import { CAUSATION_KEY, CORRELATION_KEY } from '@lib/platform';
import { Inbox, inboxKey } from '../inbox/inbox';
import { metric } from '../metrics';
import { ReceivedMessage, Transport } from '../transport/transport';
import { applyClaimed } from './apply-claimed';
import { EventConsumerOptions, EventHandler } from './event-consumer';

const consumed = metric(
  'civic_events_consumed_total',
  () => new Counter({ name: 'civic_events_consumed_total', help: 'Events handled by consumers', labelNames: ['service', 'consumer', 'outcome'] }),
);

export interface ConsumerBinding {
  name: string;
  options: EventConsumerOptions;
  handler: EventHandler;
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
}

/** One (consumer, event) pair of a batch: the message, parsed, for one binding that wants it. */
interface Delivery {
  binding: ConsumerBinding;
  envelope: EventEnvelope;
  message: ReceivedMessage;
}

/**
 * The inbound pipeline of one service: one consumer group (= the service) over the topics its
 * consumers need. The transport hands it batches (one topic-partition's messages, in order). Each
 * envelope is validated against its contract; a contract violation is dead-lettered at once (no retry
 * can fix it). The batch's (event, consumer) pairs, in message order and per message in binding
 * order, are then applied in ONE transaction: one inbox statement claims them all, then each
 * claimed pair's effect runs, in that order (applyClaimed: a consumer's consecutive events may go to
 * its `handleBatch` together). If anything in it throws, it rolls back and the batch falls back to
 * the per-pair path: per message and consumer, one transaction claiming the inbox row and applying
 * the effect, retried with exponential backoff up to `maxAttempts`, then dead-lettered and marked
 * dead in the inbox, and the partition moves on. (A lone pair takes that path at once.)
 *
 * Why a batch keeps effects exactly once: its inbox rows and its effects commit together in one
 * transaction, or none of them does; the transport commits the broker offset only after the handler
 * returned, so a crash before that redelivers the batch: the pairs already committed find their
 * inbox rows (the statement claims them for no one) and are skipped, the rest apply. (Only dead
 * letters, sent outside any transaction, may then be sent twice.) A rolled-back batch left no
 * row and no effect, so the per-pair fallback applies each pair once, as if the batch had never run,
 * and a poison event dead-letters alone while the others still apply. The order of effects is the
 * per-message one of before (message order, then binding order), in both paths: hence one
 * transaction for all the service's consumers, not one each, which would let one consumer's later
 * event (matching's campaign.succeeded) run before another's earlier one (campaign.published).
 */
export class ConsumerRunner {
  private readonly logger: Logger;
  private bindings: ConsumerBinding[] = [];

  constructor(
    readonly service: Service,
    private readonly findBindings: () => ConsumerBinding[],
    private readonly transport: Transport,
    private readonly registry: ContractRegistry,
    private readonly inbox: Inbox,
    private readonly txHost: Tx,
    private readonly cls: ClsService,
    private readonly retry: RetryOptions,
  ) {
    this.logger = new Logger(`${service}:consumers`);
  }

  topics(): string[] {
    return [...new Set(this.bindings.flatMap((b) => b.options.events.map(topicOf)))].sort();
  }

  async start(): Promise<void> {
    this.bindings = this.findBindings();
    const topics = this.topics();
    if (topics.length === 0) return;
    await this.transport.subscribe(this.service, topics, (messages, heartbeat) => this.onMessages(messages, heartbeat));
    this.logger.log(`consuming ${topics.join(', ')} with ${this.bindings.map((b) => b.name).join(', ')}`);
  }

  /** A batch of one message. */
  onMessage(message: ReceivedMessage): Promise<void> {
    return this.onMessages([message]);
  }

  /** A batch of one topic-partition's messages, in order (see the class comment). */
  async onMessages(messages: ReceivedMessage[], heartbeat: () => Promise<void> = async () => undefined): Promise<void> {
    const deliveries: Delivery[] = [];
    for (const message of messages) {
      const envelope = await this.parse(message);
      if (!envelope) continue;
      for (const binding of this.bindings) {
        if (binding.options.events.some((c) => c.type === envelope.type && c.version === envelope.schemaVersion)) {
          deliveries.push({ binding, envelope, message });
        }
      }
    }
    if (deliveries.length > 1 && (await this.applyAll(deliveries))) return;
    for (const delivery of deliveries) {
      await this.deliver(delivery);
      await heartbeat(); // the fallback may retry (and back off) for several events in a row
    }
  }

  /** The envelope, or undefined once a message that breaks its contract is dead-lettered. */
  private async parse(message: ReceivedMessage): Promise<EventEnvelope | undefined> {
    try {
      return this.registry.parse(message.value);
    } catch (e) {
      const error = e instanceof ContractViolation ? e.message : `unreadable message: ${(e as Error).message}`;
      this.logger.error(`dead-lettering ${message.topic}@${message.offset}: ${error}`);
      await this.transport.deadLetter({ group: this.service, message, error, attempts: 1 });
      consumed.inc({ service: this.service, consumer: '-', outcome: 'dead' });
      return undefined;
    }
  }

  /** The batch in one transaction; false (rolled back, nothing applied) when anything in it threw. */
  private async applyAll(deliveries: Delivery[]): Promise<boolean> {
    let applied: boolean[];
    try {
      applied = await this.inFreshContext(() =>
        this.txHost.withTransaction(async () => {
          const claims = deliveries.map(({ binding, envelope, message }) => ({ consumer: binding.name, envelope, topic: message.topic }));
          const claimed = await this.inbox.claimAll(claims);
          // delete: an event the batch carries twice is applied at its first occurrence only
          const outcomes = deliveries.map(({ binding, envelope }) => claimed.delete(inboxKey(binding.name, envelope.id)));
          const pairs = deliveries
            .filter((_, i) => outcomes[i])
            .map(({ binding, envelope }) => ({ consumer: binding.name, handler: binding.handler, envelope }));
          await applyClaimed(pairs, (envelope) => this.setCause(envelope));
          return outcomes;
        }),
      );
    } catch (e) {
      const { topic, partition } = deliveries[0].message;
      this.logger.warn(`batch of ${deliveries.length} on ${topic}/${partition} failed (${(e as Error).message ?? String(e)}); one at a time`);
      return false;
    }
    deliveries.forEach(({ binding }, i) => consumed.inc({ service: this.service, consumer: binding.name, outcome: applied[i] ? 'applied' : 'duplicate' }));
    return true;
  }

  private async deliver({ binding, envelope, message }: Delivery): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.inFreshContext(() => {
          this.setCause(envelope);
          return this.txHost.withTransaction(async () => {
            if (!(await this.inbox.claim(binding.name, envelope, message.topic))) return false;
            await binding.handler.handle(envelope);
            return true;
          });
        });
        consumed.inc({ service: this.service, consumer: binding.name, outcome: applied ? 'applied' : 'duplicate' });
        return;
      } catch (e) {
        const error = (e as Error).message ?? String(e);
        if (attempt >= this.retry.maxAttempts) {
          this.logger.error(`${binding.name} failed ${attempt} times on ${envelope.type} ${envelope.id}; dead-lettering: ${error}`);
          await this.transport.deadLetter({ group: this.service, message, error, attempts: attempt });
          await this.inbox.markDead(binding.name, envelope.id, `${envelope.type}.v${envelope.schemaVersion}`, message.topic, attempt, error);
          consumed.inc({ service: this.service, consumer: binding.name, outcome: 'dead' });
          return;
        }
        this.logger.warn(`${binding.name} attempt ${attempt} on ${envelope.type} ${envelope.id} failed: ${error}`);
        await sleep(Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), 30_000));
      }
    }
  }

  private inFreshContext<T>(work: () => Promise<T>): Promise<T> {
    // A fresh context, never a copy of the caller's: in-process delivery can start inside another consumer's (or a
    // request's) context after its transaction ended, and a copied store would make withTransaction join that
    // released transaction ("query runner already released"; found by the fuzz run of 3 Dec on POST /campaigns/:id/cancel).
    return this.cls.run({ ifNested: 'override' }, work);
  }

  /** What the effect's outbox events record as their correlation and cause. */
  private setCause(envelope: EventEnvelope): void {
    this.cls.set(CORRELATION_KEY, envelope.correlationId);
    this.cls.set(CAUSATION_KEY, envelope.id);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
