//! A started Web Worker as both workers use it (scoring, graph): messages posted before the
//! worker says it is ready wait in a queue (a module worker loses them otherwise), and the worker
//! is terminated when the handle is dropped, which is how work in progress is cancelled.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A started worker and its handlers.
pub struct QueuedWorker {
    worker: web_sys::Worker,
    /// `Some(queue)` until the worker is ready, then `None`.
    queue: Rc<RefCell<Option<Vec<Object>>>>,
    _handler: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl QueuedWorker {
    /// Starts the worker at `url`. `on_message` reads every message and answers whether it was
    /// the worker's "ready" (then the queue is sent); `on_error` is called when it fails to start.
    pub fn start(
        url: &str,
        on_message: impl Fn(&JsValue) -> bool + 'static,
        on_error: impl Fn() + 'static,
    ) -> Result<QueuedWorker, String> {
        let worker = web_sys::Worker::new(url).map_err(|e| format!("{e:?}"))?;
        let queue: Rc<RefCell<Option<Vec<Object>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let (q, w) = (queue.clone(), worker.clone());
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if on_message(&e.data()) {
                    for m in q.borrow_mut().take().unwrap_or_default() {
                        let _ = w.post_message(&m);
                    }
                }
            });
        let on_error =
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| on_error());
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(QueuedWorker {
            worker,
            queue,
            _handler: handler,
            _on_error: on_error,
        })
    }

    /// Posts `message` now, or once the worker is ready.
    pub fn post(&self, message: Object) {
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(message),
            None => {
                let _ = self.worker.post_message(&message);
            }
        }
    }
}

impl Drop for QueuedWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
