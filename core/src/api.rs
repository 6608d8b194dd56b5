//! JSON shapes of the HTTP API, as the server writes them and the client reads them.

use serde::{Deserialize, Serialize};

/// The one shape every API error takes on the wire: `{"code": "...", "message": "..."}`.
///
/// `code` is a stable, machine-readable snake_case identifier from the server's error table;
/// `message` is a human-readable sentence that never contains internal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable error identifier, e.g. `route_not_found`.
    pub code: String,
    /// Explanation meant for the user.
    pub message: String,
}

/// Overall state of one dependency reported by `GET /api/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    /// Present and usable.
    Ready,
    /// Not prepared yet (e.g. no database file created so far); the portal still serves.
    Missing,
    /// Present but unusable (e.g. the data directory is not writable).
    Error,
}

/// State of one dependency of the server: where it lives and whether it is usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentHealth {
    /// Filesystem path the server uses for it.
    pub path: String,
    /// Its state at the time of the request.
    pub status: ComponentStatus,
}

/// Body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server is able to answer; individual parts are in `data` and `db`.
    pub status: String,
    /// Version of the server binary (the workspace version).
    pub version: String,
    /// Whole seconds since the server started listening.
    pub uptime_seconds: u64,
    /// The data directory (Parquet extracts, generated demo data).
    pub data: ComponentHealth,
    /// The database file (workflow, dashboards, users).
    pub db: ComponentHealth,
}

impl Health {
    /// True when the server answered and its data directory is usable: what the client shows
    /// as a green badge. A database that was not created yet does not make the portal unhealthy.
    pub fn is_healthy(&self) -> bool {
        self.status == "ok" && self.data.status == ComponentStatus::Ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(data: ComponentStatus) -> Health {
        Health {
            status: "ok".into(),
            version: "0.1.0".into(),
            uptime_seconds: 3,
            data: ComponentHealth {
                path: "var".into(),
                status: data,
            },
            db: ComponentHealth {
                path: "var/portal.db".into(),
                status: ComponentStatus::Missing,
            },
        }
    }

    #[test]
    fn health_round_trips_with_snake_case_statuses() {
        let json = serde_json::to_value(sample(ComponentStatus::Ready)).expect("serialise");
        assert_eq!(json["data"]["status"], "ready");
        assert_eq!(json["db"]["status"], "missing");
        let back: Health = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, sample(ComponentStatus::Ready));
    }

    #[test]
    fn healthy_only_when_data_dir_is_ready() {
        assert!(sample(ComponentStatus::Ready).is_healthy());
        assert!(!sample(ComponentStatus::Error).is_healthy());
        let mut down = sample(ComponentStatus::Ready);
        down.status = "degraded".into();
        assert!(!down.is_healthy());
    }

    #[test]
    fn error_body_has_exactly_code_and_message() {
        let body = ErrorBody {
            code: "route_not_found".into(),
            message: "No such API route.".into(),
        };
        let json = serde_json::to_value(&body).expect("serialise");
        let keys: Vec<_> = json.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, ["code", "message"]);
    }
}
