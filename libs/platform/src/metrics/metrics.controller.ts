import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { register } from 'prom-client';
import { Public } from '../auth/roles';

@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
