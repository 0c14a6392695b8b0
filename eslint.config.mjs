// @ts-check
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'stripe', 'kafkajs', 'pg', '@nestjs-cls/*', 'nestjs-cls'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'apps/web/dist/**', '.data/**', 'coverage/**', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is integer cents: no parseFloat.' },
        { selector: "CallExpression[callee.property.name='toFixed']", message: 'Money is integer cents: no toFixed.' },
      ],
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
    return [
      { files: [`apps/${app}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [otherApps] }] } },
      { files: [`apps/${app}/src/domain/**/*.ts`], rules: { 'no-restricted-imports': ['error', { paths: barrels, patterns: [otherApps, frameworks] }] } },
    ];
  }),
);
