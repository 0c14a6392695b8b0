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
  {
    selector: 'CallExpression[callee.property.name=/^(query|getRepository|createQueryBuilder)$/]',
    message: 'SQL and TypeORM belong in persistence/ (a repository).',
  },
  { selector: "MemberExpression[object.property.name='txHost'][property.name='tx']", message: 'The EntityManager belongs in persistence/ (a repository).' },
];
// Inner layers never import the HTTP layer: controllers map DTOs to commands and queries.
const HTTP_LAYER = {
  group: ['**/http/**', '../http', '../../http'],
  message: 'commands/, queries/, consumers/, jobs/, services/ and domain/ may not import http/: the controller maps its DTO to the command.',
};
// Events go to the outbox with the write they announce, in the repository that makes it (docs/architecture.md).
const OUTBOX = [
  {
    name: '@lib/messaging',
    importNames: ['OutboxWriter'],
    allowTypeImports: true,
    message: 'Append events in persistence/: the repository write carries its event.',
  },
];
const OUTBOX_PATTERN = {
  group: ['@lib/messaging/outbox/*'],
  allowTypeImports: true,
  message: 'Append events in persistence/: the repository write carries its event.',
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
  // No hand-written file over 200 lines (docs/architecture.md): code, specs, tests, scripts and benchmarks alike; migrations, generated files and the translation tables excepted.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    ignores: ['**/*.gen.ts', '**/migrations/**', 'apps/web/src/locales/**'],
    rules: { 'max-lines': ['error', { max: 200 }] },
  },
  ...['campaigns', 'pledges', 'matching', 'payouts'].flatMap((app) => {
    // Services share only contracts and libraries, never each other's code.
    const others = ['campaigns', 'pledges', 'matching', 'payouts', 'embedded'].filter((o) => o !== app);
    const otherApps = {
      group: others.flatMap((o) => [`**/${o}/src/**`, `**/apps/${o}/**`]),
      message: 'A service may not import another service; share through libs/ or events.',
    };
    // Domain code is plain TypeScript: rules and money math, no framework, database, broker or provider.
    const frameworks = { group: FRAMEWORKS, message: 'apps/*/src/domain must stay framework-free.' };
    const barrels = ['@lib/platform', '@lib/messaging'].map((name) => ({
      name,
      message: 'Import plain modules (e.g. @lib/platform/errors/domain-error), not the Nest barrels.',
    }));
    const inner = ['commands', 'queries', 'consumers', 'jobs', 'services'].map((d) => `apps/${app}/src/${d}/**/*.ts`);
    return [
      { files: [`apps/${app}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [otherApps] }] } },
      {
        files: [`apps/${app}/src/**/*.ts`],
        ignores: [`apps/${app}/src/persistence/**`, `apps/${app}/src/*.module.ts`],
        rules: { 'no-restricted-imports': ['error', { paths: OUTBOX, patterns: [otherApps, OUTBOX_PATTERN] }] },
      },
      { files: inner, rules: { 'no-restricted-imports': ['error', { paths: OUTBOX, patterns: [otherApps, HTTP_LAYER, OUTBOX_PATTERN] }] } },
      {
        files: [`apps/${app}/src/domain/**/*.ts`],
        rules: { 'no-restricted-imports': ['error', { paths: barrels, patterns: [otherApps, frameworks, HTTP_LAYER] }] },
      },
      {
        files: [`apps/${app}/src/**/*.ts`],
        ignores: [`apps/${app}/src/persistence/**`, `apps/${app}/src/**/*.spec.ts`],
        rules: { 'no-restricted-syntax': ['error', ...MONEY_SYNTAX, ...DATABASE_SYNTAX] },
      },
    ];
  }),
);
