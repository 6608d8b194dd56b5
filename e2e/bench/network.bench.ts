// The network page at scale, run by scripts/bench-client.sh (never by the test command): from
// the click on "open" to the ego network's first layout frame drawn (the graph worker posts one
// every 10 iterations), for 1 hop around an ordinary importer and 1 and 3 hops around the largest.
// bench-client.sh waits for the server's network index before it starts.
import { expect, test } from '@playwright/test';
import { signIn } from '../tests/session';

const CASES: [string, number, number][] = [
  ['I0002000', 1, 1],
  ['I0000000', 1, 2],
  ['I0000000', 3, 50],
  ['I0000000', 3, 30],
];

test('@bench ego network: click to first layout frame', async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, 'reviewer', '/network');
  console.log('| ego network | request ms | edges in ms | first frame ms | layout done ms | status |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const [party, hops, least] of CASES) {
    await page.goto('/network');
    await page.locator('#party').fill(party);
    await page.locator('#hops').selectOption(String(hops));
    await page.locator('#min-shipments').fill(String(least));
    const status = page.locator('.network .status');
    // Times taken in the page as the DOM changes (expect() polls up to a second apart).
    const started = await page.evaluate(() => {
      const w = window as any;
      w.benchTimes = {};
      new MutationObserver(() => {
        const t = performance.now();
        const s = document.querySelector('.network .status')?.textContent ?? '';
        if (!w.benchTimes.edges && document.querySelector('#network-h')) w.benchTimes.edges = t;
        if (!w.benchTimes.frame && /배치 [1-9]/.test(s)) w.benchTimes.frame = t;
        if (!w.benchTimes.done && s.includes('배치 300/300회')) w.benchTimes.done = t;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      return performance.now();
    });
    await page.getByRole('button', { name: '이 부호로 관계망 보기' }).click();
    await expect(status).toContainText('배치 300/300회', { timeout: 300_000 });
    const { edges, frame, done } = await page.evaluate(() => (window as any).benchTimes);
    const text = await status.textContent();
    // The ego request alone (the server's walk and the transfer).
    const [request] = await page.evaluate((t0) => {
      const e = performance.getEntriesByType('resource')
        .filter((r) => r.name.includes('/api/network/ego')).pop() as PerformanceResourceTiming;
      return e ? [e.responseEnd - e.startTime, e.startTime - t0] : [NaN, NaN];
    }, started);
    console.log(`| ${party}, ${hops} hops, at least ${least} | ${request.toFixed(0)} | ` +
      `${(edges - started).toFixed(0)} | ${(frame - started).toFixed(0)} | ` +
      `${(done - started).toFixed(0)} | ${text} |`);
  }
});
