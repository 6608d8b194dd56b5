//! The scoring Web Worker (built by Trunk as `scoring-worker`, a separate wasm module so that
//! tract never weighs on the main bundle). It receives messages from the studio page:
//!
//! Every request may carry the model it needs as `onnx` (bytes) + `json` (its tables: the
//! fraud encoder, the HS or price tables); the worker keeps it for later requests.
//!
//! * `{id, kind: "score", onnx?, json?, arrow, explain}`: scores an Arrow IPC extract of
//!   declarations with the fraud model, posting `{id, kind: "progress", done, total}` after
//!   every batch, then `{id, kind: "scored", scores: Float32Array [fraud, critical]*,
//!   explained: [{row, reasons: [[field, effect]]}]}` with reasons for the `explain` riskiest
//!   rows.
//! * `{id, kind: "price", onnx?, json?, arrow}`: checks an extract with the price model, with
//!   the same progress messages, then `{id, kind: "priced", values: Float32Array [expected,
//!   declared, same_origin, same_hs6]*}` (KRW per kg; declared is NaN when price or mass is
//!   missing; the training lines of the same HS6 and origin, and of the same HS6).
//! * `{id, kind: "hs", onnx?, json?, text, top}`: HS suggestions, answered
//!   `{id, kind: "hs", suggestions: [{hs6, score, description}]}`.
//! * `{id, kind: "run", model?, onnx?, json?, x}`: the fraud (default) or price model alone on
//!   encoded features (benchmark), answered `{id, kind: "ran", rows, ms}`.
//!
//! Once started it posts `{kind: "ready"}` (requests sent earlier would be lost). Failures answer
//! `{id, kind: "error", message}`. Cancelling is terminating the worker.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::thread::LocalKey;

    use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
    use portal_scoring::ScoringError;
    use portal_scoring::arrow_input::{from_ipc, prices_from_ipc};
    use portal_scoring::fraud::FraudModel;
    use portal_scoring::hs::HsModel;
    use portal_scoring::price::PriceModel;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static FRAUD: RefCell<Option<FraudModel>> = const { RefCell::new(None) };
        static HS: RefCell<Option<HsModel>> = const { RefCell::new(None) };
        static PRICE: RefCell<Option<PriceModel>> = const { RefCell::new(None) };
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
        load(&FRAUD, data, FraudModel::load)?;
        let arrow = bytes(&get(data, "arrow")).ok_or("no extract to score")?;
        let explain = get(data, "explain").as_f64().unwrap_or(0.0) as usize;
        let rows = from_ipc(&arrow).map_err(|e| e.to_string())?;
        with(&FRAUD, "fraud", |model| {
            let scores = model
                .score(&rows, progress(id, rows.len()))
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

    /// Loads the model the request carries (`onnx` + `json`) into `slot`, if it carries one.
    fn load<M: 'static>(
        slot: &'static LocalKey<RefCell<Option<M>>>,
        data: &JsValue,
        make: fn(&[u8], &str) -> Result<M, ScoringError>,
    ) -> Result<(), String> {
        if let (Some(onnx), Some(json)) = (bytes(&get(data, "onnx")), get(data, "json").as_string())
        {
            let m = make(&onnx, &json).map_err(|e| e.to_string())?;
            slot.with(|s| *s.borrow_mut() = Some(m));
        }
        Ok(())
    }

    /// Runs `f` with the model in `slot`, or fails naming it.
    fn with<M: 'static, T>(
        slot: &'static LocalKey<RefCell<Option<M>>>,
        name: &str,
        f: impl FnOnce(&M) -> Result<T, String>,
    ) -> Result<T, String> {
        slot.with(|s| {
            let s = s.borrow();
            f(s.as_ref()
                .ok_or_else(|| format!("the {name} model is not loaded"))?)
        })
    }

    fn progress(id: &JsValue, total: usize) -> impl FnMut(usize) -> bool {
        move |done| {
            let p = reply(id, "progress");
            set(&p, "done", done as f64);
            set(&p, "total", total as f64);
            post(&p);
            true
        }
    }

    fn price(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        load(&PRICE, data, PriceModel::load)?;
        let arrow = bytes(&get(data, "arrow")).ok_or("no extract to check")?;
        let rows = prices_from_ipc(&arrow).map_err(|e| e.to_string())?;
        with(&PRICE, "price", |model| {
            let checks = model
                .check(&rows, progress(id, rows.len()))
                .map_err(|e| e.to_string())?;
            let flat: Vec<f32> = checks
                .iter()
                .flat_map(|c| {
                    [
                        c.expected,
                        c.declared,
                        c.same_origin as f32,
                        c.same_hs6 as f32,
                    ]
                })
                .collect();
            let out = reply(id, "priced");
            set(&out, "values", Float32Array::from(flat.as_slice()));
            Ok(out)
        })
    }

    fn hs(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        load(&HS, data, HsModel::load)?;
        let text = get(data, "text").as_string().unwrap_or_default();
        let top = get(data, "top").as_f64().unwrap_or(5.0) as usize;
        with(&HS, "HS", |model| {
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

    /// Model-only timing for the throughput benchmark: loads the model the request carries
    /// (`model`: `fraud`, the default, or `price`), runs it on `x` (row-major features) and
    /// answers `{id, kind: "ran", rows, ms}`.
    fn run_features(id: &JsValue, data: &JsValue) -> Result<Object, String> {
        let x = Float32Array::new(&get(data, "x")).to_vec();
        let perf = Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
        let now = || perf.as_ref().map_or(0.0, web_sys::Performance::now);
        let (rows, ms) = match get(data, "model").as_string().as_deref() {
            Some("price") => {
                load(&PRICE, data, PriceModel::load)?;
                with(&PRICE, "price", |m| {
                    let t0 = now();
                    let y = m.run_features(&x).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            _ => {
                load(&FRAUD, data, FraudModel::load)?;
                with(&FRAUD, "fraud", |m| {
                    let t0 = now();
                    let y = m.run_features(&x).map_err(|e| e.to_string())?;
                    Ok((y.len() / 2, now() - t0))
                })?
            }
        };
        let out = reply(id, "ran");
        set(&out, "rows", rows as f64);
        set(&out, "ms", ms);
        Ok(out)
    }

    /// Installs the message handler.
    pub fn start() {
        console_error_panic_hook::set_once();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            let data = e.data();
            let id = get(&data, "id");
            let result = match get(&data, "kind").as_string().as_deref() {
                Some("score") => score(&id, &data),
                Some("price") => price(&id, &data),
                Some("hs") => hs(&id, &data),
                Some("run") => run_features(&id, &data),
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
