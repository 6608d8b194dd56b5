// The HTTP surface as the browser sees it: JSON errors under /api, the client elsewhere.
import { expect, test } from '@playwright/test';

test('a bad /api path gets the JSON 404', async ({ request }) => {
  const res = await request.get('/api/x');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toContain('application/json');
  const body = await res.json();
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(body.code).toBe('route_not_found');
});

test('health answers JSON with version and uptime', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  expect(body.status).toBe('ok');
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(typeof body.uptime_seconds).toBe('number');
  expect(body.data.status).toBe('ready');
});

test('the wasm bundle is served compressed, typed and immutable', async ({ request }) => {
  const index = await (await request.get('/')).text();
  const wasm = index.match(/\/(portal-app-[0-9a-f]+_bg\.wasm)/);
  expect(wasm, 'index.html names the hashed wasm').not.toBeNull();
  const res = await request.get(`/${wasm![1]}`, { headers: { 'accept-encoding': 'gzip, br' } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/wasm');
  expect(res.headers()['cache-control']).toContain('immutable');
  expect(['gzip', 'br']).toContain(res.headers()['content-encoding']);
});
