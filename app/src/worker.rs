//! The client side of the scoring Web Worker (`scoring-worker`, built by Trunk from
//! `scoring/src/bin/scoring-worker.rs`): starting it, sending requests, decoding its answers.
//! Models run only there, so the page never freezes; cancelling terminates the worker.
//! Model files are downloaded once per page load ([`model_files`]) and sent to a worker only
//! until it holds them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
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
    /// Price check finished: `[expected, declared, same_origin, same_hs6]` per row, in extract
    /// order ([`crate::scored::PRICE_VALUES`] values: unit values in KRW/kg, declared NaN when
    /// price or mass is missing; training lines of the same HS6 and origin, of the same HS6).
    Priced(Vec<f32>),
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
        Some("priced") => Answer::Priced(Float32Array::new(&get(data, "values")).to_vec()),
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

/// The models the worker runs and the JSON file each needs beside its `model.onnx`.
pub const MODELS: [(&str, &str); 3] = [
    ("fraud", "encoder.json"),
    ("price", "tables.json"),
    ("hs", "tables.json"),
];

/// A model's files as the worker takes them.
#[derive(Debug)]
pub struct ModelFiles {
    /// `model.onnx`.
    pub onnx: Vec<u8>,
    /// Its tables (encoder or lookup tables), JSON text.
    pub json: String,
}

thread_local! {
    static FILES: RefCell<HashMap<&'static str, Rc<ModelFiles>>> = RefCell::new(HashMap::new());
}

/// The files of model `name` (one of [`MODELS`]), downloaded on first use and kept for the rest
/// of the page's life (the server revalidates with an ETag when the browser asks again).
pub async fn model_files(name: &'static str) -> Result<Rc<ModelFiles>, String> {
    if let Some(f) = FILES.with(|f| f.borrow().get(name).cloned()) {
        return Ok(f);
    }
    let json_file = MODELS
        .iter()
        .find(|(m, _)| *m == name)
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("unknown model {name}"))?;
    let onnx = crate::api::model_bytes(name, "model.onnx")
        .await
        .map_err(|e| e.to_string())?;
    let json = crate::api::model_bytes(name, json_file)
        .await
        .map_err(|e| e.to_string())?;
    let files = Rc::new(ModelFiles {
        onnx,
        json: String::from_utf8(json).map_err(|e| e.to_string())?,
    });
    FILES.with(|f| f.borrow_mut().insert(name, files.clone()));
    Ok(files)
}

/// What to ask the worker.
#[derive(Debug, Clone, Copy)]
pub enum Request<'a> {
    /// Fraud scores of an Arrow IPC extract, with reasons for the `explain` riskiest rows.
    Score {
        /// The extract.
        arrow: &'a [u8],
        /// Rows to explain.
        explain: usize,
    },
    /// Price check of an Arrow IPC extract.
    Price {
        /// The extract.
        arrow: &'a [u8],
    },
    /// HS suggestions for a text.
    Hs {
        /// Item description.
        text: &'a str,
        /// Suggestions wanted.
        top: usize,
    },
}

impl Request<'_> {
    /// The model the request runs.
    pub fn model(&self) -> &'static str {
        match self {
            Request::Score { .. } => "fraud",
            Request::Price { .. } => "price",
            Request::Hs { .. } => "hs",
        }
    }

    fn message(&self) -> Object {
        let o = Object::new();
        match *self {
            Request::Score { arrow, explain } => {
                set(&o, "kind", "score");
                set(&o, "arrow", Uint8Array::from(arrow));
                set(&o, "explain", explain as f64);
            }
            Request::Price { arrow } => {
                set(&o, "kind", "price");
                set(&o, "arrow", Uint8Array::from(arrow));
            }
            Request::Hs { text, top } => {
                set(&o, "kind", "hs");
                set(&o, "text", text);
                set(&o, "top", top as f64);
            }
        }
        o
    }
}

/// A started worker and its message handler. Requests made before the worker said it is ready
/// wait in a queue.
pub struct Worker {
    worker: web_sys::Worker,
    queue: Rc<RefCell<Option<Vec<Object>>>>,
    held: RefCell<HashSet<&'static str>>,
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
            held: RefCell::new(HashSet::new()),
            _handler: handler,
            _on_error: on_error,
        })
    }

    /// Sends `request` with the files of its model, which the worker gets only the first time.
    pub fn send(&self, files: &ModelFiles, request: Request<'_>) {
        let o = request.message();
        set(&o, "id", 1.0);
        if self.held.borrow_mut().insert(request.model()) {
            set(&o, "onnx", Uint8Array::from(files.onnx.as_slice()));
            set(&o, "json", files.json.as_str());
        }
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(o),
            None => {
                let _ = self.worker.post_message(&o);
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Runs one request in a worker of its own (started for it, ended after it) and answers its
/// final answer (scores, price checks or suggestions); progress is not reported.
pub async fn run_once(request: Request<'_>) -> Result<Answer, String> {
    let files = model_files(request.model()).await?;
    let (tx, rx) = futures::channel::oneshot::channel::<Answer>();
    let tx = RefCell::new(Some(tx));
    let worker = Worker::start(move |a| {
        if !matches!(a, Answer::Progress { .. })
            && let Some(tx) = tx.borrow_mut().take()
        {
            let _ = tx.send(a);
        }
    })?;
    worker.send(&files, request);
    let answer = rx
        .await
        .map_err(|_| "the scoring worker stopped".to_owned())?;
    drop(worker);
    match answer {
        Answer::Error(e) => Err(e),
        other => Ok(other),
    }
}
