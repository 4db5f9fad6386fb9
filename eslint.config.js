import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'sandbox/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The CLI, benchmarks and the sandbox launcher print to the terminal on purpose.
    files: ['src/cli/**', 'bench/**', 'sandbox/**', 'src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The sandbox page runs in the browser as plain ES modules, without a build step.
    files: ['sandbox/slack/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'localStorage', 'fetch', 'EventSource', 'URLSearchParams', 'Option', 'setTimeout', 'clearTimeout', 'console'].map((name) => [name, 'readonly']),
      ),
    },
  },
);
