//! The real `portal` binary: help text, start-up and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

#[test]
fn help_lists_serve_and_its_options() {
    let out = Command::new(PORTAL).arg("--help").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve"), "{text}");
    let out = Command::new(PORTAL)
        .args(["serve", "--help"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    for opt in ["--bind", "--data-dir", "--db", "--dist-dir", "PORTAL_BIND"] {
        assert!(text.contains(opt), "missing {opt} in {text}");
    }
}

#[test]
fn unknown_subcommand_fails_with_usage() {
    let out = Command::new(PORTAL)
        .arg("frobnicate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn serve_prints_url_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(PORTAL)
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--demo-declarations",
            "500",
            "--dist-dir",
        ])
        .arg(dir.path().join("dist"))
        .arg("--data-dir")
        .arg(dir.path().join("var"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read");
    assert!(
        line.starts_with("Portal running at http://127.0.0.1:"),
        "{line}"
    );
    assert!(dir.path().join("var").is_dir(), "data dir created");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}
