import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { RateLimited } from '../http/rate-limit';
import { DomainError } from '../errors/domain-error';
import { Public, Role, ROLES } from './roles';
import { TokenVerifier } from './token-verifier';

export class DevTokenRequest {
  @ApiProperty({ example: 'citizen-anna' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9._:@-]+$/, { message: 'sub may contain letters, digits and . _ : @ -' })
  sub!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['citizen'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class DevTokenResponse {
  @ApiProperty() token!: string;
  @ApiProperty({ type: 'integer', description: 'seconds' }) expiresIn!: number;
}

@ApiTags('auth')
@Controller('auth')
export class DevTokenController {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  @Post('dev-token')
  @HttpCode(201)
  @Public()
  @RateLimited('auth')
  @ApiOperation({ summary: 'Issue a development token (only when AUTH_DEV_TOKENS is enabled)' })
  @ApiCreatedResponse({ type: DevTokenResponse })
  issue(@Body() body: DevTokenRequest): DevTokenResponse {
    if (!this.config.AUTH_DEV_TOKENS) {
      throw new DomainError('DEV_TOKENS_DISABLED', 'not_found', 'Dev tokens are disabled on this deployment');
    }
    const expiresIn = 12 * 3600;
    return { token: this.verifier.issueDevToken(body.sub, body.roles, expiresIn), expiresIn };
  }
}
