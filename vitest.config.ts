import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores on CI: the end-to-end tests spawn real processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
