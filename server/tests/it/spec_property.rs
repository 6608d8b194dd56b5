//! Property test of spec validation and compilation: any spec a client may send — valid, or
//! spoiled in up to three ways — is refused with a client error (4xx) or answered by the engine;
//! never a server error, never a panic. `PORTAL_SPEC_CASES` sets the number of cases (200 in the
//! test command; the README gives the long run, which may answer over a smaller generation,
//! `PORTAL_SPEC_DECLARATIONS`, as the property is about planning and running, not data size).

use std::cell::Cell;

use portal_core::testing::{ROW_CAP, any_spec};
use portal_server::data::datasets_dir;
use portal_server::engine::Engine;
use portal_server::error::status;
use portal_server::scope::Scope;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;

use crate::common::{TestServer, send, shared_data_dir, who};

fn cases(default: u32) -> u32 {
    std::env::var("PORTAL_SPEC_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The data the in-process property answers over: the shared generation, or one of
/// `PORTAL_SPEC_DECLARATIONS` declarations.
fn property_data() -> std::path::PathBuf {
    let Some(n) = std::env::var("PORTAL_SPEC_DECLARATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
    else {
        return shared_data_dir().to_path_buf();
    };
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let opts = portal_server::data::DemoOptions {
        declarations: n,
        seed: 7,
        reference: None,
        partition_min_rows: None,
    };
    portal_server::data::prepare(&dir, &opts).expect("prepare the property's data");
    dir
}

#[test]
fn any_spec_is_refused_as_a_client_error_or_answered() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let engine = rt
        .block_on(Engine::open(&datasets_dir(&property_data())))
        .expect("engine");
    let n = cases(200);
    let (refused, answered) = (Cell::new(0u64), Cell::new(0u64));
    let mut runner = TestRunner::new(Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    runner
        .run(&any_spec(), |spec| {
            match spec.validate(ROW_CAP) {
                Err(e) => {
                    let s = status(e.error_code());
                    proptest::prop_assert!(s.is_client_error(), "{spec:?}: {e} answered {s}");
                    refused.set(refused.get() + 1);
                }
                Ok(ds) => {
                    // As an analyst would send it, too: the office filter keeps it valid.
                    let scoped = Scope::Office("40".into()).restrict(spec.clone(), ds);
                    for s in [&spec, &scoped] {
                        let rows = rt.block_on(async {
                            let df = engine.dataframe(s, ds).await.map_err(|e| e.to_string())?;
                            df.collect().await.map_err(|e| e.to_string())
                        });
                        proptest::prop_assert!(rows.is_ok(), "{s:?}: {:?}", rows.err());
                    }
                    answered.set(answered.get() + 1);
                }
            }
            Ok(())
        })
        .expect("every spec refused with a 4xx or answered");
    eprintln!(
        "spec property: {n} cases in {:.1} s: {} refused with a client error, {} answered (also scoped)",
        started.elapsed().as_secs_f64(),
        refused.get(),
        answered.get()
    );
}

#[tokio::test]
async fn random_specs_over_http_never_get_a_server_error() {
    let srv = TestServer::with_data(|o| o.row_cap = ROW_CAP).await;
    let analyst = who(&srv, "analyst.busan").await;
    let mut runner = TestRunner::new(Config {
        cases: cases(60).min(200),
        failure_persistence: None,
        ..Config::default()
    });
    let specs: Vec<serde_json::Value> = (0..cases(60).min(200))
        .map(|_| {
            let tree = proptest::strategy::Strategy::new_tree(&any_spec(), &mut runner).unwrap();
            serde_json::to_value(proptest::strategy::ValueTree::current(&tree)).unwrap()
        })
        .collect();
    for spec in specs {
        for format in ["arrow", "csv"] {
            let res = send(
                &srv,
                &analyst,
                Method::POST,
                &format!("/api/extract?format={format}"),
                Some(spec.clone()),
            )
            .await;
            let status = res.status();
            let body = res.bytes().await.unwrap_or_default();
            assert!(
                status.is_success() || status.is_client_error(),
                "{spec}: {status} {}",
                String::from_utf8_lossy(&body)
            );
        }
    }
}
