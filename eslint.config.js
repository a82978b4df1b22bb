import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'aispm-output/', 'test-output/', 'coverage/', 'src/reporters/html/vendor/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']", message: 'Only src/cli may exit the process.' }],
    },
  },
  { files: ['src/cli/**', 'bench/**', 'mocks/cli/**', 'test/**'], rules: { 'no-restricted-syntax': 'off' } },
);
