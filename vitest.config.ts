import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'src/**/*.test.ts',
      'app/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'integrations/**/*.test.ts',
    ],
    // Some model tests run many seeds; keep the limit generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
