import { DynamicModule, Logger, Module, Type } from '@nestjs/common';
import { createHttpApp, listen, loadPlatformConfig, PlatformConfig, PlatformModule } from '@lib/platform';
import { MessagingModule } from './messaging.module';

@Module({})
export class HostModule {}

/** A host = platform + messaging + the service modules it runs (one in distributed mode, four embedded). */
export function hostModule(
  config: PlatformConfig,
  services: Type[],
  extra: DynamicModule['imports'] = [],
  messaging: Parameters<typeof MessagingModule.forRoot>[0] = {},
  platform: Parameters<typeof PlatformModule.forRoot>[1] = {},
): DynamicModule {
  return { module: HostModule, imports: [PlatformModule.forRoot(config, platform), MessagingModule.forRoot(messaging), ...services, ...extra] };
}

/** `main.ts` of a service in distributed mode. */
export function runServiceHost(name: string, service: Type, description: string): void {
  const start = async () => {
    const config = loadPlatformConfig();
    const app = await createHttpApp(hostModule(config, [service]), config, { title: `Civic matchfunding — ${name}`, description });
    await listen(app, config, name);
  };
  start().catch((e: unknown) => {
    new Logger(name).error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  });
}
