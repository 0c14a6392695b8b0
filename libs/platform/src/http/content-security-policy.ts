import type { PlatformConfig } from '../config/platform-config';

/**
 * The Content-Security-Policy of the web app's page. Campaign text is user input, rendered as
 * text; this is the second line of defence should markup ever slip through: no inline or foreign
 * scripts, no plugins, no framing of the app, network only to the platform itself — plus Stripe
 * when card payments use Stripe.js, and the OIDC issuer for the code exchange. Inline styles stay
 * allowed: the receipt (a sandboxed srcdoc frame, which inherits this policy) carries a <style>.
 */
export function webAppContentSecurityPolicy(config: Pick<PlatformConfig, 'STRIPE_PUBLISHABLE_KEY' | 'OIDC_ISSUER'>): string {
  const stripe = config.STRIPE_PUBLISHABLE_KEY !== undefined;
  const issuer = config.OIDC_ISSUER ? new URL(config.OIDC_ISSUER).origin : undefined;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(stripe ? ['https://js.stripe.com'] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', ...(stripe ? ['https://*.stripe.com'] : [])],
    'connect-src': ["'self'", ...(stripe ? ['https://api.stripe.com'] : []), ...(issuer ? [issuer] : [])],
    'frame-src': ["'self'", ...(stripe ? ['https://js.stripe.com', 'https://hooks.stripe.com'] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'", ...(issuer ? [issuer] : [])],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
