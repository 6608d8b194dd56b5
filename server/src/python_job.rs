//! A Python script run with a JSON job on standard input, its JSON answer read from standard
//! output: how the benchmarks and the differential tests ask DuckDB (or another peer) for the
//! same answers as the portal's, in the same run.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `python script`, writes `job` to it and parses what it prints; a failure carries the
/// script's standard error.
pub fn run<T: serde::de::DeserializeOwned>(
    python: &str,
    script: &Path,
    job: &serde_json::Value,
) -> Result<T, String> {
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting {python} {}: {e}", script.display()))?;
    child
        .stdin
        .take()
        .ok_or("no standard input")?
        .write_all(job.to_string().as_bytes())
        .map_err(|e| format!("writing the job: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("reading the answer: {e}"))
}
