import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn the built CLIs; a cold start on a loaded 2-core machine can take a while.
    testTimeout: 30_000,
    snapshotFormat: { escapeString: false, printBasicPrototype: false },
  },
});
