//! Structured logging with `tracing`: human-readable by default, JSON lines on request.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. The level comes from `RUST_LOG` (default `info`).
/// Calling it twice is harmless: the second call is ignored.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    // Logs go to stderr: stdout carries only what the command prints for its user (the URL).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
