import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformConfig } from '../config/platform-config';
import type { NextFunction, Request, Response } from 'express';
import { configureHttpApp, HttpAppOptions } from './configure-app';

/** The API speaks JSON only: a request that carries a body of another media type is a 415, before anything reads it. */
function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'];
  if (hasBody && !(type && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type))) {
    res.status(415).json({
      statusCode: 415, error: 'Unsupported Media Type', code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Request bodies must be JSON (Content-Type: application/json); got ${type ? JSON.stringify(type.slice(0, 100)) : 'no Content-Type'}`,
    });
    return;
  }
  next();
}

/** Creates, configures and starts one HTTP host (a service, or the embedded all-in-one). */
export async function createHttpApp(module: DynamicModule, config: PlatformConfig, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, rawBody: true });
  app.useBodyParser('json', { limit: '256kb' });
  app.use(requireJsonBodies);
  app.set('trust proxy', 'loopback'); // behind the gateway, req.ip is the client from X-Forwarded-For (rate limits, logs)
  configureHttpApp(app, options);
  return app;
}

export async function listen(app: NestExpressApplication, config: PlatformConfig, name: string): Promise<string> {
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger(name).log(`listening on ${url} (${config.RUN_MODE} mode); API docs at ${url}/docs`);
  return url;
}
