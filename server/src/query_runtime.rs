//! The query engine's own threads. Extracts are planned, run and encoded on a separate tokio
//! runtime, so sign-in, health and every other request keep answering on the HTTP runtime while
//! heavy queries run. The two share the CPU through the operating system, not one scheduler;
//! on Linux the query threads run at a lower priority ([`QUERY_NICE`]), so that when the CPU is
//! short a sign-in or a page load goes first and extracts take what is left.

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::Error;

/// The nice value of query threads (0 is the HTTP threads'; 10 weighs about a tenth of it).
pub const QUERY_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`QUERY_NICE`] (Linux sets it per
/// thread); elsewhere, or when refused, the thread keeps its priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if rustix::process::setpriority_process(Some(rustix::thread::gettid()), QUERY_NICE).is_err() {
        tracing::debug!("query thread priority unchanged");
    }
}

/// A multi-threaded runtime for queries, shut down (without waiting) when dropped.
#[derive(Debug)]
pub struct QueryRuntime {
    runtime: Option<Runtime>,
    handle: Handle,
}

impl QueryRuntime {
    /// Starts `threads` query threads (at least one).
    pub fn new(threads: usize) -> Result<Self, Error> {
        let runtime = Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name("portal-query")
            .on_thread_start(lower_priority)
            .enable_all()
            .build()
            .map_err(|e| Error::internal("starting the query threads", e))?;
        let handle = runtime.handle().clone();
        Ok(Self {
            runtime: Some(runtime),
            handle,
        })
    }

    /// Where to spawn query work.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }
}

impl Drop for QueryRuntime {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is not allowed inside another runtime.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
