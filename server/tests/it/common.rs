//! A real server on 127.0.0.1:0 with its own temporary data and dist directories.

use std::net::SocketAddr;
use std::path::PathBuf;

use portal_server::cli::ServeOptions;
use portal_server::state::AppState;

/// A wasm file name shaped like Trunk's hashed output.
pub const HASHED_WASM: &str = "portal-app-0123456789abcdef_bg.wasm";
/// Body of the fake `index.html`.
pub const INDEX_BODY: &str = "<!doctype html><html lang=\"ko\"><body>portal index</body></html>";

/// A running test server; dropped with the test.
pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
}

impl TestServer {
    /// Starts `portal_server::app` on an ephemeral port, with a dist dir holding an index.html,
    /// a hashed wasm file and an unhashed public file.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        std::fs::write(dist.join("index.html"), INDEX_BODY).expect("index");
        // Large and repetitive enough that compression applies.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(std::iter::repeat_n(0u8, 64 * 1024));
        std::fs::write(dist.join(HASHED_WASM), &wasm).expect("wasm");
        std::fs::write(
            dist.join("favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .expect("favicon");
        let opts = ServeOptions {
            bind: "127.0.0.1:0".parse().expect("addr"),
            data_dir: dir.path().join("var"),
            db: None,
            dist_dir: dist,
        };
        let state = AppState::prepare(&opts).expect("state");
        let listener = tokio::net::TcpListener::bind(opts.bind)
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = portal_server::app(state);
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        Self { addr, dir, http }
    }

    /// Absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The data directory the server was started with.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("var")
    }
}
