//! The query engine's own threads. Extracts are planned, run and encoded on a separate tokio
//! runtime, so sign-in, health and every other request keep answering on the HTTP runtime while
//! heavy queries run (the two share the CPU through the operating system, not one scheduler).

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::Error;

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
