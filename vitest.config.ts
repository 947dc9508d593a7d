import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/secret-guard.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
