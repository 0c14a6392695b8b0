import type { ServiceName } from '@lib/platform';

/**
 * Which service serves a path: the same table as deploy/gateway/nginx.conf.template, so the
 * distributed test client sees the API exactly as a client behind the gateway does.
 */
const ROUTES: [RegExp, ServiceName][] = [
  [/^\/audit\/platform(\?|$)/, 'payouts'],
  [/^\/audit\/campaigns(\/|\?|$)/, 'campaigns'],
  [/^\/audit\/pledges(\/|\?|$)/, 'pledges'],
  [/^\/audit\/matching(\/|\?|$)/, 'matching'],
  [/^\/audit\/payouts(\/|\?|$)/, 'payouts'],
  [/^\/campaigns\/[^/]+\/pledges(\/|\?|$)/, 'pledges'],
  [/^\/campaigns\/[^/]+\/(match|match-quote)(\/|\?|$)/, 'matching'],
  [/^\/campaigns\/[^/]+\/tranches(\/|\?|$)/, 'payouts'],
  [/^\/(calls|campaigns|me\/campaigns|verifications)(\/|\?|$)/, 'campaigns'],
  [/^\/(pledges|payments|me\/pledges)(\/|\?|$)/, 'pledges'],
  [/^\/(funds|rounds|me\/funds)(\/|\?|$)/, 'matching'],
  [/^\/(tranches|promoters|ledger|transparency)(\/|\?|$)/, 'payouts'],
];

export function serviceFor(path: string): ServiceName {
  return ROUTES.find(([re]) => re.test(path))?.[1] ?? 'campaigns';
}
