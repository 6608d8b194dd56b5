//! The client side of the scoring Web Worker (`scoring-worker`, built by Trunk from
//! `scoring/src/bin/scoring-worker.rs`): starting it, sending requests, decoding its answers.
//! Models run only there, so the page never freezes; cancelling terminates the worker.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Where Trunk puts the worker's loader (worker assets are not hashed).
pub const WORKER_URL: &str = "/scoring-worker_loader.js";

/// One answer of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Rows scored so far.
    Progress {
        /// Rows done.
        done: usize,
        /// Rows in all.
        total: usize,
    },
    /// Scoring finished.
    Scored {
        /// `[fraud, critical]` per row, in extract order.
        scores: Vec<f32>,
        /// Reasons for the riskiest rows: row index and (field, effect) pairs.
        explained: Vec<(usize, Vec<(String, f32)>)>,
    },
    /// HS suggestions: code, score, nomenclature text.
    Hs(Vec<(String, f32, String)>),
    /// The worker failed.
    Error(String),
    /// The worker has started and takes requests.
    Ready,
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &k.into(), &v.into());
}

/// Decodes one message of the worker.
pub fn decode(data: &JsValue) -> Answer {
    let num = |k: &str| get(data, k).as_f64().unwrap_or(0.0) as usize;
    match get(data, "kind").as_string().as_deref() {
        Some("progress") => Answer::Progress {
            done: num("done"),
            total: num("total"),
        },
        Some("scored") => {
            let scores = Float32Array::new(&get(data, "scores")).to_vec();
            let explained = Array::from(&get(data, "explained"))
                .iter()
                .map(|e| {
                    let reasons = Array::from(&get(&e, "reasons"))
                        .iter()
                        .map(|r| {
                            let pair = Array::from(&r);
                            (
                                pair.get(0).as_string().unwrap_or_default(),
                                pair.get(1).as_f64().unwrap_or(0.0) as f32,
                            )
                        })
                        .collect();
                    (get(&e, "row").as_f64().unwrap_or(0.0) as usize, reasons)
                })
                .collect();
            Answer::Scored { scores, explained }
        }
        Some("hs") => Answer::Hs(
            Array::from(&get(data, "suggestions"))
                .iter()
                .map(|s| {
                    (
                        get(&s, "hs6").as_string().unwrap_or_default(),
                        get(&s, "score").as_f64().unwrap_or(0.0) as f32,
                        get(&s, "description").as_string().unwrap_or_default(),
                    )
                })
                .collect(),
        ),
        Some("error") => Answer::Error(get(data, "message").as_string().unwrap_or_default()),
        Some("ready") => Answer::Ready,
        other => Answer::Error(format!("unexpected worker message {other:?}")),
    }
}

/// A started worker and its message handler. Requests made before the worker said it is ready
/// wait in a queue.
pub struct Worker {
    worker: web_sys::Worker,
    queue: Rc<RefCell<Option<Vec<Object>>>>,
    _handler: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Worker {
    /// Starts the worker; `on_answer` receives every answer.
    pub fn start(on_answer: impl Fn(Answer) + 'static) -> Result<Worker, String> {
        let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?;
        let on_answer = Rc::new(on_answer);
        let a = on_answer.clone();
        // `Some(queue)` until the worker is ready, then `None`.
        let queue: Rc<RefCell<Option<Vec<Object>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let (q, w) = (queue.clone(), worker.clone());
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                match decode(&e.data()) {
                    Answer::Ready => {
                        for m in q.borrow_mut().take().unwrap_or_default() {
                            let _ = w.post_message(&m);
                        }
                    }
                    other => a(other),
                }
            });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            on_answer(Answer::Error(
                "the scoring worker failed to start".to_owned(),
            ))
        });
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Worker {
            worker,
            queue,
            _handler: handler,
            _on_error: on_error,
        })
    }

    /// Asks for the fraud scores of an Arrow IPC extract; sends the model when given.
    pub fn score(&self, model: Option<(&[u8], &str)>, arrow: &[u8], explain: usize) {
        let o = Object::new();
        set(&o, "id", 1.0);
        set(&o, "kind", "score");
        if let Some((onnx, enc)) = model {
            set(&o, "onnx", Uint8Array::from(onnx));
            set(&o, "encoder", enc);
        }
        set(&o, "arrow", Uint8Array::from(arrow));
        set(&o, "explain", explain as f64);
        self.send(o);
    }

    fn send(&self, o: Object) {
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(o),
            None => {
                let _ = self.worker.post_message(&o);
            }
        }
    }

    /// Asks for HS suggestions; sends the model when given.
    pub fn hs(&self, model: Option<(&[u8], &str)>, text: &str, top: usize) {
        let o = Object::new();
        set(&o, "id", 2.0);
        set(&o, "kind", "hs");
        if let Some((onnx, tables)) = model {
            set(&o, "onnx", Uint8Array::from(onnx));
            set(&o, "tables", tables);
        }
        set(&o, "text", text);
        set(&o, "top", top as f64);
        self.send(o);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
