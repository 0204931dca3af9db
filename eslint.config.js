// ESLint (flat config): a deliberately small, type-aware rule set on top of tsc's
// strict checks. `no-floating-promises` catches a forgotten `await` (a write that
// silently races the reply); `consistent-type-imports` keeps type-only imports
// erasable, which matters under NodeNext ESM.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'reports/**', '.stryker-tmp*/**', 'stryker-tmp-*/**', 'eslint.config.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // `typeof import('m')` stays allowed: it types a module loaded lazily without loading it.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
);
