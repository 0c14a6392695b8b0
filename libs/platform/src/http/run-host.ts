import { DynamicModule, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformConfig, trustProxyEntries } from '../config/platform-config';
import type { NextFunction, Request, Response } from 'express';
import { configureHttpApp, HttpAppOptions } from './configure-app';

/** The API speaks JSON only: a request that carries a body of another media type is a 415, before anything reads it. */
function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'];
  if (hasBody && !(type && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type))) {
    res.status(415).json({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Request bodies must be JSON (Content-Type: application/json); got ${type ? JSON.stringify(type.slice(0, 100)) : 'no Content-Type'}`,
    });
    return;
  }
  next();
}

/**
 * How deeply `value` nests objects and arrays (a scalar is 0, `{}` and `[]` are 1), counted without
 * recursion and giving up as soon as it passes `limit`, so a hostile body cannot exhaust the stack.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * A JSON body nested deeper than BODY_MAX_DEPTH is a 400 before anything walks it: validation and
 * transformation recurse, and 2000 levels (4 kB) overflowed their stack (a 500).
 */
function refuseDeepBodies(maxDepth: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (jsonDepthExceeds(req.body, maxDepth)) {
      res.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        code: 'BODY_TOO_DEEP',
        message: `Request body nests objects/arrays deeper than ${maxDepth} levels`,
      });
      return;
    }
    next();
  };
}

/** express `trust proxy` from TRUST_PROXY: nobody by default, so X-Forwarded-For is ignored unless a configured proxy sent it. */
export function trustProxySetting(config: Pick<PlatformConfig, 'TRUST_PROXY'>): string[] | false {
  const entries = trustProxyEntries(config.TRUST_PROXY);
  return entries.length > 0 ? entries : false;
}

/** Creates, configures and starts one HTTP host (a service, or the embedded all-in-one). */
export async function createHttpApp(module: DynamicModule, config: PlatformConfig, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, rawBody: true });
  app.useBodyParser('json', { limit: '256kb' });
  app.use(requireJsonBodies);
  app.use(refuseDeepBodies(config.BODY_MAX_DEPTH));
  // behind the gateway (TRUST_PROXY set to its address), req.ip is the client from X-Forwarded-For (rate limits, logs)
  app.set('trust proxy', trustProxySetting(config));
  configureHttpApp(app, options);
  return app;
}

export async function listen(app: NestExpressApplication, config: PlatformConfig, name: string): Promise<string> {
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger(name).log(`listening on ${url} (${config.RUN_MODE} mode); API docs at ${url}/docs`);
  return url;
}
