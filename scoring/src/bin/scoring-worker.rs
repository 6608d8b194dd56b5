//! The scoring Web Worker (built by Trunk as `scoring-worker`, a separate wasm module so that
//! tract never weighs on the main bundle). It speaks the typed messages of
//! `portal_core::worker`: each message is `{msg, bins}`, the request ([`ToWorker`]) as JSON text
//! and its byte arrays (Arrow extracts, model files, features) by position.
//!
//! Every request may carry the files of the model it needs; the worker keeps a model once
//! loaded. Scoring and price checks post [`FromWorker::Progress`] after every batch, then their
//! result; failures answer [`FromWorker::Error`]. Once started the worker posts
//! [`FromWorker::Ready`] (messages sent earlier would be lost). Cancelling is terminating it.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::thread::LocalKey;

    use js_sys::Reflect;
    use portal_core::worker::{
        Blob, Explained, FromWorker, ModelLoad, Suggestion, ToWorker, WorkerModel, f32_bytes,
        f32_values, wire,
    };
    use portal_scoring::ScoringError;
    use portal_scoring::arrow_input::{
        features_from_ipc, from_ipc, prices_from_ipc, risks_from_ipc, window_from_ipc,
    };
    use portal_scoring::company::{
        CompanyModel, FEATURES as COMPANY_FEATURES, Factor, ModelKind, Scored,
        reasons as company_reasons,
    };
    use portal_scoring::fraud::FraudModel;
    use portal_scoring::high_risk::HighRiskModel;
    use portal_scoring::hs::HsModel;
    use portal_scoring::model::checked_card;
    use portal_scoring::price::PriceModel;
    use portal_scoring::rerouting::{FEATURES as REROUTING_FEATURES, ReroutingModel};
    use portal_scoring::supply_chain::window::reasons;
    use portal_scoring::supply_chain::{FEATURES, SupplyChainModel};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        static FRAUD: RefCell<Option<FraudModel>> = const { RefCell::new(None) };
        static HS: RefCell<Option<HsModel>> = const { RefCell::new(None) };
        static HIGH_RISK: RefCell<Option<HighRiskModel>> = const { RefCell::new(None) };
        static PRICE: RefCell<Option<PriceModel>> = const { RefCell::new(None) };
        static SUPPLY_CHAIN: RefCell<Option<SupplyChainModel>> = const { RefCell::new(None) };
        static REROUTING: RefCell<Option<ReroutingModel>> = const { RefCell::new(None) };
        static DELINQUENCY: RefCell<Option<CompanyModel>> = const { RefCell::new(None) };
        static TAX_RISK: RefCell<Option<CompanyModel>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Posts `msg` with its byte arrays.
    fn post(msg: &FromWorker, bins: &[&[u8]]) {
        let _ = scope().post_message(&wire::pack(msg, bins));
    }

    /// A request's message and byte arrays.
    struct Incoming {
        msg: ToWorker,
        bins: Vec<Vec<u8>>,
    }

    impl Incoming {
        fn read(data: &JsValue) -> Result<Incoming, String> {
            let (msg, bins) = wire::unpack(data)?;
            Ok(Incoming { msg, bins })
        }

        fn bytes(&self, b: Blob) -> Result<&[u8], String> {
            self.bins
                .get(b.0 as usize)
                .map(Vec::as_slice)
                .ok_or_else(|| format!("byte array {} is missing", b.0))
        }

        /// Loads the model files the request carries into `slot`, if it carries any.
        fn load<M: 'static>(
            &self,
            slot: &'static LocalKey<RefCell<Option<M>>>,
            make: fn(&[u8], &str) -> Result<M, ScoringError>,
        ) -> Result<(), String> {
            if let Some(ModelLoad { onnx, tables }) = self.msg.load() {
                let onnx = onnx.ok_or("the model's ONNX file is missing")?;
                let tables = self.tables(tables)?;
                let m = make(self.bytes(onnx)?, tables).map_err(|e| e.to_string())?;
                slot.with(|s| *s.borrow_mut() = Some(m));
            }
            Ok(())
        }

        /// Loads a model that is its tables alone (`files`, when the request carries them) into
        /// `slot`.
        fn load_tables<M: 'static>(
            &self,
            files: Option<ModelLoad>,
            slot: &'static LocalKey<RefCell<Option<M>>>,
            make: fn(&str) -> Result<M, ScoringError>,
        ) -> Result<(), String> {
            if let Some(ModelLoad { tables, .. }) = files {
                let m = make(self.tables(tables)?).map_err(|e| e.to_string())?;
                slot.with(|s| *s.borrow_mut() = Some(m));
            }
            Ok(())
        }

        fn tables(&self, b: Blob) -> Result<&str, String> {
            std::str::from_utf8(self.bytes(b)?).map_err(|e| e.to_string())
        }
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

    fn progress(total: usize) -> impl FnMut(usize) -> bool {
        move |done| {
            post(
                &FromWorker::Progress {
                    done: done as u32,
                    total: total as u32,
                },
                &[],
            );
            true
        }
    }

    fn score(req: &Incoming, arrow: Blob, explain: usize) -> Result<(), String> {
        req.load(&FRAUD, FraudModel::load)?;
        let rows = from_ipc(req.bytes(arrow)?).map_err(|e| e.to_string())?;
        with(&FRAUD, "fraud", |model| {
            let scores = model
                .score(&rows, progress(rows.len()))
                .map_err(|e| e.to_string())?;
            let flat: Vec<f32> = scores.iter().flat_map(|s| [s.fraud, s.critical]).collect();
            let mut order: Vec<usize> = (0..scores.len()).collect();
            order.sort_by(|a, b| scores[*b].fraud.total_cmp(&scores[*a].fraud));
            order.truncate(explain);
            let picked: Vec<_> = order.iter().map(|i| &rows[*i]).collect();
            let reasons = model.explain_many(&picked, 3).map_err(|e| e.to_string())?;
            let explained = order
                .iter()
                .zip(reasons)
                .map(|(row, rs)| Explained {
                    row: *row as u32,
                    reasons: rs
                        .into_iter()
                        .map(|r| (r.field.to_owned(), r.effect))
                        .collect(),
                    values: Vec::new(),
                })
                .collect();
            post(
                &FromWorker::Scored {
                    scores: Blob(0),
                    explained,
                },
                &[&f32_bytes(&flat)],
            );
            Ok(())
        })
    }

    fn high_risk(req: &Incoming, arrow: Blob, explain: usize) -> Result<(), String> {
        req.load_tables(req.msg.hs_load(), &HS, HsModel::load)?;
        req.load(&HIGH_RISK, HighRiskModel::load)?;
        let rows = risks_from_ipc(req.bytes(arrow)?).map_err(|e| e.to_string())?;
        with(&HIGH_RISK, "high-risk", |model| {
            with(&HS, "HS", |hs| {
                let (p, x) = model
                    .score(&rows, hs, progress(rows.len()))
                    .map_err(|e| e.to_string())?;
                let mut order: Vec<usize> = (0..p.len()).collect();
                order.sort_by(|a, b| p[*b].total_cmp(&p[*a]));
                order.truncate(explain);
                let reasons = model
                    .explain(&order, &x, &p, 3)
                    .map_err(|e| e.to_string())?;
                let explained = order
                    .iter()
                    .zip(reasons)
                    .map(|(row, rs)| Explained {
                        row: *row as u32,
                        reasons: rs.iter().map(|r| (r.signal.to_owned(), r.effect)).collect(),
                        values: rs.iter().map(|r| r.value).collect(),
                    })
                    .collect();
                post(
                    &FromWorker::Risked {
                        scores: Blob(0),
                        explained,
                    },
                    &[&f32_bytes(&p)],
                );
                Ok(())
            })
        })
    }

    /// The supply-chain model from its ONNX graph, once its card names the encoder's features.
    fn load_supply_chain(onnx: &[u8], card: &str) -> Result<SupplyChainModel, ScoringError> {
        checked_card(card, &FEATURES)?;
        SupplyChainModel::load(onnx)
    }

    /// The rerouting model from its ONNX graph, once its card names the encoder's features.
    fn load_rerouting(onnx: &[u8], card: &str) -> Result<ReroutingModel, ScoringError> {
        checked_card(card, &REROUTING_FEATURES)?;
        ReroutingModel::load(onnx)
    }

    fn load_delinquency(onnx: &[u8], card: &str) -> Result<CompanyModel, ScoringError> {
        CompanyModel::load(ModelKind::Delinquency, onnx, card)
    }

    fn load_tax_risk(onnx: &[u8], card: &str) -> Result<CompanyModel, ScoringError> {
        CompanyModel::load(ModelKind::TaxRisk, onnx, card)
    }

    /// Where a loaded model is kept.
    type Slot<M> = &'static LocalKey<RefCell<Option<M>>>;

    /// Loads a company model from its ONNX graph and card.
    type CompanyLoader = fn(&[u8], &str) -> Result<CompanyModel, ScoringError>;

    /// The slot, kind and loader of a company model.
    fn company_slot(
        model: WorkerModel,
    ) -> Result<(Slot<CompanyModel>, ModelKind, CompanyLoader), String> {
        match model {
            WorkerModel::Delinquency => {
                Ok((&DELINQUENCY, ModelKind::Delinquency, load_delinquency))
            }
            WorkerModel::TaxRisk => Ok((&TAX_RISK, ModelKind::TaxRisk, load_tax_risk)),
            other => Err(format!("{other} is not a company model")),
        }
    }

    fn companies(
        req: &Incoming,
        model: WorkerModel,
        arrow: Option<Blob>,
        rows: Option<Blob>,
        explain: usize,
    ) -> Result<(), String> {
        let (slot, kind, load) = company_slot(model)?;
        req.load(slot, load)?;
        let x = match (arrow, rows) {
            (Some(a), _) => {
                features_from_ipc(req.bytes(a)?, &COMPANY_FEATURES).map_err(|e| e.to_string())?
            }
            (None, Some(r)) => f32_values(req.bytes(r)?).ok_or("features are not float32")?,
            (None, None) => return Err("no companies to score".to_owned()),
        };
        let w = COMPANY_FEATURES.len();
        let n = x.len() / w;
        with(slot, kind.as_str(), |m| {
            let p = m.run(&x, progress(n)).map_err(|e| e.to_string())?;
            let row = |i: usize| -> [f32; 29] {
                let mut r = [0.0; 29];
                r.copy_from_slice(&x[i * w..(i + 1) * w]);
                r
            };
            let scored: Vec<Scored> = (0..n).map(|i| Scored::of(kind, &row(i), p[i])).collect();
            let mut out = Vec::with_capacity(n * 4);
            for s in &scored {
                let factor = s
                    .factor
                    .and_then(|f| Factor::ALL.iter().position(|g| *g == f))
                    .map_or(-1.0, |i| i as f32);
                out.extend([
                    s.probability,
                    f32::from(s.score),
                    f32::from(s.grade),
                    factor,
                ]);
            }
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|a, b| {
                scored[*b]
                    .score
                    .cmp(&scored[*a].score)
                    .then(p[*b].total_cmp(&p[*a]))
                    .then(a.cmp(b))
            });
            order.truncate(explain);
            let mut explained = Vec::with_capacity(order.len());
            for i in order {
                let rs = company_reasons(m, &row(i), 3).map_err(|e| e.to_string())?;
                explained.push(Explained {
                    row: i as u32,
                    reasons: rs
                        .iter()
                        .map(|r| (r.feature.to_owned(), r.raised_by))
                        .collect(),
                    values: rs.iter().map(|r| r.value).collect(),
                });
            }
            post(
                &FromWorker::Companies {
                    scores: Blob(0),
                    explained,
                },
                &[&f32_bytes(&out)],
            );
            Ok(())
        })
    }

    fn rerouting(req: &Incoming, arrow: Blob) -> Result<(), String> {
        req.load(&REROUTING, load_rerouting)?;
        let x =
            features_from_ipc(req.bytes(arrow)?, &REROUTING_FEATURES).map_err(|e| e.to_string())?;
        let rows = x.len() / REROUTING_FEATURES.len();
        with(&REROUTING, "rerouting", |model| {
            let p = model
                .run_features(&x, progress(rows))
                .map_err(|e| e.to_string())?;
            post(&FromWorker::Rerouted { scores: Blob(0) }, &[&f32_bytes(&p)]);
            Ok(())
        })
    }

    fn supply_chain(req: &Incoming, arrow: Blob, explain: usize) -> Result<(), String> {
        req.load(&SUPPLY_CHAIN, load_supply_chain)?;
        let window = window_from_ipc(req.bytes(arrow)?).map_err(|e| e.to_string())?;
        with(&SUPPLY_CHAIN, "supply-chain", |model| {
            let (p, x) = model
                .score_window(&window, progress(window.lines()))
                .map_err(|e| e.to_string())?;
            let mut order: Vec<usize> = (0..p.len()).collect();
            order.sort_by(|a, b| p[*b].total_cmp(&p[*a]));
            order.truncate(explain);
            let w = FEATURES.len();
            let explained = order
                .iter()
                .map(|&row| {
                    let rs = reasons(&x[row * w..(row + 1) * w], 3);
                    Explained {
                        row: row as u32,
                        reasons: rs
                            .iter()
                            .map(|r| (r.combination.to_owned(), r.lift))
                            .collect(),
                        values: rs.iter().map(|r| r.hit_rate).collect(),
                    }
                })
                .collect();
            post(
                &FromWorker::Chained {
                    scores: Blob(0),
                    explained,
                },
                &[&f32_bytes(&p)],
            );
            Ok(())
        })
    }

    fn price(req: &Incoming, arrow: Blob) -> Result<(), String> {
        req.load(&PRICE, PriceModel::load)?;
        let rows = prices_from_ipc(req.bytes(arrow)?).map_err(|e| e.to_string())?;
        with(&PRICE, "price", |model| {
            let checks = model
                .check(&rows, progress(rows.len()))
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
            post(
                &FromWorker::Priced { values: Blob(0) },
                &[&f32_bytes(&flat)],
            );
            Ok(())
        })
    }

    fn hs(req: &Incoming, text: &str, top: usize) -> Result<(), String> {
        req.load_tables(req.msg.load(), &HS, HsModel::load)?;
        with(&HS, "HS", |model| {
            let found = model.suggest(&[text], top).map_err(|e| e.to_string())?;
            let suggestions = found[0]
                .iter()
                .map(|s| Suggestion {
                    hs6: s.hs6.clone(),
                    score: s.score,
                    description: model.description(&s.hs6).unwrap_or_default().to_owned(),
                })
                .collect();
            post(&FromWorker::Hs { suggestions }, &[]);
            Ok(())
        })
    }

    /// Model-only timing for the throughput benchmark: the model alone on row-major features,
    /// answered with the rows and the milliseconds spent in the model.
    fn run_features(req: &Incoming, model: WorkerModel, x: Blob) -> Result<(), String> {
        let x = f32_values(req.bytes(x)?).ok_or("features are not float32")?;
        let perf = Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
        let now = || perf.as_ref().map_or(0.0, web_sys::Performance::now);
        let (rows, ms) = match model {
            WorkerModel::Price => {
                req.load(&PRICE, PriceModel::load)?;
                with(&PRICE, "price", |m| {
                    let t0 = now();
                    let y = m.run_features(&x).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            WorkerModel::Fraud => {
                req.load(&FRAUD, FraudModel::load)?;
                with(&FRAUD, "fraud", |m| {
                    let t0 = now();
                    let y = m.run_features(&x).map_err(|e| e.to_string())?;
                    Ok((y.len() / 2, now() - t0))
                })?
            }
            WorkerModel::HighRisk => {
                req.load(&HIGH_RISK, HighRiskModel::load)?;
                with(&HIGH_RISK, "high-risk", |m| {
                    let t0 = now();
                    let y = m.run_features(&x).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            WorkerModel::SupplyChain => {
                req.load(&SUPPLY_CHAIN, load_supply_chain)?;
                with(&SUPPLY_CHAIN, "supply-chain", |m| {
                    let t0 = now();
                    let y = m.run_features(&x, |_| true).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            WorkerModel::Rerouting => {
                req.load(&REROUTING, load_rerouting)?;
                with(&REROUTING, "rerouting", |m| {
                    let t0 = now();
                    let y = m.run_features(&x, |_| true).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            WorkerModel::Delinquency | WorkerModel::TaxRisk => {
                let (slot, kind, load) = company_slot(model)?;
                req.load(slot, load)?;
                with(slot, kind.as_str(), |m| {
                    let t0 = now();
                    let y = m.run(&x, |_| true).map_err(|e| e.to_string())?;
                    Ok((y.len(), now() - t0))
                })?
            }
            WorkerModel::Hs => return Err("the HS model takes text, not features".to_owned()),
        };
        post(
            &FromWorker::Ran {
                rows: rows as u32,
                ms,
            },
            &[],
        );
        Ok(())
    }

    fn handle(data: &JsValue) -> Result<(), String> {
        let req = Incoming::read(data)?;
        match req.msg.clone() {
            ToWorker::Score { arrow, explain, .. } => score(&req, arrow, explain as usize),
            ToWorker::Price { arrow, .. } => price(&req, arrow),
            ToWorker::HighRisk { arrow, explain, .. } => high_risk(&req, arrow, explain as usize),
            ToWorker::SupplyChain { arrow, explain, .. } => {
                supply_chain(&req, arrow, explain as usize)
            }
            ToWorker::Rerouting { arrow, .. } => rerouting(&req, arrow),
            ToWorker::Companies {
                model,
                arrow,
                rows,
                explain,
                ..
            } => companies(&req, model, arrow, rows, explain as usize),
            ToWorker::Hs { text, top, .. } => hs(&req, &text, top as usize),
            ToWorker::Run { model, x, .. } => run_features(&req, model, x),
        }
    }

    /// Installs the message handler.
    pub fn start() {
        console_error_panic_hook::set_once();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            if let Err(message) = handle(&e.data()) {
                post(&FromWorker::Error { message }, &[]);
            }
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        // Messages sent before the module was initialised are lost: say when to send.
        post(&FromWorker::Ready, &[]);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
