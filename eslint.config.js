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
);
