import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { NoUnknownBodyGuard } from './http/no-unknown-body';
import { TerminusModule } from '@nestjs/terminus';
import { ClsModule } from 'nestjs-cls';
import { collectDefaultMetrics, register } from 'prom-client';
import { AuthGuard } from './auth/auth.guard';
import { AuthConfigController } from './auth/auth-config.controller';
import { DevTokenController } from './auth/dev-token.controller';
import { TokenVerifier } from './auth/token-verifier';
import { PLATFORM_CONFIG, PlatformConfig } from './config/platform-config';
import { DomainExceptionFilter } from './errors/domain-exception.filter';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { loggingModule } from './logging/logging';
import { MetricsController } from './metrics/metrics.controller';
import { Clock, CLOCK, SystemClock } from './clock';
import { JobRegistry } from './jobs';
import { CORRELATION_KEY } from './context';
import { rateLimitModule } from './http/rate-limit';
import { AuditTrail } from './audit/audit-trail';

/**
 * What every host (one service, or the embedded all-in-one) needs once: validated config, logs,
 * request context (CLS, which also carries transactions), auth guard, error mapping, /health,
 * /metrics and the dev-token endpoint.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig, options: { clock?: Clock } = {}): DynamicModule {
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    return {
      module: PlatformModule,
      imports: [
        loggingModule(config),
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            setup: (cls, req: { id?: unknown }) => {
              if (typeof req.id === 'string') cls.set(CORRELATION_KEY, req.id);
            },
          },
        }),
        TerminusModule.forRoot({ logger: false, errorLogStyle: 'pretty' }),
        rateLimitModule(config),
      ],
      controllers: [HealthController, MetricsController, DevTokenController, AuthConfigController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        JobRegistry,
        HealthRegistry,
        TokenVerifier,
        AuditTrail,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: NoUnknownBodyGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
      ],
      exports: [PLATFORM_CONFIG, CLOCK, HealthRegistry, TokenVerifier, JobRegistry, AuditTrail],
    };
  }
}
