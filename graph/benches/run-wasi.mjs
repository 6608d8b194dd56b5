// Runs a wasm32-wasip1 build of a benchmark in Node's WASI (V8, the engine of Chromium):
//   node --no-warnings graph/benches/run-wasi.mjs PATH/TO/networkx-HASH.wasm
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const wasi = new WASI({ version: 'preview1', args: ['bench'], env: {} });
const wasm = await WebAssembly.compile(await readFile(process.argv[2]));
const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject());
wasi.start(instance);
