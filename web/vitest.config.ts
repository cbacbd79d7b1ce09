import { defineConfig } from 'vitest/config'

// The unit tests cover the front end's own logic (plain TypeScript in src/lib), not the
// pages: those are driven in a real browser by the project's Playwright suite.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
