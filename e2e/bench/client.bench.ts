// Client benchmarks, run by scripts/bench-client.sh (never by the test command).
import { expect, test } from '@playwright/test';
import { signIn } from '../tests/session';

const COLUMNS = ['declaration_id', 'declaration_date', 'office_id', 'hs6', 'country_origin',
  'quantity', 'item_price', 'unit_price'];

test('@bench Arrow IPC decode in wasm vs JSON.parse, 1M rows', async ({ page }) => {
  await signIn(page, 'reviewer', '/');
  await page.waitForFunction(() => (window as any).wasmBindings?.decode_arrow_ipc);
  const r = await page.evaluate(async (columns) => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const spec = { dataset: 'import_declaration', columns, limit: 1000000 };
    const get = async (format: string) => {
      const res = await fetch(`/api/extract?format=${format}`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(spec),
      });
      if (!res.ok) throw new Error(`${format}: ${res.status} ${await res.text()}`);
      return res;
    };
    const arrow = new Uint8Array(await (await get('arrow')).arrayBuffer());
    const json = await (await get('json')).text();
    const decode = (window as any).wasmBindings.decode_arrow_ipc;
    const best = (f: () => number) => {
      let ms = Infinity; let n = 0;
      for (let i = 0; i < 3; i++) { const t = performance.now(); n = f(); ms = Math.min(ms, performance.now() - t); }
      return { ms, n };
    };
    const a = best(() => decode(arrow));
    const j = best(() => JSON.parse(json).length);
    return { arrowBytes: arrow.length, jsonBytes: json.length, arrowMs: a.ms, arrowRows: a.n, jsonMs: j.ms, jsonRows: j.n };
  }, COLUMNS);
  expect(r.arrowRows).toBe(r.jsonRows);
  console.log(`decode ${r.arrowRows} rows x ${COLUMNS.length} cols: Arrow IPC ${r.arrowBytes} B in ${r.arrowMs.toFixed(1)} ms (wasm) | JSON ${r.jsonBytes} B JSON.parse ${r.jsonMs.toFixed(1)} ms | JSON.parse/Arrow = ${(r.jsonMs / r.arrowMs).toFixed(2)}x`);
});

test('@bench 12-widget dashboard shows every widget', async ({ page }) => {
  await signIn(page, 'reviewer', '/');
  const id = await page.evaluate(async () => {
    const csrf = (await (await fetch('/api/me')).json()).csrf_token;
    const post = async (url: string, body: object) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(await res.text());
      return res.json();
    };
    const d = await post('/api/dashboards', { title: `bench ${Date.now()}` });
    const count = [{ func: 'count' }];
    const month = { column: 'declaration_date', bucket: 'month' };
    const specs = [
      { dataset: 'import_declaration', group_by: ['office_id'], aggregates: count },
      { dataset: 'import_declaration', group_by: [month], aggregates: count },
      { dataset: 'import_declaration', group_by: ['office_id', month], aggregates: count },
      { dataset: 'import_declaration', group_by: ['country_origin'], aggregates: [{ func: 'sum', column: 'item_price' }], order_by: [{ column: 'sum_item_price', descending: true }], limit: 20 },
      { dataset: 'import_declaration', group_by: ['hs6'], aggregates: [{ func: 'sum', column: 'item_price' }], order_by: [{ column: 'sum_item_price', descending: true }], limit: 20 },
      { dataset: 'import_declaration', group_by: ['risk_pattern'], aggregates: count },
      { dataset: 'import_declaration', filters: [{ op: 'eq', column: 'country_origin', value: 'CN' }], group_by: [month], aggregates: count },
      { dataset: 'inspection', group_by: ['result'], aggregates: count },
      { dataset: 'inspection', group_by: ['office_id', { column: 'inspection_date', bucket: 'month' }], aggregates: count },
      { dataset: 'cargo_manifest', group_by: ['transport_mode'], aggregates: count },
      { dataset: 'duty_drawback', group_by: ['office_id'], aggregates: count },
      { dataset: 'company', group_by: ['role'], aggregates: count },
    ];
    for (const [i, spec] of specs.entries()) {
      await post(`/api/dashboards/${d.id}/widgets`, { title: `w${i}`, analysis: { spec }, width: 1, height: 1 });
    }
    return d.id;
  });
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = Date.now();
    await page.goto(`/dashboards/${id}`);
    await expect(page.locator('article.widget')).toHaveCount(12);
    await expect(page.locator('article.widget[data-state="ready"]')).toHaveCount(12, { timeout: 300_000 });
    times.push(Date.now() - t0);
  }
  await page.screenshot({ path: 'test-results/bench-dashboard-12.png', fullPage: true });
  // The first visit asks the engine (rollups where they hold the answer); the next ones are
  // answered from the server's result cache.
  console.log(`12-widget dashboard over ${process.env.BENCH_DECLARATIONS} declarations: all widgets shown in ${times[0]} ms on the first visit, ${times.slice(1).map((t) => `${t} ms`).join(', ')} on the next ones`);
});
