//! A real server on 127.0.0.1:0 with its own temporary data and dist directories, and a small
//! generated data set shared by the tests of this binary.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use portal_server::cli::ServeOptions;
use portal_server::data;
use portal_server::state::AppState;

/// A wasm file name shaped like Trunk's hashed output.
pub const HASHED_WASM: &str = "portal-app-0123456789abcdef_bg.wasm";
/// Body of the fake `index.html`.
pub const INDEX_BODY: &str = "<!doctype html><html lang=\"ko\"><body>portal index</body></html>";
/// Declarations in the shared generated data set.
pub const DECLARATIONS: u64 = 60_000;

/// A running test server; dropped with the test.
pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    /// A client signed in as the demo `reviewer` (sees every office).
    pub http: reqwest::Client,
    /// The CSRF token of `http`'s session.
    pub csrf: String,
    /// `portal_session=…` of `http`'s session, for clients without a cookie store.
    pub cookie: String,
    /// The server's database.
    database: portal_server::db::Db,
    /// Its `--db`.
    db_at: PathBuf,
}

/// The variable naming a PostgreSQL server (a URL of a database on it that the tests may
/// connect to) on which every test server gets a new database; SQLite files otherwise.
pub const TEST_POSTGRES: &str = "PORTAL_TEST_POSTGRES";

/// A new database for one test server: a file in `dir`, or a new database on the PostgreSQL
/// server named by [`TEST_POSTGRES`], whose transactions default to REPEATABLE READ (so the
/// whole suite shows that the portal's writers do not depend on the server's default).
pub fn test_database(dir: &Path) -> PathBuf {
    let Some(url) = std::env::var(TEST_POSTGRES).ok().filter(|u| !u.is_empty()) else {
        return dir.join("portal.db");
    };
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("portal_test_{}_{n}", std::process::id());
    let admin = url.clone();
    let create = format!("CREATE DATABASE {name}");
    // A default an administrator may choose: the portal's writers must pick their own level.
    let isolation =
        format!("ALTER DATABASE {name} SET default_transaction_isolation = 'repeatable read'");
    // Its own thread and runtime: callers may be inside a single-threaded runtime.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(&create)
                .execute(&mut conn)
                .await
                .expect("create a test database");
            sqlx::query(&isolation)
                .execute(&mut conn)
                .await
                .expect("set the test database's isolation");
        });
    })
    .join()
    .expect("creating a test database");
    let (base, _) = url.rsplit_once('/').expect("a database URL");
    PathBuf::from(format!("{base}/{name}"))
}

/// A client without cookies: anonymous, or for sending a session cookie by hand.
pub fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

/// A client that keeps the cookies it is given (a browser-like session).
pub fn session_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .build()
        .expect("client")
}

/// The real reference data (`shared/data`) for a test that truly needs the KCS CDD files, or
/// `None` after printing why `test` is skipped and counting the skip in the file named by
/// `PORTAL_TEST_SKIPS` (scripts/test.sh checks that only CDD-only tests skip, and none when
/// the data is there).
pub fn cdd_only(test: &str) -> Option<PathBuf> {
    let found = data::reference::find_reference_dir().filter(|d| d.join("cdd").is_dir());
    if found.is_none() {
        record_skip(
            "cdd-only",
            test,
            "needs the real KCS CDD files in ../shared/data/cdd",
        );
    }
    found
}

/// Prints why `test` is skipped and counts the skip, as `kind`, in the file named by
/// `PORTAL_TEST_SKIPS` (scripts/test.sh fails on any skip that is not `cdd-only`).
pub fn record_skip(kind: &str, test: &str, reason: &str) {
    eprintln!("SKIP ({kind}) {test}: {reason}");
    if let Some(file) = std::env::var_os("PORTAL_TEST_SKIPS") {
        use std::io::Write;
        let line = format!("{kind}\t{test}\t{reason}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        written.expect("recording a skipped test");
    }
}

/// A data directory holding the generated set (seed 7, the built-in profile), made once per
/// run: the same on every machine, with or without the reference data.
pub fn shared_data_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let opts = data::DemoOptions {
            declarations: DECLARATIONS,
            seed: 7,
            reference: None,
            partition_min_rows: None,
        };
        data::prepare(&dir, &opts).expect("prepare shared data");
        dir
    })
}

/// A copy of [`shared_data_dir`] with every dataset that can be partitioned stored
/// partitioned (`portal partition` with no row threshold), made once per run.
pub async fn partitioned_data_dir() -> &'static Path {
    static DIR: tokio::sync::OnceCell<PathBuf> = tokio::sync::OnceCell::const_new();
    DIR.get_or_init(|| async {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        copy_tree(shared_data_dir(), &dir);
        let datasets = data::datasets_dir(&dir);
        // Datasets below the row threshold stay flat.
        let none = data::partition_write::partition_all(&datasets, u64::MAX).await;
        assert!(none.expect("partition").is_empty());
        let done = data::partition_write::partition_all(&datasets, 0)
            .await
            .expect("partition");
        let decl = done
            .iter()
            .find(|p| p.dataset == "import_declaration")
            .expect("declarations partitioned");
        assert_eq!(decl.rows, DECLARATIONS, "{done:?}");
        dir
    })
    .await
}

/// Copies the folder `from` (files and folders below it) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// The repository's models folder.
pub fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../models")
}

/// Options for a server over `data_dir` with a dist dir inside `dir`.
pub fn options(dir: &Path, data_dir: PathBuf) -> ServeOptions {
    ServeOptions {
        bind: "127.0.0.1:0".parse().expect("addr"),
        data_dir,
        // Each server gets its own database file; datasets may be shared read-only.
        db: Some(test_database(dir)),
        dist_dir: dir.join("dist"),
        demo_declarations: DECLARATIONS,
        demo_seed: 7,
        demo_partitioned: false,
        reference_dir: None,
        row_cap: 50_000,
        query_timeout_ms: 30_000,
        secure_cookies: false,
        demo: true,
        trusted_proxies: Vec::new(),
        models_dir: Some(models_dir()),
        engine: None,
        // Off unless a test asks for them: one less background scan per test server.
        limits: portal_server::cli::ExtractLimits {
            no_rollups: true,
            ..portal_server::cli::ExtractLimits::default()
        },
    }
}

impl TestServer {
    /// Starts `portal_server::app` on an ephemeral port, with a dist dir holding an index.html,
    /// a hashed wasm file and an unhashed public file, and no datasets.
    pub async fn start() -> Self {
        let dir = Self::dist();
        let opts = options(dir.path(), dir.path().join("var"));
        let state = AppState::prepare(&opts).await.expect("state");
        Self::serve(dir, state).await
    }

    /// Like [`TestServer::start`] but over the shared generated data set, with `tune` applied to
    /// the options first.
    pub async fn with_data(tune: impl FnOnce(&mut ServeOptions)) -> Self {
        Self::with_data_in(shared_data_dir().to_path_buf(), tune).await
    }

    /// Like [`TestServer::with_data`] over the data directory `data_dir`.
    pub async fn with_data_in(data_dir: PathBuf, tune: impl FnOnce(&mut ServeOptions)) -> Self {
        let dir = Self::dist();
        let mut opts = options(dir.path(), data_dir);
        tune(&mut opts);
        let state = AppState::load(&opts).await.expect("state");
        Self::serve(dir, state).await
    }

    fn dist() -> tempfile::TempDir {
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
        dir
    }

    /// Serves `state` on an ephemeral port; `dir` holds its database file.
    pub async fn serve(dir: tempfile::TempDir, state: AppState) -> Self {
        let database = state.db().clone();
        let db_at = state.db_path().clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = portal_server::app(state);
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        let http = session_client();
        let mut srv = Self {
            addr,
            dir,
            http,
            csrf: String::new(),
            cookie: String::new(),
            database,
            db_at,
        };
        (srv.csrf, srv.cookie) = srv.sign_in_with_cookie(&srv.http, "reviewer").await;
        srv
    }

    /// Signs `client` in as the demo account `user`; returns the session's CSRF token.
    pub async fn sign_in(&self, client: &reqwest::Client, user: &str) -> String {
        self.sign_in_with_cookie(client, user).await.0
    }

    async fn sign_in_with_cookie(&self, client: &reqwest::Client, user: &str) -> (String, String) {
        let res = client
            .post(self.url("/api/auth/login"))
            .json(&serde_json::json!({"username": user, "password": portal_server::accounts::DEMO_PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), 200, "login as {user}");
        let cookie = res.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("cookie pair")
            .to_owned();
        let csrf = res
            .json::<portal_core::api::Me>()
            .await
            .expect("me")
            .csrf_token;
        (csrf, cookie)
    }

    /// A new client with its own cookie store, signed in as `user`, and its CSRF token.
    pub async fn client_as(&self, user: &str) -> (reqwest::Client, String) {
        let c = session_client();
        let csrf = self.sign_in(&c, user).await;
        (c, csrf)
    }

    /// Waits (up to 60 s) until the server's rollups are built.
    pub async fn wait_for_rollups(&self) {
        for _ in 0..600 {
            let h: portal_core::api::Health = self.get_json("/api/health").await;
            if h.rollups_ready {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the rollups were not built within 60 s");
    }

    /// Absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// `GET path`, expecting 200 and a JSON body of type `T`.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let res = self.http.get(self.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("json body")
    }

    /// This server's database, for checking what it stored (queries through
    /// `portal_server::fetch!`, which run on SQLite and PostgreSQL alike).
    pub async fn db(&self) -> portal_server::db::Db {
        self.database.clone()
    }

    /// This server's `--db`: its SQLite file, or its PostgreSQL URL.
    pub fn db_location(&self) -> PathBuf {
        self.db_at.clone()
    }

    /// The data directory of a server made by [`TestServer::start`].
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("var")
    }
}

/// Makes the database refuse audit rows of `action` ("disk full"), as a failing disk would.
pub async fn refuse_audit_rows(db: &portal_server::db::Db, action: &str) {
    let statements = match db.backend() {
        "postgres" => vec![
            format!(
                "CREATE FUNCTION refuse_{action}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
                 BEGIN IF NEW.action = '{action}' THEN RAISE EXCEPTION 'disk full'; END IF; \
                 RETURN NEW; END $$"
            ),
            format!(
                "CREATE TRIGGER refuse_{action} BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION refuse_{action}()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER refuse_{action} BEFORE INSERT ON audit_log \
             WHEN NEW.action = '{action}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )],
    };
    for sql in statements {
        portal_server::execute!(db, &sql).expect("trigger");
    }
}

/// A signed-in user of a test: their cookie-keeping client and CSRF token.
pub struct As {
    pub client: reqwest::Client,
    pub csrf: String,
}

/// Signs the demo account `user` in.
pub async fn who(srv: &TestServer, user: &str) -> As {
    let (client, csrf) = srv.client_as(user).await;
    As { client, csrf }
}

/// Sends `method path` as `a`, with the CSRF token and an optional JSON body.
pub async fn send(
    srv: &TestServer,
    a: &As,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut req = a
        .client
        .request(method, srv.url(path))
        .header("x-csrf-token", &a.csrf);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.expect("send")
}

/// The JSON body of a 2xx response (the body is shown when the status is not 2xx).
pub async fn ok_json<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> T {
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).expect("json body")
}

/// The `{code, message}` body of a response that must have `status`.
pub async fn err(res: reqwest::Response, status: u16) -> portal_core::api::ErrorBody {
    assert_eq!(res.status(), status, "expected {status}");
    res.json().await.expect("error json")
}
