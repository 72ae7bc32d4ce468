import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/support/**/*.test.ts'],
    // tfjs on the pure-JS CPU backend is slow; a head-training test takes a few seconds.
    testTimeout: 60_000,
  },
});
