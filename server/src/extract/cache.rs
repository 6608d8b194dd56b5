//! Answers of extracts kept in memory, so that a dashboard opened again, or by a colleague of
//! the same scope, is answered without a scan. An answer is keyed by the normalised spec as the
//! engine ran it (the scope's office filter included), the user's scope and the version of the
//! dataset's files ([`crate::engine::Engine::data_version`]): new data makes a new key, and the
//! old answers age out. The cache holds at most its budget of bytes (least recently used answers
//! go first); one answer may take an eighth of it, larger ones are not kept. The answers being
//! sent and collected for it take at most another eighth together: when many large extracts run
//! at once, those that find no room are sent without being kept. Sampled answers are never kept
//! (each sample is a new draw). The route still audits every extract.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use portal_core::query::QuerySpec;

use crate::scope::Scope;

/// Header: whether the answer came from the cache (`hit`) or from the engine (`miss`).
pub const CACHE_HEADER: &str = "x-portal-cache";

/// A whole answer, as the engine gave it.
#[derive(Debug)]
pub struct Answer {
    /// Its columns.
    pub schema: SchemaRef,
    /// Its rows.
    pub batches: Vec<RecordBatch>,
    bytes: usize,
}

/// The bounded cache of answers shared by every user.
#[derive(Debug)]
pub struct ResultCache {
    budget: usize,
    held: Mutex<Held>,
    /// Bytes of the answers being collected ([`Keeping`]).
    collecting: Arc<AtomicUsize>,
}

#[derive(Debug, Default)]
struct Held {
    answers: HashMap<String, Kept>,
    bytes: usize,
    clock: u64,
}

#[derive(Debug)]
struct Kept {
    answer: Arc<Answer>,
    used: u64,
}

impl ResultCache {
    /// A cache of at most `budget` bytes (0: nothing is kept).
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            held: Mutex::new(Held::default()),
            collecting: Arc::default(),
        }
    }

    /// The largest answer kept.
    pub fn entry_cap(&self) -> usize {
        self.budget / 8
    }

    /// The key of `spec` (as the engine runs it, for `scope`) over files of `version`; `None`
    /// when its answer must not be kept.
    pub fn key(&self, spec: &QuerySpec, scope: &Scope, version: u64) -> Option<String> {
        if self.budget == 0 || spec.sample.is_some_and(|f| f < 1.0) {
            return None;
        }
        let spec = serde_json::to_string(&spec.normalised()).ok()?;
        Some(format!(
            "{}|{version:016x}|{spec}",
            scope.office().unwrap_or("*")
        ))
    }

    /// The answer kept under `key`, marked as just used.
    pub fn get(&self, key: &str) -> Option<Arc<Answer>> {
        let mut held = self.held.lock().ok()?;
        held.clock += 1;
        let now = held.clock;
        let kept = held.answers.get_mut(key)?;
        kept.used = now;
        Some(kept.answer.clone())
    }

    /// Keeps `batches` under `key` when they fit, making room by dropping the least recently
    /// used answers.
    pub fn put(&self, key: String, schema: SchemaRef, batches: Vec<RecordBatch>) {
        let bytes = size(&batches);
        if bytes > self.entry_cap() {
            return;
        }
        let Ok(mut held) = self.held.lock() else {
            return;
        };
        if let Some(old) = held.answers.remove(&key) {
            held.bytes -= old.answer.bytes;
        }
        while held.bytes + bytes > self.budget {
            let Some(oldest) = held
                .answers
                .iter()
                .min_by_key(|(_, k)| k.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = held.answers.remove(&oldest) {
                held.bytes -= gone.answer.bytes;
            }
        }
        held.clock += 1;
        let used = held.clock;
        held.bytes += bytes;
        let answer = Arc::new(Answer {
            schema,
            batches,
            bytes,
        });
        held.answers.insert(key, Kept { answer, used });
    }

    /// Answers kept, and their bytes.
    pub fn held(&self) -> (usize, usize) {
        self.held
            .lock()
            .map_or((0, 0), |h| (h.answers.len(), h.bytes))
    }

    /// Bytes of the answers being collected now.
    pub fn collecting(&self) -> usize {
        self.collecting.load(Ordering::Relaxed)
    }
}

/// Bytes the arrays of `batches` hold.
pub fn size(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::get_array_memory_size).sum()
}

/// The batches of an answer being sent, kept while they fit in one cache entry and in the
/// room left for answers being collected; what it holds counts in
/// [`ResultCache::collecting`] until it is stored or dropped.
#[derive(Debug)]
pub struct Keeping {
    key: String,
    cap: usize,
    collecting: Arc<AtomicUsize>,
    batches: Vec<RecordBatch>,
    bytes: usize,
    over: bool,
}

impl Keeping {
    /// Starts keeping the answer of `key` for `cache`.
    pub fn new(cache: &ResultCache, key: String) -> Self {
        Self {
            key,
            cap: cache.entry_cap(),
            collecting: cache.collecting.clone(),
            batches: Vec::new(),
            bytes: 0,
            over: false,
        }
    }

    /// One more batch of the answer (forgets them all once they are too large to keep, or
    /// once the answers being collected together would take more than an entry's cap).
    pub fn push(&mut self, batch: &RecordBatch) {
        if self.over {
            return;
        }
        let more = batch.get_array_memory_size();
        let before = self.collecting.fetch_add(more, Ordering::Relaxed);
        self.bytes += more;
        if self.bytes > self.cap || before + more > self.cap {
            self.over = true;
            self.batches = Vec::new();
            self.release();
        } else {
            self.batches.push(batch.clone());
        }
    }

    /// Puts the whole answer into `cache`.
    pub fn store(mut self, cache: &ResultCache, schema: SchemaRef) {
        if !self.over {
            let batches = std::mem::take(&mut self.batches);
            cache.put(std::mem::take(&mut self.key), schema, batches);
        }
    }

    fn release(&mut self) {
        self.collecting.fetch_sub(self.bytes, Ordering::Relaxed);
        self.bytes = 0;
    }
}

impl Drop for Keeping {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Int64Array, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};

    use super::*;

    fn batch(rows: usize) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, false)]));
        let values = Int64Array::from_iter_values(0..rows as i64);
        RecordBatch::try_new(schema, vec![Arc::new(values)]).expect("batch")
    }

    fn spec(office: &str) -> QuerySpec {
        serde_json::from_value(serde_json::json!({"dataset": "import_declaration",
            "filters": [{"op": "eq", "column": "office_id", "value": office}],
            "aggregates": [{"func": "count"}]}))
        .expect("spec")
    }

    #[test]
    fn keys_differ_by_scope_version_and_question_and_samples_have_none() {
        let cache = ResultCache::new(1 << 20);
        let national = cache.key(&spec("40"), &Scope::National, 1);
        let incheon = cache.key(&spec("40"), &Scope::Office("40".into()), 1);
        assert_ne!(national, incheon);
        assert_ne!(national, cache.key(&spec("40"), &Scope::National, 2));
        assert_ne!(national, cache.key(&spec("20"), &Scope::National, 1));
        let mut sampled = spec("40");
        sampled.sample = Some(0.5);
        assert_eq!(cache.key(&sampled, &Scope::National, 1), None);
        assert_eq!(
            ResultCache::new(0).key(&spec("40"), &Scope::National, 1),
            None
        );
    }

    #[test]
    fn the_least_recently_used_answers_make_room_and_large_ones_are_not_kept() {
        let b = batch(1000);
        let one = size(std::slice::from_ref(&b));
        // Eight answers of this size fill it; one is the largest kept.
        let cache = ResultCache::new(one * 8);
        for k in 0..8 {
            cache.put(format!("k{k}"), b.schema(), vec![b.clone()]);
        }
        assert!(cache.get("k0").is_some());
        cache.put("k8".into(), b.schema(), vec![b.clone()]);
        assert!(
            cache.get("k1").is_none(),
            "the least recently used answer went"
        );
        assert!(cache.get("k0").is_some() && cache.get("k8").is_some());
        assert_eq!(cache.held(), (8, 8 * one));
        // Larger than an eighth of the budget: not kept, and nothing is dropped for it.
        let mut keeping = Keeping::new(&cache, "big".into());
        keeping.push(&b);
        keeping.push(&b);
        keeping.store(&cache, b.schema());
        assert!(cache.get("big").is_none());
        assert_eq!(cache.held(), (8, 8 * one));
        assert_eq!(cache.collecting(), 0);
    }

    #[test]
    fn answers_collected_at_once_share_one_entry_of_room() {
        let b = batch(1000);
        let one = size(std::slice::from_ref(&b));
        // An entry holds one such batch: two answers collected at once do not both fit.
        let cache = ResultCache::new(one * 8);
        let mut first = Keeping::new(&cache, "first".into());
        let mut second = Keeping::new(&cache, "second".into());
        first.push(&b);
        assert_eq!(cache.collecting(), one);
        second.push(&b);
        assert_eq!(cache.collecting(), one, "the second gave up its room");
        second.store(&cache, b.schema());
        first.store(&cache, b.schema());
        assert!(cache.get("first").is_some() && cache.get("second").is_none());
        assert_eq!(cache.collecting(), 0);
        // A client gone mid-answer: its room comes back when the collector is dropped.
        let mut gone = Keeping::new(&cache, "gone".into());
        gone.push(&b);
        drop(gone);
        assert_eq!(cache.collecting(), 0);
    }
}
