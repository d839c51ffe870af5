// The layout's rules live here, not in memory: which folder may import which, and the
// determinism of workflow and core code (no Node built-ins, no I/O clients, no clock or
// randomness of their own, no process.env).
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'events',
  'stream',
  'timers',
];
const ioLibraries = [
  '@prisma/*',
  'pg',
  'bullmq',
  'ioredis',
  'twilio',
  'openai',
  'pino',
  'hono',
  'hono/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

/** The product's top-level folders, and why a folder may not reach into another. */
const FOLDERS = {
  api: 'The HTTP layer sits on top: nothing below it imports api/.',
  sandbox: 'The sandbox plays Twilio beside the product: only the API process (workers/api.ts) mounts it.',
  workers: 'workers/ holds the process entry points (composition roots): nothing imports them.',
  activities:
    'Activities are wired by the Temporal worker alone: call the feature function they call, or share types through workflows/contract.',
  features: 'features/ sits above this folder: import downward only.',
  outbound: 'outbound/ sits above this folder: import downward only.',
  workflows: 'This folder sits below the workflows and their contract.',
  infra: 'Workflow and core code do no I/O: no connections or config here.',
  core: 'infra/ imports libraries only, not the domain.',
  prisma: 'No database here: this code does no I/O.',
};

/** A rule that bans importing `folders` (any depth of ../) from the files it applies to. */
function bannedFolders(folders, extra = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...folders.map((folder) => ({
            group: [`**/${folder}/*`, `**/${folder}/**`, `../${folder}/*`],
            message: FOLDERS[folder],
          })),
          ...extra,
        ],
      },
    ],
  };
}

const deterministic = [
  { group: nodeBuiltins, message: 'Workflow and core code must be deterministic: no Node built-ins.' },
  { group: ioLibraries, message: 'Workflow and core code do no I/O: call an activity instead.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'prisma/generated/**',
      'web/dist/**',
      '.tools/**',
      '.data/**',
      'test-output/**',
      'web/src/api-client/schema.d.ts',
    ],
  },
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
      parserOptions: {
        projectService: false,
        project: ['web/tsconfig.json', 'web/tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The browser shares core/ (types and validation) with the server, nothing else of it.
      ...bannedFolders([
        'api',
        'sandbox',
        'workers',
        'activities',
        'features',
        'outbound',
        'workflows',
        'infra',
        'prisma',
      ]),
    },
  },
  // Import boundaries, from the top of the house down. Tests beside the code obey them too.
  { files: ['api/**/*.ts'], rules: bannedFolders(['sandbox', 'workers', 'activities']) },
  {
    files: ['sandbox/**/*.ts'],
    rules: bannedFolders(['api', 'workers', 'activities', 'features', 'outbound', 'workflows']),
  },
  { files: ['activities/**/*.ts'], rules: bannedFolders(['api', 'sandbox', 'workers']) },
  {
    files: ['features/**/*.ts', 'outbound/**/*.ts'],
    rules: bannedFolders(['api', 'sandbox', 'workers', 'activities']),
  },
  {
    files: ['infra/**/*.ts'],
    rules: bannedFolders(['api', 'sandbox', 'workers', 'activities', 'features', 'outbound', 'workflows', 'core']),
  },
  {
    // Workflows import at run time only core/, themselves and @temporalio/*, and not even
    // types from activities: what both sides share is in workflows/contract.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...bannedFolders(
        ['api', 'sandbox', 'workers', 'activities', 'features', 'outbound', 'infra', 'prisma'],
        deterministic,
      ),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is passed in, never read here.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Not deterministic: use the workflow random API.',
        },
      ],
    },
  },
  {
    // Inside a workflow, Date is Temporal's deterministic clock; core gets no clock at all.
    files: ['core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...bannedFolders(
        ['api', 'sandbox', 'workers', 'activities', 'features', 'outbound', 'workflows', 'infra', 'prisma'],
        [...deterministic, { group: ['@temporalio/*'], message: 'core is pure: no Temporal either.' }],
      ),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is passed in, never read here.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Not deterministic: pass a seed in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core has no clock: pass the time in.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core has no clock: pass the time in.',
        },
      ],
    },
  },
  // Formatting is Prettier's (`prettier --check` in npm run lint): no stylistic lint rules.
  prettier,
);
