//! The record batches of an Arrow IPC stream, read message by message with arrow-ipc's
//! `read_record_batch`, without its dictionary machinery.
//!
//! arrow-ipc's `StreamReader` can merge delta dictionaries, and that pulls arrow-select's
//! `concat` and `interleave` (about 280 KB before optimisation) into the scoring worker's wasm.
//! The portal's extracts carry no dictionary-encoded columns (`server/src/extract/encode.rs`
//! writes plain arrays), so a stream with a dictionary batch is refused with a clear error.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_buffer::Buffer;
use arrow_ipc::convert::fb_to_schema;
use arrow_ipc::reader::read_record_batch;
use arrow_ipc::{Message, MessageHeader, root_as_message};
use arrow_schema::SchemaRef;

/// Every record batch of the IPC stream `bytes`, in order.
pub fn batches(bytes: &[u8]) -> Result<Vec<RecordBatch>, String> {
    let mut at = 0;
    let mut schema: Option<SchemaRef> = None;
    let mut out = Vec::new();
    let no_dictionaries = HashMap::new();
    while let Some((message, body)) = next_message(bytes, &mut at)? {
        match message.header_type() {
            MessageHeader::Schema => {
                let fb = message
                    .header_as_schema()
                    .ok_or("an IPC schema message without its schema")?;
                schema = Some(Arc::new(fb_to_schema(fb)));
            }
            MessageHeader::RecordBatch => {
                let batch = message
                    .header_as_record_batch()
                    .ok_or("an IPC batch message without its batch")?;
                let schema = schema.clone().ok_or("an IPC batch before the schema")?;
                let body = Buffer::from(body.to_vec());
                let batch = read_record_batch(
                    &body,
                    batch,
                    schema,
                    &no_dictionaries,
                    None,
                    &message.version(),
                )
                .map_err(|e| e.to_string())?;
                out.push(batch);
            }
            MessageHeader::DictionaryBatch => {
                return Err("dictionary-encoded columns are not read here".into());
            }
            other => return Err(format!("unexpected IPC message {other:?}")),
        }
    }
    if schema.is_none() {
        return Err("no IPC schema message".into());
    }
    Ok(out)
}

/// One message: its metadata, read, and its body.
type Framed<'a> = (Message<'a>, &'a [u8]);

/// The next message's metadata and body from `at` (moved past them); none at the end of the
/// stream (its end marker or the end of the bytes).
fn next_message<'a>(bytes: &'a [u8], at: &mut usize) -> Result<Option<Framed<'a>>, String> {
    let word = |i: usize| -> Option<[u8; 4]> { bytes.get(i..i + 4)?.try_into().ok() };
    let Some(mut first) = word(*at) else {
        return Ok(None);
    };
    let mut start = *at + 4;
    if first == [0xff; 4] {
        // The continuation marker of the current format; the length follows.
        first = word(start).ok_or("an IPC stream cut after a continuation marker")?;
        start += 4;
    }
    let len = i32::from_le_bytes(first);
    if len == 0 {
        return Ok(None);
    }
    let len = usize::try_from(len).map_err(|_| format!("a negative IPC message length {len}"))?;
    let meta = bytes
        .get(start..start + len)
        .ok_or("an IPC stream cut inside a message")?;
    let message = root_as_message(meta).map_err(|e| format!("unreadable IPC message: {e}"))?;
    let body_len = usize::try_from(message.bodyLength())
        .map_err(|_| "a negative IPC body length".to_owned())?;
    let body_start = start + len;
    let body = bytes
        .get(body_start..body_start + body_len)
        .ok_or("an IPC stream cut inside a message body")?;
    *at = body_start + body_len;
    Ok(Some((message, body)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, StringArray};
    use arrow_ipc::writer::StreamWriter;

    fn stream(batches: &[RecordBatch]) -> Vec<u8> {
        let mut w = StreamWriter::try_new(Vec::new(), &batches[0].schema()).unwrap();
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        w.into_inner().unwrap()
    }

    fn batch(ids: &[i64], names: &[&str]) -> RecordBatch {
        RecordBatch::try_from_iter([
            ("id", Arc::new(Int64Array::from(ids.to_vec())) as ArrayRef),
            (
                "name",
                Arc::new(StringArray::from(names.to_vec())) as ArrayRef,
            ),
        ])
        .unwrap()
    }

    #[test]
    fn reads_every_batch_of_a_stream() {
        let written = [batch(&[1, 2], &["a", "b"]), batch(&[3], &["c"])];
        let read = batches(&stream(&written)).unwrap();
        assert_eq!(read, written);
    }

    #[test]
    fn cut_or_foreign_bytes_are_errors() {
        let bytes = stream(&[batch(&[1, 2], &["a", "b"])]);
        assert!(batches(&bytes[..bytes.len() / 2]).is_err());
        assert!(batches(b"not arrow at all").is_err());
        assert!(batches(&[]).is_err());
    }

    #[test]
    fn a_dictionary_column_is_refused() {
        use arrow_array::DictionaryArray;
        use arrow_array::types::Int32Type;
        let dict: DictionaryArray<Int32Type> = ["x", "y", "x"].into_iter().collect();
        let b = RecordBatch::try_from_iter([("d", Arc::new(dict) as ArrayRef)]).unwrap();
        let err = batches(&stream(&[b])).unwrap_err();
        assert!(err.contains("dictionary"), "{err}");
    }
}
