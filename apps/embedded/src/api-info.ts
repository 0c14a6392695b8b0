import type { HttpAppOptions } from '@lib/platform';

/** The embedded host's OpenAPI title and description: /docs-json and the committed docs/openapi.json say the same. */
export const EMBEDDED_API: HttpAppOptions = {
  title: 'Civic matchfunding platform',
  description: 'Citizens pledge, funders match, promoters are paid by verified results. All four services, embedded mode.',
};
