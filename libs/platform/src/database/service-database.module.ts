import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClsPluginTransactional, InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { HealthRegistry } from '../health/health-registry';

export type ServiceName = 'campaigns' | 'pledges' | 'matching' | 'payouts';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

export interface ServiceDatabaseOptions {
  /** Also the PostgreSQL schema the service owns; no other service reads it. */
  service: ServiceName;
  entities: MixedList<Constructor | string | EntitySchema>;
  migrations: Constructor[];
}

export const dataSourceToken = (service: ServiceName) => `civic:data-source:${service}`;
/** The transaction host of one service; its `tx` is the EntityManager of the current transaction. */
export const InjectTx = (service: ServiceName) => InjectTransactionHost(service);
export type Tx = TransactionHost<TransactionalAdapterTypeOrm>;

export async function createServiceDataSource(config: PlatformConfig, options: ServiceDatabaseOptions): Promise<DataSource> {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set (the embedded host sets it after starting PGlite)');
  const logger = new Logger(`${options.service}:database`);
  const ds = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: options.service,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: config.DATABASE_POOL_SIZE, application_name: `civic-${options.service}` },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${options.service}"`);
  const ran = await ds.runMigrations({ transaction: 'each' });
  if (ran.length > 0) logger.log(`applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`);
  return ds;
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Module({})
class ServiceDataSourceModule {
  static for(options: ServiceDatabaseOptions): DynamicModule {
    const token = dataSourceToken(options.service);
    return {
      module: ServiceDataSourceModule,
      providers: [
        {
          provide: token,
          inject: [PLATFORM_CONFIG, HealthRegistry],
          useFactory: async (config: PlatformConfig, health: HealthRegistry) => {
            const ds = await createServiceDataSource(config, options);
            health.register(`db:${options.service}`, async () => {
              await ds.query('SELECT 1');
            });
            return ds;
          },
        },
        { provide: DataSourceCloser, inject: [token], useFactory: (ds: DataSource) => new DataSourceCloser(ds) },
      ],
      exports: [token],
    };
  }
}

/**
 * A service's own database: its DataSource (own schema, own migrations, run at start) and its
 * transaction host, so `@Transactional(service)` and `InjectTx(service)` share one EntityManager
 * per unit of work.
 */
@Module({})
export class ServiceDatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    const dataSourceModule = ServiceDataSourceModule.for(options);
    return {
      module: ServiceDatabaseModule,
      imports: [
        dataSourceModule,
        ClsModule.registerPlugins([
          new ClsPluginTransactional({
            connectionName: options.service,
            imports: [dataSourceModule],
            adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: dataSourceToken(options.service) }),
          }),
        ]),
      ],
      exports: [dataSourceModule, ClsModule],
    };
  }
}
