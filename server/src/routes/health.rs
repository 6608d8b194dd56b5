//! `GET /api/health`: liveness plus the state of the data directory and the database file.

use std::path::Path;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_core::api::{ComponentHealth, ComponentStatus, Health};

use crate::engine::Engine;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    let data_dir = state.data_dir().clone();
    // Filesystem probes block; keep them off the async workers.
    let data = tokio::task::spawn_blocking(move || dir_status(&data_dir))
        .await
        .unwrap_or(ComponentStatus::Error);
    let db = match crate::execute!(state.db(), "SELECT 1") {
        Ok(_) => ComponentStatus::Ready,
        Err(e) => {
            tracing::error!(error = %e, "database health check failed");
            ComponentStatus::Error
        }
    };
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        uptime_seconds: state.started().elapsed().as_secs(),
        data: ComponentHealth {
            path: state.data_dir().display().to_string(),
            status: data,
        },
        db: ComponentHealth {
            path: crate::db::Location::of(state.db_path()).display(),
            status: db,
        },
        active_extracts: state.active_extracts(),
        rollups_ready: state.engine().is_some_and(Engine::rollups_ready),
    })
}

/// Ready when `dir` is a directory the server may write to.
fn dir_status(dir: &Path) -> ComponentStatus {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() && !meta.permissions().readonly() => ComponentStatus::Ready,
        Ok(_) => ComponentStatus::Error,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ComponentStatus::Missing,
        Err(_) => ComponentStatus::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_of_paths() {
        let tmp = tempfile::tempdir().expect("tempdir");
        assert_eq!(dir_status(tmp.path()), ComponentStatus::Ready);
        assert_eq!(
            dir_status(&tmp.path().join("nope")),
            ComponentStatus::Missing
        );
        let file = tmp.path().join("portal.db");
        std::fs::write(&file, b"").expect("write");
        assert_eq!(dir_status(&file), ComponentStatus::Error);
    }
}
