//! `portal loadtest`: a bounded load generator for a running portal. `--users` signed-in users
//! (each with an account of their own, made first through the administrator's API, spread over
//! offices and roles) start over `--ramp-seconds` and each loop over what officers do — open
//! home, the catalog, a grouped extract, their dashboards, a model file, now and then a fresh
//! sign-in — with a think time between steps, while `--heavy` users stream large ungrouped
//! extracts. It reports every answer by kind
//! (count, p50, p99), by status class, the throughput and the server's peak resident memory
//! (`--server-pid`, read from `/proc`), and fails when any answer is a 5xx or breaks, when the
//! sign-in p99 is over its bound, or when the peak memory is over `--max-rss-mb`.
//!
//! The same command is the memory test: `--users 0 --heavy 32 --heavy-once` runs 32 concurrent
//! extracts of `--heavy-rows` rows once each.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::cli::LoadtestOptions;
use crate::data::rng::Rng;
use crate::error::{Error, ErrorCode};

/// One kind of request the load is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `POST /api/auth/login`.
    SignIn,
    /// `GET /api/home`.
    Home,
    /// `GET /api/catalog`.
    Catalog,
    /// A grouped extract (`POST /api/extract`, Arrow).
    Extract,
    /// `GET /api/dashboards` and one dashboard.
    Dashboards,
    /// `GET /api/models/...`.
    Model,
    /// A large ungrouped extract, read to the end.
    Heavy,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::SignIn => "sign-in",
            Kind::Home => "home",
            Kind::Catalog => "catalog",
            Kind::Extract => "extract (grouped)",
            Kind::Dashboards => "dashboards",
            Kind::Model => "model file",
            Kind::Heavy => "extract (heavy)",
        }
    }
}

/// What a run measured.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Latencies in microseconds, by kind.
    pub latencies: BTreeMap<Kind, Vec<u64>>,
    /// Answers by status class (`2xx`, `304`, `4xx`, `429`, `5xx`) and broken requests (`error`).
    pub statuses: BTreeMap<&'static str, u64>,
    /// Answers refused as busy (429), by kind.
    pub busy: BTreeMap<Kind, u64>,
    /// Bytes received by the heavy extracts.
    pub heavy_bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Highest resident memory of the server seen during the run, in bytes.
    pub peak_rss: Option<u64>,
    /// The first failures, for the report.
    pub failures: Vec<String>,
}

impl Report {
    /// The `q` quantile (0..=1) of the latencies of `kind`, in milliseconds.
    pub fn quantile_ms(&self, kind: Kind, q: f64) -> Option<f64> {
        let mut v = self.latencies.get(&kind)?.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let i = ((v.len() - 1) as f64 * q).round() as usize;
        Some(v[i] as f64 / 1000.0)
    }

    /// Answers of a status class.
    pub fn status(&self, class: &str) -> u64 {
        self.statuses.get(class).copied().unwrap_or(0)
    }

    /// Requests answered (any status).
    pub fn requests(&self) -> u64 {
        self.latencies.values().map(|v| v.len() as u64).sum()
    }

    fn record(&mut self, kind: Kind, started: Instant, status: Result<StatusCode, String>) {
        self.latencies
            .entry(kind)
            .or_default()
            .push(started.elapsed().as_micros() as u64);
        let class = match &status {
            Ok(s) if s.is_success() => "2xx",
            Ok(s) if *s == StatusCode::NOT_MODIFIED => "304",
            Ok(s) if *s == StatusCode::TOO_MANY_REQUESTS => "429",
            Ok(s) if s.is_server_error() => "5xx",
            Ok(_) => "4xx",
            Err(_) => "error",
        };
        *self.statuses.entry(class).or_default() += 1;
        if class == "429" {
            *self.busy.entry(kind).or_default() += 1;
        }
        if matches!(class, "5xx" | "error") && self.failures.len() < 10 {
            let what = match status {
                Ok(s) => s.to_string(),
                Err(e) => e,
            };
            self.failures.push(format!("{}: {what}", kind.name()));
        }
    }

    /// The report as text: one line per kind, then the totals.
    pub fn text(&self) -> String {
        let mut out =
            String::from("kind                 requests  busy(429)    p50 ms    p99 ms\n");
        for kind in self.latencies.keys() {
            let n = self.latencies[kind].len();
            let p50 = self.quantile_ms(*kind, 0.5).unwrap_or(0.0);
            let p99 = self.quantile_ms(*kind, 0.99).unwrap_or(0.0);
            let busy = self.busy.get(kind).copied().unwrap_or(0);
            out.push_str(&format!(
                "{:<20} {n:>8} {busy:>10} {p50:>9.1} {p99:>9.1}\n",
                kind.name()
            ));
        }
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        out.push_str(&format!(
            "{} requests in {:.1} s ({:.0}/s); statuses {:?}; heavy extracts received {:.1} MB\n",
            self.requests(),
            secs,
            self.requests() as f64 / secs,
            self.statuses,
            self.heavy_bytes as f64 / 1e6
        ));
        match self.peak_rss {
            Some(b) => out.push_str(&format!(
                "server peak RSS during the run: {:.0} MiB\n",
                b as f64 / 1048576.0
            )),
            None => out.push_str("server RSS not measured (no --server-pid)\n"),
        }
        for f in &self.failures {
            out.push_str(&format!("failure: {f}\n"));
        }
        out
    }
}

/// A signed-in session: its cookie and CSRF token.
#[derive(Debug, Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

/// The shared parts of a run.
struct Load {
    http: reqwest::Client,
    url: String,
    password: String,
    report: Mutex<Report>,
}

impl Load {
    fn request(&self, method: Method, path: &str, s: &Session) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.url))
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
    }

    fn record(&self, kind: Kind, started: Instant, status: Result<StatusCode, String>) {
        self.report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .record(kind, started, status);
    }

    /// Signs in as `username` with the officers' password (timed as a sign-in); `None` when
    /// refused.
    async fn sign_in(&self, username: &str) -> Option<Session> {
        self.sign_in_with(username, &self.password).await
    }

    async fn sign_in_with(&self, username: &str, password: &str) -> Option<Session> {
        let started = Instant::now();
        let res = self
            .http
            .post(format!("{}/api/auth/login", self.url))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await;
        let res = match res {
            Ok(r) => r,
            Err(e) => {
                self.record(Kind::SignIn, started, Err(e.to_string()));
                return None;
            }
        };
        let status = res.status();
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let body: Option<Value> = res.json().await.ok();
        self.record(Kind::SignIn, started, Ok(status));
        let csrf = body?.get("csrf_token")?.as_str()?.to_owned();
        Some(Session {
            cookie: cookie?,
            csrf,
        })
    }

    /// Sends a request and reads its whole answer (left undecoded: the generator spends its CPU
    /// on requests, not on parsing); records its kind, latency and status.
    async fn call(
        &self,
        kind: Kind,
        req: reqwest::RequestBuilder,
    ) -> Option<(StatusCode, bytes::Bytes)> {
        let started = Instant::now();
        match req.send().await {
            Ok(res) => {
                let status = res.status();
                let bytes = res.bytes().await;
                match bytes {
                    Ok(b) => {
                        self.record(kind, started, Ok(status));
                        Some((status, b))
                    }
                    Err(e) => {
                        self.record(kind, started, Err(format!("{status}, body cut: {e}")));
                        None
                    }
                }
            }
            Err(e) => {
                self.record(kind, started, Err(e.to_string()));
                None
            }
        }
    }

    /// One large ungrouped extract, read to the end and counted; `false` when refused as busy.
    async fn heavy(&self, s: &Session, rows: u64) -> bool {
        let spec = json!({"dataset": "import_declaration", "limit": rows});
        let started = Instant::now();
        let res = match self
            .request(Method::POST, "/api/extract", s)
            .json(&spec)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => {
                self.record(Kind::Heavy, started, Err(e.to_string()));
                return true;
            }
        };
        let status = res.status();
        let mut res = res;
        let mut bytes = 0u64;
        let mut broken = None;
        loop {
            match res.chunk().await {
                Ok(Some(c)) => bytes += c.len() as u64,
                Ok(None) => break,
                Err(e) => {
                    broken = Some(e.to_string());
                    break;
                }
            }
        }
        let outcome = match broken {
            Some(e) => Err(format!("{status}, body cut: {e}")),
            None => Ok(status),
        };
        self.record(Kind::Heavy, started, outcome);
        self.report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .heavy_bytes += bytes;
        status != StatusCode::TOO_MANY_REQUESTS
    }
}

/// How long an officer told "busy" waits before trying again (the server's `Retry-After`).
const BUSY_WAIT: Duration = Duration::from_secs(2);

/// One officer: waits for their turn to arrive, signs in, makes a dashboard of their own, then
/// loops until `until`.
async fn officer(
    load: Arc<Load>,
    username: String,
    seed: u64,
    think_ms: u64,
    arrive: Instant,
    until: Instant,
) {
    let mut rng = Rng::new(seed);
    tokio::time::sleep_until(arrive.into()).await;
    let Some(session) = load.sign_in(&username).await else {
        return;
    };
    let made = load
        .call(
            Kind::Dashboards,
            load.request(Method::POST, "/api/dashboards", &session)
                .json(&json!({"title": format!("load {seed}")})),
        )
        .await;
    let dashboard = made
        .and_then(|(_, b)| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|d| d["id"].as_i64());
    while Instant::now() < until {
        let pause = if think_ms == 0 {
            0
        } else {
            rng.below(2 * think_ms)
        };
        tokio::time::sleep(Duration::from_millis(pause)).await;
        if Instant::now() >= until {
            break;
        }
        match rng.below(100) {
            0..=24 => {
                load.call(Kind::Home, load.request(Method::GET, "/api/home", &session))
                    .await;
            }
            25..=44 => {
                load.call(
                    Kind::Catalog,
                    load.request(Method::GET, "/api/catalog", &session),
                )
                .await;
            }
            45..=69 => {
                let column =
                    ["office_id", "country_origin", "transport_mode", "hs6"][rng.below(4) as usize];
                let spec = json!({"dataset": "import_declaration", "group_by": [column],
                                  "aggregates": [{"func": "count"}, {"func": "sum", "column": "item_price"}]});
                // Told the server is busy, the officer waits as asked and tries twice more.
                for _ in 0..3 {
                    let answer = load
                        .call(
                            Kind::Extract,
                            load.request(Method::POST, "/api/extract", &session)
                                .json(&spec),
                        )
                        .await;
                    match answer {
                        Some((StatusCode::TOO_MANY_REQUESTS, _)) => {
                            tokio::time::sleep(BUSY_WAIT).await;
                        }
                        _ => break,
                    }
                }
            }
            70..=84 => {
                load.call(
                    Kind::Dashboards,
                    load.request(Method::GET, "/api/dashboards", &session),
                )
                .await;
                if let Some(id) = dashboard {
                    let path = format!("/api/dashboards/{id}");
                    load.call(Kind::Dashboards, load.request(Method::GET, &path, &session))
                        .await;
                }
            }
            85..=97 => {
                let file = [
                    "/api/models/fraud/model.json",
                    "/api/models/fraud/encoder.json",
                ][rng.below(2) as usize];
                load.call(Kind::Model, load.request(Method::GET, file, &session))
                    .await;
            }
            _ => {
                // A colleague signing in at the same desk: timed, then signed out.
                if let Some(other) = load.sign_in(&username).await {
                    let _ = load
                        .request(Method::POST, "/api/auth/logout", &other)
                        .send()
                        .await;
                }
            }
        }
    }
}

/// Streams large extracts as `session` until `until` (or once, with `once`); a busy answer
/// waits and retries.
async fn heavy_user(load: Arc<Load>, session: Session, rows: u64, once: bool, until: Instant) {
    while Instant::now() < until {
        let admitted = load.heavy(&session, rows).await;
        if !admitted {
            tokio::time::sleep(Duration::from_millis(500)).await;
        } else if once {
            break;
        }
    }
}

/// Offices and roles of the simulated officers, in turn: mostly branch analysts, some
/// reviewers and bureau staff.
const PEOPLE: [(&str, &str); 8] = [
    ("analyst", "40"),
    ("analyst", "20"),
    ("analyst", "10"),
    ("analyst", "30"),
    ("analyst", "81"),
    ("reviewer", "99"),
    ("analyst", "11"),
    ("bureau", "00"),
];

/// Makes (or finds) the accounts `load.user{i}` of `officers` officers, then of `readers` heavy
/// readers, through the administrator's API; returns their names. An account that exists
/// already is used as it is.
async fn make_accounts(
    load: &Load,
    admin: &str,
    admin_password: &str,
    officers: usize,
    readers: usize,
) -> Result<Vec<String>, Error> {
    let session = load
        .sign_in_with(admin, admin_password)
        .await
        .ok_or_else(|| {
            Error::client(
                ErrorCode::InvalidCredentials,
                format!("could not sign in as {admin} to make the accounts"),
            )
        })?;
    let names: Vec<String> = (0..officers + readers)
        .map(|i| format!("load.user{i}"))
        .collect();
    let made = futures::stream::iter(names.iter().enumerate().map(|(i, name)| {
        // Officers in turn over PEOPLE; the heavy readers work nationally.
        let (role, office) = if i < officers {
            PEOPLE[i % PEOPLE.len()]
        } else {
            ("reviewer", "99")
        };
        let body = json!({"username": name, "display_name": format!("부하 시험 {i}"),
                          "role": role, "office_code": office, "password": load.password});
        let req = load
            .request(Method::POST, "/api/users", &session)
            .json(&body);
        async move { req.send().await.map(|r| r.status()) }
    }))
    .buffer_unordered(8)
    .collect::<Vec<_>>()
    .await;
    for status in made {
        match status {
            Ok(s) if s.is_success() || s == StatusCode::CONFLICT => {}
            Ok(s) => {
                return Err(Error::client(
                    ErrorCode::InvalidInput,
                    format!("making an account answered {s}"),
                ));
            }
            Err(e) => return Err(Error::internal("making an account", e)),
        }
    }
    Ok(names)
}

/// Reads the resident memory of process `pid` (bytes), if it is there.
pub fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Runs the load described by `opts` and returns what it measured (without judging it).
pub async fn run(opts: &LoadtestOptions) -> Result<Report, Error> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(opts.users + opts.heavy + 8)
        .timeout(Duration::from_secs(opts.request_timeout_s))
        .build()
        .map_err(|e| Error::internal("building the HTTP client", e))?;
    let load = Arc::new(Load {
        http,
        url: opts.url.trim_end_matches('/').to_owned(),
        // The administrator's password, made uncommon enough for the policy.
        password: format!("{} 부하 시험", opts.password),
        report: Mutex::new(Report::default()),
    });
    let accounts =
        make_accounts(&load, &opts.admin, &opts.password, opts.users, opts.heavy).await?;
    // Making the accounts signed in once: the report is of the run alone.
    *load.report.lock().unwrap_or_else(|p| p.into_inner()) = Report::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(opts.seconds);
    let peak = Arc::new(Mutex::new(None::<u64>));
    let sampler = opts.server_pid.map(|pid| {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(b) = resident_bytes(pid) {
                    let mut p = peak.lock().unwrap_or_else(|e| e.into_inner());
                    *p = Some(p.map_or(b, |x: u64| x.max(b)));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    });
    let mut tasks = Vec::new();
    for name in &accounts[opts.users..] {
        // Signed in one after another (as many sign-ins at once from one address would be
        // throttled), so that the extracts then start together.
        let Some(session) = load.sign_in(name).await else {
            continue;
        };
        let until = if opts.heavy_once {
            started + Duration::from_secs(opts.request_timeout_s)
        } else {
            until
        };
        tasks.push(tokio::spawn(heavy_user(
            load.clone(),
            session,
            opts.heavy_rows,
            opts.heavy_once,
            until,
        )));
    }
    let ramp = Duration::from_secs(opts.ramp_seconds);
    for (i, name) in accounts[..opts.users].iter().enumerate() {
        let arrive = started + ramp.mul_f64(i as f64 / opts.users.max(1) as f64);
        tasks.push(tokio::spawn(officer(
            load.clone(),
            name.clone(),
            opts.seed.wrapping_add(i as u64),
            opts.think_ms,
            arrive,
            until,
        )));
    }
    for t in tasks {
        t.await
            .map_err(|e| Error::internal("running a simulated user", e))?;
    }
    if let Some(s) = sampler {
        s.abort();
    }
    let mut report = load
        .report
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    report.elapsed = started.elapsed();
    report.peak_rss = *peak.lock().unwrap_or_else(|e| e.into_inner());
    Ok(report)
}

/// `portal loadtest`: runs, prints the report, and fails on a 5xx, a broken answer, a slow
/// sign-in or too much memory.
pub async fn loadtest(opts: LoadtestOptions) -> Result<(), Error> {
    let report = run(&opts).await?;
    print!("{}", report.text());
    let broken = report.status("5xx") + report.status("error");
    if broken > 0 {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("{broken} answers were 5xx or broke"),
        ));
    }
    if let Some(p99) = report.quantile_ms(Kind::SignIn, 0.99)
        && p99 > opts.max_signin_p99_ms as f64
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "sign-in p99 {p99:.0} ms is over {} ms",
                opts.max_signin_p99_ms
            ),
        ));
    }
    if let (Some(max), Some(peak)) = (opts.max_rss_mb, report.peak_rss)
        && peak > max * 1024 * 1024
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "server peak RSS {} MiB is over {max} MiB",
                peak / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_counts_classes_busy_answers_and_quantiles() {
        let mut r = Report::default();
        let t = Instant::now();
        for status in [200, 200, 304, 404, 429, 500] {
            r.record(
                Kind::Home,
                t,
                Ok(StatusCode::from_u16(status).expect("status")),
            );
        }
        r.record(Kind::Extract, t, Err("body cut".to_owned()));
        assert_eq!(r.requests(), 7);
        assert_eq!(
            (
                r.status("2xx"),
                r.status("304"),
                r.status("4xx"),
                r.status("429")
            ),
            (2, 1, 1, 1)
        );
        assert_eq!((r.status("5xx"), r.status("error")), (1, 1));
        assert_eq!(r.busy.get(&Kind::Home), Some(&1));
        assert_eq!(r.failures.len(), 2, "{:?}", r.failures);
        r.latencies
            .insert(Kind::SignIn, (1..=100).map(|ms| ms * 1000).collect());
        assert_eq!(r.quantile_ms(Kind::SignIn, 0.5), Some(51.0));
        assert_eq!(r.quantile_ms(Kind::SignIn, 0.99), Some(99.0));
        assert_eq!(r.quantile_ms(Kind::Model, 0.5), None);
        assert!(r.text().contains("sign-in"));
    }
}
