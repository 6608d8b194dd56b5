// Playwright against a real `portal serve`, started by scripts/test.sh, in Debian's Chromium.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.PORTAL_URL;
if (!baseURL) {
  throw new Error('PORTAL_URL is not set: run the suite through scripts/test.sh (or scripts/e2e.sh)');
}

export default defineConfig({
  // scripts/bench-client.sh sets PORTAL_BENCH to run the benchmarks instead of the tests.
  testDir: process.env.PORTAL_BENCH ? './bench' : './tests',
  testMatch: process.env.PORTAL_BENCH ? '*.bench.ts' : '*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    locale: 'ko-KR',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
