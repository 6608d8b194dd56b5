// Scoring throughput in headless Chromium, same model, same 100k rows of encoded features:
// tract in the portal's scoring worker (wasm32, the portal's tree-ensemble kernel) vs
// onnxruntime-web (wasm backend, one thread, its TreeEnsemble kernel) for the high-risk, fraud
// and price models, on two files of the same trees: the model as the usual LightGBM export
// (onnxmltools) writes it, a TreeEnsembleClassifier per head (models/treeensemble.py: the peer),
// and the portal's own file (one TreeEnsembleRegressor and a Sigmoid, what the worker loads).
// Native tract: `cargo bench -p portal-scoring --bench throughput`. Run by scripts/bench-client.sh,
// which writes the tree-ensemble graphs into BENCH_TREEENSEMBLE_DIR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from '../tests/session';

const ROWS = 100_000;
// scripts/bench-client.sh runs Playwright from e2e/.
const ortDist = join(process.cwd(), 'node_modules/onnxruntime-web/dist');
const peerDir = process.env.BENCH_TREEENSEMBLE_DIR as string;

// Model, the JSON file the worker loads beside it, and the range of the pseudo-random features
// per column (kept near the encoders' ranges).
const MODELS: [string, string, (column: number) => number][] = [
  ['high-risk', 'tables.json', (c) => (c < 17 ? 3 : c < 27 ? 0.3 : 12)],
  ['fraud', 'encoder.json', (c) => (c < 51 ? 1 : 10)],
  ['price', 'tables.json', () => 12],
];

for (const [model, jsonFile, scaleOf] of MODELS) test(`@bench ${model} model: tract-wasm vs onnxruntime-web, 100k rows`, async ({ page }) => {
  test.setTimeout(600_000);
  await page.route('**/ort/**', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() as string;
    const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    return route.fulfill({ body: readFileSync(join(ortDist, name)), contentType: type });
  });
  await page.route('**/peer/**', (route) =>
    route.fulfill({ body: readFileSync(join(peerDir, `${model}.onnx`)), contentType: 'application/octet-stream' }));
  await signIn(page, 'reviewer', '/scoring');
  const reference = JSON.parse(readFileSync(join(process.cwd(), `../models/${model}/model.json`), 'utf8'));
  const features = reference.inputs.features.length;
  const scales = Array.from({ length: features }, (_, c) => scaleOf(c));
  const r = await page.evaluate(async ({ rows, features, model, jsonFile, scales }) => {
    const get = async (f: string) => new Uint8Array(await (await fetch(`/api/models/${model}/${f}`)).arrayBuffer());
    const onnx = await get('model.onnx');
    const tables = await get(jsonFile);
    // The same pseudo-random features for both runtimes.
    const x = new Float32Array(rows * features);
    let s = 42;
    for (let i = 0; i < x.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; x[i] = (s / 2147483648) * scales[i % features]; }

    // tract in the scoring worker.
    const worker = new Worker('/scoring-worker_loader.js');
    // The worker's typed messages (portal_core::worker): {msg: JSON, bins: [byte arrays]}, the
    // JSON externally tagged ("ready", {"progress": {...}}, {"ran": {...}}).
    const kindOf = (e: MessageEvent) => { const m = JSON.parse(e.data.msg); return typeof m === 'string' ? m : Object.keys(m)[0]; };
    const answer = () => new Promise<any>((resolve) => { worker.onmessage = (e) => { const k = kindOf(e); if (k !== 'ready' && k !== 'progress') resolve(JSON.parse(e.data.msg)); }; });
    await new Promise<void>((resolve) => { worker.onmessage = (e) => { if (kindOf(e) === 'ready') resolve(); }; });
    const xBytes = new Uint8Array(x.buffer);
    let tract = Infinity;
    for (let i = 0; i < 3; i++) {
      const p = answer();
      worker.postMessage(i === 0
        ? { msg: JSON.stringify({ run: { model, load: { onnx: 1, tables: 2 }, x: 0 } }), bins: [xBytes, onnx, tables] }
        : { msg: JSON.stringify({ run: { model, load: null, x: 0 } }), bins: [xBytes] });
      const a = await p;
      if (!a.ran) throw new Error(JSON.stringify(a));
      tract = Math.min(tract, a.ran.ms);
    }
    worker.terminate();

    // onnxruntime-web, wasm backend, one thread, same batch size (1024).
    await new Promise<void>((resolve, reject) => {
      const el = document.createElement('script');
      el.src = '/ort/ort.wasm.min.js'; el.onload = () => resolve(); el.onerror = reject;
      document.head.appendChild(el);
    });
    const ort = (window as any).ort;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = '/ort/';
    const best = async (graph: Uint8Array) => {
      const session = await ort.InferenceSession.create(graph, { executionProviders: ['wasm'] });
      const batch = 1024;
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        for (let start = 0; start < rows; start += batch) {
          const n = Math.min(batch, rows - start);
          const input = new ort.Tensor('float32', x.subarray(start * features, (start + n) * features), [n, features]);
          await session.run({ X: input });
        }
        ms = Math.min(ms, performance.now() - t0);
      }
      await session.release();
      return ms;
    };
    const portal = await best(onnx);
    const ensemble = await best(new Uint8Array(await (await fetch('/peer/model.onnx')).arrayBuffer()));
    return { tract, portal, ensemble };
  }, { rows: ROWS, features, model, jsonFile, scales });
  expect(r.tract).toBeGreaterThan(0);
  const rate = (ms: number) => Math.round((ROWS / ms) * 1000);
  console.log(`${model} model, ${ROWS} rows, best of 3: tract-wasm (worker) ${r.tract.toFixed(0)} ms = ${rate(r.tract)} rows/s | onnxruntime-web 1 thread: usual export ${r.ensemble.toFixed(0)} ms = ${rate(r.ensemble)} rows/s, portal's file ${r.portal.toFixed(0)} ms = ${rate(r.portal)} rows/s | tract-wasm/ort-web usual export = ${(r.ensemble / r.tract).toFixed(2)}x, tract-wasm/ort-web portal's file = ${(r.portal / r.tract).toFixed(2)}x`);
});
