//! The client side of the scoring Web Worker (`scoring-worker`, built by Trunk from
//! `scoring/src/bin/scoring-worker.rs`): starting it, sending requests, decoding its answers.
//! Both sides speak the typed messages of `portal_core::worker` ([`ToWorker`], [`FromWorker`]);
//! models run only there, so the page never freezes; cancelling terminates the worker.
//! Model files are downloaded once per page load ([`model_files`]) and sent to a worker only
//! until it holds them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use portal_core::worker::{
    Blob, Explained, FromWorker, ModelLoad, ToWorker, WorkerModel, f32_values, wire,
};
use wasm_bindgen::prelude::*;

use crate::reasons::Reason;
use crate::web_worker::QueuedWorker;

/// Where Trunk puts the worker's loader (worker assets are not hashed).
pub const WORKER_URL: &str = "/scoring-worker_loader.js";

/// One answer of the worker, its byte arrays decoded.
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
    /// High-risk scoring finished.
    Risked {
        /// P(fraud) per row, in extract order.
        scores: Vec<f32>,
        /// Reasons for the riskiest rows: row index and (signal, effect, value) triples.
        explained: Vec<(usize, Vec<Reason>)>,
    },
    /// Supply-chain scoring finished.
    Chained {
        /// P(fraud) per line to score, in order.
        scores: Vec<f32>,
        /// Reasons for the riskiest lines: row index and (combination, lift, hit rate)
        /// triples.
        explained: Vec<(usize, Vec<Reason>)>,
    },
    /// Rerouting scoring finished: P(rerouting firm) per exporter, in order.
    Rerouted(Vec<f32>),
    /// Company scoring finished.
    Companies {
        /// `[probability, score, grade, factor]` per company, in order (factor: index in
        /// `portal_scoring::company::Factor::ALL`, -1 for none).
        scores: Vec<f32>,
        /// The features that raised the riskiest companies' probability: row index and
        /// (feature, points raised, value) triples.
        explained: Vec<(usize, Vec<Reason>)>,
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

/// Decodes one message of the worker.
pub fn decode(data: &JsValue) -> Answer {
    match unpack(data) {
        Ok(a) => a,
        Err(e) => Answer::Error(format!("unreadable worker message: {e}")),
    }
}

fn unpack(data: &JsValue) -> Result<Answer, String> {
    let (msg, bins): (FromWorker, _) = wire::unpack(data)?;
    let floats = |b: Blob| {
        bins.get(b.0 as usize)
            .and_then(|bytes| f32_values(bytes))
            .ok_or_else(|| format!("the worker's float array {} is missing", b.0))
    };
    Ok(match msg {
        FromWorker::Ready => Answer::Ready,
        FromWorker::Progress { done, total } => Answer::Progress {
            done: done as usize,
            total: total as usize,
        },
        FromWorker::Scored { scores, explained } => Answer::Scored {
            scores: floats(scores)?,
            explained: explained
                .into_iter()
                .map(|e| (e.row as usize, e.reasons))
                .collect(),
        },
        FromWorker::Risked { scores, explained } => Answer::Risked {
            scores: floats(scores)?,
            explained: with_values(explained)?,
        },
        FromWorker::Chained { scores, explained } => Answer::Chained {
            scores: floats(scores)?,
            explained: with_values(explained)?,
        },
        FromWorker::Rerouted { scores } => Answer::Rerouted(floats(scores)?),
        FromWorker::Companies { scores, explained } => Answer::Companies {
            scores: floats(scores)?,
            explained: with_values(explained)?,
        },
        FromWorker::Priced { values } => Answer::Priced(floats(values)?),
        FromWorker::Hs { suggestions } => Answer::Hs(
            suggestions
                .into_iter()
                .map(|s| (s.hs6, s.score, s.description))
                .collect(),
        ),
        FromWorker::Ran { .. } => Answer::Error("unexpected benchmark answer".to_owned()),
        FromWorker::Error { message } => Answer::Error(message),
    })
}

/// Reasons that carry a value each: (name, effect, value) per reason.
fn with_values(explained: Vec<Explained>) -> Result<Vec<(usize, Vec<Reason>)>, String> {
    explained
        .into_iter()
        .map(|e| {
            if e.values.len() != e.reasons.len() {
                return Err(format!(
                    "row {}: {} reasons but {} values",
                    e.row,
                    e.reasons.len(),
                    e.values.len()
                ));
            }
            let reasons = e
                .reasons
                .into_iter()
                .zip(e.values)
                .map(|((name, effect), value)| (name, effect, value))
                .collect();
            Ok((e.row as usize, reasons))
        })
        .collect()
}

/// A model's files as the worker takes them.
#[derive(Debug)]
pub struct ModelFiles {
    /// `model.onnx`, where the model has one.
    pub onnx: Option<Vec<u8>>,
    /// Its tables (encoder or lookup tables), UTF-8 JSON.
    pub json: Vec<u8>,
    /// The HS model's files, for a model that needs them ([`WorkerModel::needs_hs`]).
    pub hs: Option<Rc<ModelFiles>>,
}

thread_local! {
    static FILES: RefCell<HashMap<WorkerModel, Rc<ModelFiles>>> = RefCell::new(HashMap::new());
}

/// The files of `model`, downloaded on first use and kept for the rest of the page's life (the
/// server revalidates with an ETag when the browser asks again).
pub async fn model_files(model: WorkerModel) -> Result<Rc<ModelFiles>, crate::api::ApiError> {
    if let Some(f) = FILES.with(|f| f.borrow().get(&model).cloned()) {
        return Ok(f);
    }
    let onnx = match model.onnx_file() {
        Some(file) => Some(crate::api::model_bytes(model.as_str(), file).await?),
        None => None,
    };
    let json = crate::api::model_bytes(model.as_str(), model.tables_file()).await?;
    let hs = if model.needs_hs() {
        Some(Box::pin(model_files(WorkerModel::Hs)).await?)
    } else {
        None
    };
    let files = Rc::new(ModelFiles { onnx, json, hs });
    FILES.with(|f| f.borrow_mut().insert(model, files.clone()));
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
    /// High-risk scores of an Arrow IPC extract, with reasons for the `explain` riskiest rows.
    HighRisk {
        /// The extract.
        arrow: &'a [u8],
        /// Rows to explain.
        explain: usize,
    },
    /// Supply-chain scores of the lines of an answer of `GET /api/shipments`, with reasons
    /// for the `explain` riskiest lines.
    SupplyChain {
        /// The lines.
        arrow: &'a [u8],
        /// Lines to explain.
        explain: usize,
    },
    /// Rerouting scores of the exporters of `GET /api/origin/exporters`.
    Rerouting {
        /// The exporters.
        arrow: &'a [u8],
    },
    /// Company scores of `model` (delinquency or tax-risk) of the answer of `GET
    /// /api/companies/scores`, with reasons for the `explain` riskiest.
    Companies {
        /// Which model.
        model: WorkerModel,
        /// The companies.
        arrow: &'a [u8],
        /// Companies to explain.
        explain: usize,
    },
    /// Company scores of `model` of features already at hand (float32 bytes, row-major: a
    /// profile's history), with reasons for the `explain` riskiest.
    CompanyRows {
        /// Which model.
        model: WorkerModel,
        /// The features.
        rows: &'a [u8],
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

impl<'a> Request<'a> {
    /// The request that runs `model` over an Arrow IPC extract (or for the supply-chain model
    /// the lines of `GET /api/shipments`), explaining its `explain` riskiest rows; the HS model
    /// reads text, not extracts.
    pub fn of(model: WorkerModel, arrow: &'a [u8], explain: usize) -> Result<Self, String> {
        match model {
            WorkerModel::Fraud => Ok(Request::Score { arrow, explain }),
            WorkerModel::Price => Ok(Request::Price { arrow }),
            WorkerModel::HighRisk => Ok(Request::HighRisk { arrow, explain }),
            WorkerModel::SupplyChain => Ok(Request::SupplyChain { arrow, explain }),
            WorkerModel::Rerouting => Ok(Request::Rerouting { arrow }),
            WorkerModel::Delinquency | WorkerModel::TaxRisk => Ok(Request::Companies {
                model,
                arrow,
                explain,
            }),
            WorkerModel::Hs => Err("the HS model reads text, not declarations".to_owned()),
        }
    }

    /// The model the request runs.
    pub fn model(&self) -> WorkerModel {
        match self {
            Request::Score { .. } => WorkerModel::Fraud,
            Request::Price { .. } => WorkerModel::Price,
            Request::HighRisk { .. } => WorkerModel::HighRisk,
            Request::SupplyChain { .. } => WorkerModel::SupplyChain,
            Request::Rerouting { .. } => WorkerModel::Rerouting,
            Request::Companies { model, .. } | Request::CompanyRows { model, .. } => *model,
            Request::Hs { .. } => WorkerModel::Hs,
        }
    }

    /// The typed message and its byte arrays (the extract first, when there is one).
    fn message(&self) -> (ToWorker, Vec<&[u8]>) {
        match *self {
            Request::Score { arrow, explain } => (
                ToWorker::Score {
                    load: None,
                    arrow: Blob(0),
                    explain: explain as u32,
                },
                vec![arrow],
            ),
            Request::HighRisk { arrow, explain } => (
                ToWorker::HighRisk {
                    load: None,
                    hs: None,
                    arrow: Blob(0),
                    explain: explain as u32,
                },
                vec![arrow],
            ),
            Request::SupplyChain { arrow, explain } => (
                ToWorker::SupplyChain {
                    load: None,
                    arrow: Blob(0),
                    explain: explain as u32,
                },
                vec![arrow],
            ),
            Request::Rerouting { arrow } => (
                ToWorker::Rerouting {
                    load: None,
                    arrow: Blob(0),
                },
                vec![arrow],
            ),
            Request::Companies {
                model,
                arrow,
                explain,
            } => (
                ToWorker::Companies {
                    model,
                    load: None,
                    arrow: Some(Blob(0)),
                    rows: None,
                    explain: explain as u32,
                },
                vec![arrow],
            ),
            Request::CompanyRows {
                model,
                rows,
                explain,
            } => (
                ToWorker::Companies {
                    model,
                    load: None,
                    arrow: None,
                    rows: Some(Blob(0)),
                    explain: explain as u32,
                },
                vec![rows],
            ),
            Request::Price { arrow } => (
                ToWorker::Price {
                    load: None,
                    arrow: Blob(0),
                },
                vec![arrow],
            ),
            Request::Hs { text, top } => (
                ToWorker::Hs {
                    load: None,
                    text: text.to_owned(),
                    top: top as u32,
                },
                Vec::new(),
            ),
        }
    }
}

/// A started worker. Requests made before the worker said it is ready wait in a queue.
pub struct Worker {
    worker: QueuedWorker,
    held: RefCell<HashSet<WorkerModel>>,
}

impl Worker {
    /// Starts the worker; `on_answer` receives every answer.
    pub fn start(on_answer: impl Fn(Answer) + 'static) -> Result<Worker, String> {
        let on_answer = Rc::new(on_answer);
        let a = on_answer.clone();
        let worker = QueuedWorker::start(
            WORKER_URL,
            move |data| match decode(data) {
                Answer::Ready => true,
                other => {
                    a(other);
                    false
                }
            },
            move || {
                on_answer(Answer::Error(
                    "the scoring worker failed to start".to_owned(),
                ))
            },
        )?;
        Ok(Worker {
            worker,
            held: RefCell::new(HashSet::new()),
        })
    }

    /// Sends `request` with the files of its model (and the HS model's, for a model that needs
    /// them), which the worker gets only the first time.
    pub fn send(&self, files: &ModelFiles, request: Request<'_>) {
        let (mut msg, mut bins) = request.message();
        if self.held.borrow_mut().insert(request.model()) {
            let onnx = files.onnx.as_deref().map(|o| {
                bins.push(o);
                Blob(bins.len() as u32 - 1)
            });
            msg.set_load(ModelLoad {
                onnx,
                tables: Blob(bins.len() as u32),
            });
            bins.push(&files.json);
        }
        if let Some(hs) = &files.hs
            && self.held.borrow_mut().insert(WorkerModel::Hs)
        {
            msg.set_hs_load(ModelLoad {
                onnx: None,
                tables: Blob(bins.len() as u32),
            });
            bins.push(&hs.json);
        }
        self.worker.post(wire::pack(&msg, &bins));
    }
}

/// Runs one request in a worker of its own (started for it, ended after it) and answers its
/// final answer (scores, price checks or suggestions); progress is not reported.
pub async fn run_once(request: Request<'_>) -> Result<Answer, String> {
    let files = model_files(request.model())
        .await
        .map_err(|e| e.to_string())?;
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
