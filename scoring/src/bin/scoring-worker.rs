//! The scoring Web Worker (built by Trunk as `scoring-worker`, a separate wasm module so that
//! tract never weighs on the main bundle). It receives messages from the studio page:
//!
//! * `{id, kind: "score", onnx?, encoder?, arrow, explain}`: scores an Arrow IPC extract of
//!   declarations with the fraud model (loaded from `onnx` + `encoder` the first time), posting
//!   `{id, kind: "progress", done, total}` after every batch, then
//!   `{id, kind: "scored", scores: Float32Array [fraud, critical]*, explained: [{row, reasons:
//!   [[field, effect]]}]}` with reasons for the `explain` riskiest rows.
//! * `{id, kind: "hs", onnx?, tables?, text, top}`: HS suggestions, answered
//!   `{id, kind: "hs", suggestions: [{hs6, score, description}]}`.
//!
//! * `{id, kind: "run", onnx?, encoder?, x}`: the fraud model alone on encoded features
//!   (benchmark), answered `{id, kind: "ran", rows, ms}`.
//!
//! Once started it posts `{kind: "ready"}` (requests sent earlier would be lost). Failures answer
//! `{id, kind: "error", message}`. Cancelling is terminating the worker.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
    use portal_scoring::arrow_input::from_ipc;
    use portal_scoring::fraud::FraudModel;
    use portal_scoring::hs::HsModel;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static FRAUD: RefCell<Option<FraudModel>> = const { RefCell::new(None) };
        static HS: RefCell<Option<HsModel>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn set(o: &Object, k: &str, v: impl Into<JsValue>) {
        let _ = Reflect::set(o, &k.into(), &v.into());
    }

    fn get(o: &JsValue, k: &str) -> JsValue {
        Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
    }

    fn bytes(v: &JsValue) -> Option<Vec<u8>> {
        (!v.is_undefined() && !v.is_null()).then(|| Uint8Array::new(v).to_vec())
    }

    fn post(msg: &Object) {
        let _ = scope().post_message(msg);
    }

    fn reply(id: &JsValue, kind: &str) -> Object {
        let o = Object::new();
        set(&o, "id", id.clone());
        set(&o, "kind", kind);
        o
    }

    fn score(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        load_fraud(data)?;
        let arrow = bytes(&get(data, "arrow")).ok_or("no extract to score")?;
        let explain = get(data, "explain").as_f64().unwrap_or(0.0) as usize;
        let rows = from_ipc(&arrow).map_err(|e| e.to_string())?;
        FRAUD.with(|f| {
            let f = f.borrow();
            let model = f.as_ref().ok_or("the fraud model is not loaded")?;
            let total = rows.len();
            let scores = model
                .score(&rows, |done| {
                    let p = reply(id, "progress");
                    set(&p, "done", done as f64);
                    set(&p, "total", total as f64);
                    post(&p);
                    true
                })
                .map_err(|e| e.to_string())?;
            let flat: Vec<f32> = scores.iter().flat_map(|s| [s.fraud, s.critical]).collect();
            let mut order: Vec<usize> = (0..scores.len()).collect();
            order.sort_by(|a, b| scores[*b].fraud.total_cmp(&scores[*a].fraud));
            order.truncate(explain);
            let picked: Vec<_> = order.iter().map(|i| &rows[*i]).collect();
            let reasons = model.explain_many(&picked, 3).map_err(|e| e.to_string())?;
            let explained = Array::new();
            for (row, rs) in order.iter().zip(reasons) {
                let o = Object::new();
                set(&o, "row", *row as f64);
                let list = Array::new();
                for r in rs {
                    list.push(&Array::of2(&r.field.into(), &f64::from(r.effect).into()));
                }
                set(&o, "reasons", list);
                explained.push(&o);
            }
            let out = reply(id, "scored");
            set(&out, "scores", Float32Array::from(flat.as_slice()));
            set(&out, "explained", explained);
            Ok(out)
        })
    }

    fn load_fraud(data: &JsValue) -> Result<(), String> {
        if let (Some(onnx), Some(enc)) =
            (bytes(&get(data, "onnx")), get(data, "encoder").as_string())
        {
            let m = FraudModel::load(&onnx, &enc).map_err(|e| e.to_string())?;
            FRAUD.with(|f| *f.borrow_mut() = Some(m));
        }
        Ok(())
    }

    fn hs(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        if let (Some(onnx), Some(tables)) =
            (bytes(&get(data, "onnx")), get(data, "tables").as_string())
        {
            let m = HsModel::load(&onnx, &tables).map_err(|e| e.to_string())?;
            HS.with(|h| *h.borrow_mut() = Some(m));
        }
        let text = get(data, "text").as_string().unwrap_or_default();
        let top = get(data, "top").as_f64().unwrap_or(5.0) as usize;
        HS.with(|h| {
            let h = h.borrow();
            let model = h.as_ref().ok_or("the HS model is not loaded")?;
            let found = model.suggest(&[&text], top).map_err(|e| e.to_string())?;
            let list = Array::new();
            for s in &found[0] {
                let o = Object::new();
                set(&o, "hs6", s.hs6.as_str());
                set(&o, "score", f64::from(s.score));
                let desc = model
                    .codes()
                    .iter()
                    .find(|c| c.hs6 == s.hs6)
                    .map(|c| c.description.clone())
                    .unwrap_or_default();
                set(&o, "description", desc);
                list.push(&o);
            }
            let out = reply(id, "hs");
            set(&out, "suggestions", list);
            Ok(out)
        })
    }

    /// Model-only timing for the throughput benchmark: runs the loaded fraud model on `x`
    /// (row-major features) and answers `{id, kind: "ran", rows, ms}`.
    fn run_features(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        let x = Float32Array::new(&get(data, "x")).to_vec();
        FRAUD.with(|f| {
            let f = f.borrow();
            let model = f.as_ref().ok_or("the fraud model is not loaded")?;
            let perf = Reflect::get(&js_sys::global(), &"performance".into())
                .ok()
                .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
            let now = || perf.as_ref().map_or(0.0, web_sys::Performance::now);
            let t0 = now();
            let y = model.run_features(&x).map_err(|e| e.to_string())?;
            let out = reply(id, "ran");
            set(&out, "rows", (y.len() / 2) as f64);
            set(&out, "ms", now() - t0);
            Ok(out)
        })
    }

    /// Installs the message handler.
    pub fn start() {
        console_error_panic_hook::set_once();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            let data = e.data();
            let id = get(&data, "id");
            let result = match get(&data, "kind").as_string().as_deref() {
                Some("score") => score(&id, &data),
                Some("hs") => hs(&id, &data),
                Some("run") => load_fraud(&data).and_then(|()| run_features(&id, &data)),
                other => Err(format!("unknown request {other:?}")),
            };
            match result {
                Ok(msg) => post(&msg),
                Err(message) => {
                    let o = reply(&id, "error");
                    set(&o, "message", message);
                    post(&o);
                }
            }
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        // Messages sent before the module was initialised are lost: say when to send.
        post(&reply(&JsValue::NULL, "ready"));
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
