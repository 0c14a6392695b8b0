import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, Module, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PLATFORM_CONFIG, PlatformConfig, Public, webAppContentSecurityPolicy } from '@lib/platform';

/** The built web app (`npm run build:web`: apps/web → apps/web/dist). */
export const WEB_DIST = resolve(__dirname, '../../web/dist');
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

/**
 * Serves the single-page web app in embedded mode: `GET /` is its index.html and `/assets/<file>`
 * its hashed bundles. The app routes with the URL hash (`/#/campaigns/<id>`), so every API path
 * stays the API's; in distributed mode the gateway serves the same files.
 */
@ApiExcludeController()
@Controller()
export class WebAppController {
  private readonly csp: string;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.csp = webAppContentSecurityPolicy(config);
  }

  @Get()
  @Public()
  index(@Res() res: Response) {
    const index = join(WEB_DIST, 'index.html');
    if (!existsSync(index)) {
      // 404, not 5xx: the API works without the app (e.g. suites run before any build)
      res.status(404).type('text/plain').send('The web app is not built: run `npm run build:web` (npm start builds it).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', this.csp);
    res.sendFile(index);
  }

  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() res: Response) {
    const path = join(WEB_DIST, 'assets', file);
    if (!ASSET_NAME.test(file) || !existsSync(path)) throw new NotFoundException(`No asset ${file}`);
    res.sendFile(path, { immutable: true, maxAge: '365d' });
  }
}

@Module({ controllers: [WebAppController] })
export class WebAppModule {}
