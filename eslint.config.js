// Determinism is enforced here, not by memory: workflow and core code may not import
// Node built-ins, I/O clients or activity implementations, nor read process.env.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'events', 'stream', 'timers'];
const ioLibraries = ['@prisma/*', 'pg', 'bullmq', 'ioredis', 'twilio', 'openai', 'pino', 'hono', 'hono/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'web/dist/**', '.tools/**', '.data/**', 'test-output/**', 'web/src/api/schema.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The web app has its own tsconfigs: web/tsconfig.json (browser) and web/tsconfig.node.json (vite.config.ts).
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['web/tsconfig.json', 'web/tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.filter((name) => !name.includes('*')).map((name) => ({ name, message: 'Workflow and core code must be deterministic: no Node built-ins.' })),
          patterns: [
            { group: nodeBuiltins.filter((name) => name.includes('*')), message: 'Workflow and core code must be deterministic: no Node built-ins.' },
            { group: ioLibraries, message: 'Workflow and core code do no I/O: call an activity instead.' },
            { group: ['**/activities/*', '**/activities/**', '**/server/**', '**/api/**'], message: 'Import activities as types only (import type).', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Configuration is passed in, never read here.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Not deterministic: use the workflow random API.' },
      ],
    },
  },
  {
    // Inside a workflow, Date is Temporal's deterministic clock; core gets no clock at all.
    files: ['core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Not deterministic: pass a seed in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core has no clock: pass the time in.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core has no clock: pass the time in.' },
      ],
    },
  },
);
