import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { Public } from './roles';

export class OidcClientConfig {
  @ApiProperty() issuer!: string;
  @ApiProperty() clientId!: string;
  @ApiPropertyOptional() audience?: string;
}

export class PaymentsClientConfig {
  @ApiProperty({ enum: ['sandbox', 'stripe'] }) provider!: 'sandbox' | 'stripe';
  @ApiProperty({ nullable: true, type: String, description: 'set only with the stripe provider' }) stripePublishableKey!: string | null;
}

export class ClientConfig {
  @ApiProperty({ description: 'POST /auth/dev-token is available' }) devTokens!: boolean;
  @ApiProperty({ nullable: true, type: OidcClientConfig }) oidc!: OidcClientConfig | null;
  @ApiProperty({ type: PaymentsClientConfig }) payments!: PaymentsClientConfig;
}

/** What a browser client needs to know before it logs in or pays; nothing secret. */
@ApiTags('auth')
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'Public client configuration: how to log in (dev tokens, OIDC issuer and client) and how to pay' })
  @ApiOkResponse({ type: ClientConfig })
  get(): ClientConfig {
    const c = this.config;
    return {
      devTokens: Boolean(c.AUTH_DEV_TOKENS),
      oidc:
        c.OIDC_ISSUER && c.OIDC_CLIENT_ID
          ? { issuer: c.OIDC_ISSUER, clientId: c.OIDC_CLIENT_ID, ...(c.OIDC_AUDIENCE ? { audience: c.OIDC_AUDIENCE } : {}) }
          : null,
      payments: {
        provider: c.PAYMENTS_PROVIDER,
        stripePublishableKey: c.PAYMENTS_PROVIDER === 'stripe' ? (c.STRIPE_PUBLISHABLE_KEY ?? null) : null,
      },
    };
  }
}
