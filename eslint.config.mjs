// @ts-check
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'stripe', 'kafkajs', 'pg', '@nestjs-cls/*', 'nestjs-cls'];

const MONEY_SYNTAX = [
  { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is integer cents: no parseFloat.' },
  { selector: "CallExpression[callee.property.name='toFixed']", message: 'Money is integer cents: no toFixed.' },
];
// Database access lives in apps/<service>/src/persistence/ (its repositories and migrations): nowhere
// else may a file run SQL, open a TypeORM repository or reach the ambient EntityManager (docs/architecture.md).
const DATABASE_SYNTAX = [
  { selector: "CallExpression[callee.property.name=/^(query|getRepository|createQueryBuilder)$/]", message: 'SQL and TypeORM belong in persistence/ (a repository).' },
  { selector: "MemberExpression[object.property.name='txHost'][property.name='tx']", message: 'The EntityManager belongs in persistence/ (a repository).' },
];
// Inner layers never import the HTTP layer: controllers map DTOs to commands and queries.
const HTTP_LAYER = { group: ['**/http/**', '../http', '../../http'], message: 'commands/, queries/, consumers/, jobs/ and domain/ may not import http/: the controller maps its DTO to the command.' };
// The ratchet of issue 12: files not yet moved to repositories / off http DTOs. Remove a file when it
// is converted; never add one.
const PENDING_DATABASE = {
  campaigns: [
    'apps/campaigns/src/commands/cancel-campaign.command.ts',
    'apps/campaigns/src/commands/complete-when-settled.ts',
    'apps/campaigns/src/commands/create-call.command.ts',
    'apps/campaigns/src/commands/create-campaign.command.ts',
    'apps/campaigns/src/commands/milestone.commands.ts',
    'apps/campaigns/src/commands/post-update.command.ts',
    'apps/campaigns/src/commands/review-campaign.command.ts',
    'apps/campaigns/src/consumers/close-campaign-on-final-figures.consumer.ts',
    'apps/campaigns/src/consumers/complete-campaign-on-tranches-settled.consumer.ts',
    'apps/campaigns/src/consumers/track-match-on-match-updated.consumer.ts',
    'apps/campaigns/src/consumers/track-progress-on-pledge-events.consumer.ts',
    'apps/campaigns/src/http/audit-figures.controller.ts',
    'apps/campaigns/src/jobs/campaign-jobs.ts',
    'apps/campaigns/src/queries/call-queries.ts',
    'apps/campaigns/src/queries/campaign-queries.ts',
    'apps/campaigns/src/queries/workspace-queries.ts',
  ],
  pledges: [
    'apps/pledges/src/commands/admin-refund.command.ts',
    'apps/pledges/src/commands/announced-confirmations.ts',
    'apps/pledges/src/commands/handle-stripe-event.command.ts',
    'apps/pledges/src/commands/payment-outcomes.ts',
    'apps/pledges/src/commands/pledge.commands.ts',
    'apps/pledges/src/commands/refund-pledges.ts',
    'apps/pledges/src/consumers/refund-donor-share-on-request.consumer.ts',
    'apps/pledges/src/consumers/refund-pledges-on-campaign-ended.consumer.ts',
    'apps/pledges/src/consumers/track-campaign-on-campaign-published.consumer.ts',
    'apps/pledges/src/consumers/track-escrow-on-tranche-released.consumer.ts',
    'apps/pledges/src/http/audit-figures.controller.ts',
    'apps/pledges/src/jobs/close-funding.job.ts',
    'apps/pledges/src/jobs/refund.job.ts',
    'apps/pledges/src/payments/attach-payment.interceptor.ts',
    'apps/pledges/src/payments/provider-refunds.ts',
    'apps/pledges/src/queries/list-campaign-backers.query.ts',
    'apps/pledges/src/queries/pledge.queries.ts',
  ],
  matching: [
    'apps/matching/src/commands/fund.commands.ts',
    'apps/matching/src/commands/rule.commands.ts',
    'apps/matching/src/consumers/return-funds-on-funds-returned.consumer.ts',
    'apps/matching/src/consumers/track-campaign-on-campaign-published.consumer.ts',
    'apps/matching/src/engine/finalization.ts',
    'apps/matching/src/engine/pool-ledger.ts',
    'apps/matching/src/engine/quadratic-rounds.ts',
    'apps/matching/src/engine/quotes.ts',
    'apps/matching/src/engine/reservations.ts',
    'apps/matching/src/engine/rules.repository.ts',
    'apps/matching/src/engine/settlement.ts',
    'apps/matching/src/http/audit-figures.controller.ts',
    'apps/matching/src/queries/get-fund.query.ts',
    'apps/matching/src/queries/match.queries.ts',
  ],
  payouts: [],
};
const PENDING_HTTP = {
  campaigns: [
    'apps/campaigns/src/commands/create-call.command.ts',
    'apps/campaigns/src/commands/create-campaign.command.ts',
    'apps/campaigns/src/commands/milestone.commands.ts',
    'apps/campaigns/src/commands/post-update.command.ts',
    'apps/campaigns/src/queries/campaign-queries.ts',
  ],
  pledges: [
    'apps/pledges/src/commands/pledge.commands.ts',
  ],
  matching: [
    'apps/matching/src/commands/fund.commands.ts',
    'apps/matching/src/commands/rule.commands.ts',
    'apps/matching/src/queries/get-fund.query.ts',
  ],
  payouts: [],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'apps/web/dist/**', '.data/**', 'coverage/**', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', ...MONEY_SYNTAX],
    },
  },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...['campaigns', 'pledges', 'matching', 'payouts'].flatMap((app) => {
    // Services share only contracts and libraries, never each other's code.
    const others = ['campaigns', 'pledges', 'matching', 'payouts', 'embedded'].filter((o) => o !== app);
    const otherApps = { group: others.flatMap((o) => [`**/${o}/src/**`, `**/apps/${o}/**`]), message: 'A service may not import another service; share through libs/ or events.' };
    // Domain code is plain TypeScript: rules and money math, no framework, database, broker or provider.
    const frameworks = { group: FRAMEWORKS, message: 'apps/*/src/domain must stay framework-free.' };
    const barrels = ['@lib/platform', '@lib/messaging'].map((name) => ({ name, message: 'Import plain modules (e.g. @lib/platform/errors/domain-error), not the Nest barrels.' }));
    const inner = ['commands', 'queries', 'consumers', 'jobs'].map((d) => `apps/${app}/src/${d}/**/*.ts`);
    return [
      { files: [`apps/${app}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [otherApps] }] } },
      { files: inner, ignores: PENDING_HTTP[app], rules: { 'no-restricted-imports': ['error', { patterns: [otherApps, HTTP_LAYER] }] } },
      { files: [`apps/${app}/src/domain/**/*.ts`], rules: { 'no-restricted-imports': ['error', { paths: barrels, patterns: [otherApps, frameworks, HTTP_LAYER] }] } },
      {
        files: [`apps/${app}/src/**/*.ts`],
        ignores: [`apps/${app}/src/persistence/**`, `apps/${app}/src/**/*.spec.ts`, ...PENDING_DATABASE[app]],
        rules: { 'no-restricted-syntax': ['error', ...MONEY_SYNTAX, ...DATABASE_SYNTAX] },
      },
    ];
  }),
);
