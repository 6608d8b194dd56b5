//! The portal's thin server: serves the WebAssembly client, and under `/api` the health,
//! catalog, extract and workflow routes.
//!
//! `main.rs` only parses the command line; [`app`] builds the real router so that tests drive
//! exactly what production serves, and [`serve`] runs it until SIGTERM or Ctrl-C.

pub mod accounts;
pub mod allocator;
pub mod audit;
pub mod audit_chain;
pub mod auth;
pub mod cli;
pub mod client;
pub mod cluster;
pub mod columns;
pub mod commands;
pub mod company_answers;
pub mod company_profile;
pub mod company_risk;
pub mod data;
pub mod date_bucket;
pub mod db;
pub mod dictionary_groups;
pub mod durable;
pub mod engine;
pub mod error;
pub mod extract;
pub mod feature_columns;
pub mod fta;
pub mod model_files;
pub mod model_scope;
pub mod network;
pub mod network_index;
pub mod pattern_stats;
pub mod python_job;
pub mod query_runtime;
pub mod rerouting;
pub mod rerouting_answers;
pub mod rollup;
pub mod routes;
pub mod scope;
pub mod security_headers;
pub mod shipments;
pub mod spec_exprs;
pub mod state;
pub mod telemetry;

use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::cli::ServeOptions;
use crate::error::Error;
use crate::state::AppState;

/// The whole HTTP application: `/api/*` routes, then the client for every other path.
pub fn app(state: AppState) -> Router {
    let client = client::router(state.dist_dir());
    let index = std::fs::read_to_string(state.dist_dir().join("index.html")).ok();
    let csp = security_headers::content_security_policy(index.as_deref());
    let csp = axum::http::HeaderValue::from_str(&csp)
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static("default-src 'self'"));
    Router::new()
        .nest("/api", routes::api_router())
        .merge(client)
        .layer(axum::middleware::from_fn(move |req, next| {
            security_headers::add(csp.clone(), req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Prepares the state, binds `opts.bind` and serves until SIGTERM or Ctrl-C, then finishes the
/// requests in flight (at most 10 s) and returns.
pub async fn serve(opts: ServeOptions) -> Result<(), Error> {
    let demo = data::DemoOptions {
        declarations: opts.demo_declarations,
        seed: opts.demo_seed,
        partition_min_rows: opts
            .demo_partitioned
            .then_some(data::partition_write::MIN_ROWS),
        reference: opts
            .reference_dir
            .clone()
            .or_else(data::reference::find_reference_dir),
    };
    let data_dir = opts.data_dir.clone();
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| Error::internal(format!("creating {}", data_dir.display()), e))?;
    let prepared = tokio::task::spawn_blocking(move || data::prepare(&data_dir, &demo))
        .await
        .map_err(|e| Error::internal("preparing data", e))?;
    match prepared {
        Ok(()) => {}
        // A data folder the server did not make: refuse to start rather than touch it.
        Err(e @ Error::Client { .. }) => return Err(e),
        // The portal still serves (client, health, catalog definitions) without datasets.
        Err(e) => tracing::error!(error = %e, "no datasets: extracts will answer data_unavailable"),
    }
    let state = AppState::load(&opts).await?;
    if !opts.dist_dir.join("index.html").is_file() {
        tracing::warn!(
            dist_dir = %opts.dist_dir.display(),
            "no index.html in the dist directory: build the client with `trunk build --release`"
        );
    }
    let shutdown = shutdown_signal();
    let listener = TcpListener::bind(opts.bind)
        .await
        .map_err(|e| Error::internal(format!("binding {}", opts.bind), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::internal("reading the bound address", e))?;
    tracing::info!(%addr, data_dir = %opts.data_dir.display(), "portal listening");
    println!("Portal running at http://{addr}/");
    let db = state.db().clone();
    let sealer = tokio::spawn({
        let db = db.clone();
        async move {
            loop {
                tokio::time::sleep(audit_chain::SEAL_EVERY).await;
                if let Err(e) = audit_chain::seal(&db).await {
                    tracing::error!(error = %e, "could not seal the audit log");
                }
            }
        }
    });
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| Error::internal("serving HTTP", e))?;
    sealer.abort();
    audit_chain::seal(&db).await?;
    tracing::info!("portal stopped cleanly");
    Ok(())
}

/// Registers for Ctrl-C and SIGTERM now (so a signal that arrives before serving starts is not
/// fatal) and returns a future that resolves on either; after the signal, in-flight requests
/// get 10 s before the process exits.
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let mut signals = {
        use tokio::signal::unix::{SignalKind, signal};
        [SignalKind::terminate(), SignalKind::interrupt()].map(|kind| {
            signal(kind)
                .map_err(|e| tracing::error!(error = %e, "cannot listen for a shutdown signal"))
                .ok()
        })
    };
    async move {
        #[cfg(unix)]
        {
            let [term, int] = &mut signals;
            tokio::select! {
                () = recv_or_pending(term.as_mut()) => {},
                () = recv_or_pending(int.as_mut()) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutdown signal received, finishing requests in flight");
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            tracing::warn!("requests still in flight after 10 s, exiting");
            std::process::exit(0);
        });
    }
}

/// Waits for the signal, or forever when it could not be registered.
#[cfg(unix)]
async fn recv_or_pending(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending::<()>().await,
    }
}
