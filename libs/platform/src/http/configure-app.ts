import { INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

export interface HttpAppOptions {
  title: string;
  description: string;
}

/**
 * HTTP concerns shared by every host: security headers, strict validation (unknown fields are a
 * 400, not silently dropped), pino as Nest's logger, OpenAPI at /docs and /docs-json.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  app.useLogger(app.get(Logger));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app, options), { jsonDocumentUrl: 'docs-json' });
}

/**
 * The OpenAPI document of the app's routes, as /docs-json serves it. Also built without a listener by
 * `npm run api:types` (scripts/api/generate-api-types.ts), which generates the web client's types from it.
 */
export function openApiDocument(app: INestApplication, options: HttpAppOptions): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(options.title).setDescription(options.description).setVersion('1').addBearerAuth().build(),
  );
}
