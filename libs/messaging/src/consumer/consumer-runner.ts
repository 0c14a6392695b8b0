import { Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { Counter } from 'prom-client';
import { ContractRegistry, ContractViolation, EventEnvelope, Service, topicOf } from '@lib/contracts';
import type { Tx } from '@lib/platform';
import { CAUSATION_KEY, CORRELATION_KEY } from '@lib/platform';
import { Inbox } from '../inbox/inbox';
import { metric } from '../metrics';
import { ReceivedMessage, Transport } from '../transport/transport';
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

/**
 * The inbound pipeline of one service: one consumer group (= the service) over the topics its
 * consumers need. Per message and per consumer: validate the envelope against its contract, then
 * in one transaction claim the inbox row and apply the effect. A failure is retried with
 * exponential backoff up to `maxAttempts`, then the message goes to the dead-letter topic and is
 * marked dead in the inbox, and the partition moves on. A contract violation is dead-lettered at
 * once (no retry can fix it).
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
    await this.transport.subscribe(this.service, topics, (m) => this.onMessage(m));
    this.logger.log(`consuming ${topics.join(', ')} with ${this.bindings.map((b) => b.name).join(', ')}`);
  }

  async onMessage(message: ReceivedMessage): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = this.registry.parse(message.value);
    } catch (e) {
      const error = e instanceof ContractViolation ? e.message : `unreadable message: ${(e as Error).message}`;
      this.logger.error(`dead-lettering ${message.topic}@${message.offset}: ${error}`);
      await this.transport.deadLetter({ group: this.service, message, error, attempts: 1 });
      consumed.inc({ service: this.service, consumer: '-', outcome: 'dead' });
      return;
    }
    for (const binding of this.bindings) {
      if (!binding.options.events.some((c) => c.type === envelope.type && c.version === envelope.schemaVersion)) continue;
      await this.deliver(binding, envelope, message);
    }
  }

  private async deliver(binding: ConsumerBinding, envelope: EventEnvelope, message: ReceivedMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A fresh context, never a copy of the caller's: in-process delivery can start inside another consumer's (or a
        // request's) context after its transaction ended, and a copied store would make withTransaction join that
        // released transaction ("query runner already released"; found by the fuzz run of 3 Dec on POST /campaigns/:id/cancel).
        const applied = await this.cls.run({ ifNested: 'override' }, async () => {
          this.cls.set(CORRELATION_KEY, envelope.correlationId);
          this.cls.set(CAUSATION_KEY, envelope.id);
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
