import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformConfig } from '../config/platform-config';
import { configureHttpApp, HttpAppOptions } from './configure-app';

/** Creates, configures and starts one HTTP host (a service, or the embedded all-in-one). */
export async function createHttpApp(module: DynamicModule, config: PlatformConfig, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, rawBody: true });
  app.useBodyParser('json', { limit: '256kb' });
  configureHttpApp(app, options);
  return app;
}

export async function listen(app: NestExpressApplication, config: PlatformConfig, name: string): Promise<string> {
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger(name).log(`listening on ${url} (${config.RUN_MODE} mode); API docs at ${url}/docs`);
  return url;
}
