import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { getTransactionHostToken } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import type { DataSource } from 'typeorm';
import { ALL_CONTRACTS, ContractRegistry, EventContract, Service } from '@lib/contracts';
import { dataSourceToken, HealthRegistry, PLATFORM_CONFIG, PlatformConfig, ServiceName, Tx } from '@lib/platform';
import { ConsumerBinding, ConsumerRunner } from './consumer/consumer-runner';
import { EventConsumer, EventHandler } from './consumer/event-consumer';
import { Inbox } from './inbox/inbox';
import { fromOwnPool, onOutboxCommitted } from './outbox/outbox-commits';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { InProcessTransport } from './transport/in-process.transport';
import { KafkaTransport, KafkaTransportOptions } from './transport/kafka.transport';
import { Transport, TRANSPORT } from './transport/transport';
import { MessagingRegistry } from './messaging-registry';

@Injectable()
class TransportLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(TRANSPORT) private readonly transport: Transport,
    private readonly contracts: ContractRegistry,
    health: HealthRegistry,
  ) {
    health.register(`broker:${transport.name}`, () => transport.health());
  }

  async onModuleInit(): Promise<void> {
    await this.transport.ensureTopics(this.contracts.topics());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

export function kafkaOptions(config: PlatformConfig): KafkaTransportOptions {
  return {
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    clientId: config.KAFKA_CLIENT_ID,
    namespace: config.KAFKA_NAMESPACE,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
  };
}

export function createTransport(config: PlatformConfig): Transport {
  return config.RUN_MODE === 'embedded' ? new InProcessTransport({ maxBatch: config.EMBEDDED_CONSUMER_BATCH }) : new KafkaTransport(kafkaOptions(config));
}

/** Starts a service's consumers and relay once every module is ready; stops the relay first on shutdown. */
class ServiceMessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  constructor(
    private readonly service: Service,
    private readonly runner: ConsumerRunner,
    private readonly relay: OutboxRelay,
    private readonly config: PlatformConfig,
  ) {
    this.logger = new Logger(`${service}:messaging`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
    if (this.config.BACKGROUND_WORKERS) this.relay.start();
    this.logger.debug('messaging started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Global()
@Module({})
export class MessagingModule {
  /** Once per process: the transport (Kafka or in-process by RUN_MODE) and the contract registry. */
  static forRoot(options: { transport?: (config: PlatformConfig) => Transport; contracts?: readonly EventContract[] } = {}): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: TRANSPORT,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => (options.transport ?? createTransport)(config),
        },
        { provide: ContractRegistry, useValue: new ContractRegistry(options.contracts ?? ALL_CONTRACTS) },
        MessagingRegistry,
        TransportLifecycle,
      ],
      exports: [TRANSPORT, ContractRegistry, MessagingRegistry],
    };
  }

  /**
   * Per service: its outbox writer, relay, inbox and consumer pipeline, bound to its own
   * DataSource and transaction host. `database` is the service's ServiceDatabaseModule.
   */
  static forService(service: ServiceName, database: DynamicModule): DynamicModule {
    const txToken = getTransactionHostToken(service);
    return {
      module: ServiceMessagingModule,
      imports: [database, DiscoveryModule],
      providers: [
        {
          provide: OutboxRelay,
          inject: [dataSourceToken(service), TRANSPORT, PLATFORM_CONFIG, MessagingRegistry],
          useFactory: (ds: DataSource, transport: Transport, config: PlatformConfig, registry: MessagingRegistry) => {
            const relay = new OutboxRelay(service, ds, transport, {
              batchSize: 200,
              pollMs: config.OUTBOX_POLL_MS,
              leaseSeconds: 10,
              // LISTEN needs a real PostgreSQL session; embedded PGlite relies on polling plus nudges
              listenUrl: config.RUN_MODE === 'distributed' ? config.DATABASE_URL : undefined,
              isOwnCommit: fromOwnPool(ds),
            });
            registry.relays.push(relay);
            onOutboxCommitted(ds, () => relay.committed());
            return relay;
          },
        },
        {
          provide: OutboxWriter,
          inject: [txToken, ClsService, OutboxRelay],
          useFactory: (tx: Tx, cls: ClsService, relay: OutboxRelay) => new OutboxWriter(service, tx, cls, () => relay.nudge()),
        },
        {
          provide: Inbox,
          inject: [txToken, dataSourceToken(service)],
          useFactory: (tx: Tx, ds: DataSource) => new Inbox(service, tx, ds),
        },
        {
          provide: ConsumerRunner,
          inject: [DiscoveryService, TRANSPORT, ContractRegistry, Inbox, txToken, ClsService, PLATFORM_CONFIG, MessagingRegistry],
          useFactory: (
            discovery: DiscoveryService,
            transport: Transport,
            contracts: ContractRegistry,
            inbox: Inbox,
            tx: Tx,
            cls: ClsService,
            config: PlatformConfig,
            registry: MessagingRegistry,
          ) => {
            const runner = new ConsumerRunner(service, () => findConsumers(discovery, service), transport, contracts, inbox, tx, cls, {
              maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
              baseDelayMs: config.CONSUMER_RETRY_BASE_MS,
            });
            registry.runners.push(runner);
            return runner;
          },
        },
        {
          provide: ServiceMessagingLifecycle,
          inject: [ConsumerRunner, OutboxRelay, PLATFORM_CONFIG],
          useFactory: (runner: ConsumerRunner, relay: OutboxRelay, config: PlatformConfig) => new ServiceMessagingLifecycle(service, runner, relay, config),
        },
      ],
      exports: [OutboxWriter, Inbox, OutboxRelay, ConsumerRunner],
    };
  }
}

@Module({})
class ServiceMessagingModule {}

function findConsumers(discovery: DiscoveryService, service: Service): ConsumerBinding[] {
  return discovery
    .getProviders({ metadataKey: EventConsumer.KEY })
    .map((wrapper) => ({ wrapper, options: discovery.getMetadataByDecorator(EventConsumer, wrapper) }))
    .filter(({ options, wrapper }) => options?.service === service && wrapper.instance)
    .map(({ wrapper, options }) => ({
      name: wrapper.metatype?.name ?? String(wrapper.token),
      options: options!,
      handler: wrapper.instance as EventHandler,
    }));
}
