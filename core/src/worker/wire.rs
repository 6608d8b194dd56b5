//! The envelope of a worker message in the browser: `{msg, bins}`, written and read the same way
//! by the page and by the worker (feature `wire`).

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// `msg` as JSON text and `bins` as `Uint8Array`s, in one JS object ready for `postMessage`.
pub fn pack<T: Serialize>(msg: &T, bins: &[&[u8]]) -> Object {
    let o = Object::new();
    let json = serde_json::to_string(msg).unwrap_or_default();
    let _ = Reflect::set(&o, &"msg".into(), &json.into());
    let arrays = Array::new();
    for b in bins {
        arrays.push(&Uint8Array::from(*b));
    }
    let _ = Reflect::set(&o, &"bins".into(), &arrays);
    o
}

/// The message and byte arrays of an envelope; an error names what is missing or unreadable.
pub fn unpack<T: DeserializeOwned>(data: &JsValue) -> Result<(T, Vec<Vec<u8>>), String> {
    let json = Reflect::get(data, &"msg".into())
        .ok()
        .and_then(|m| m.as_string())
        .ok_or("a message without msg")?;
    let msg = serde_json::from_str(&json).map_err(|e| format!("unknown message: {e}"))?;
    let bins = Reflect::get(data, &"bins".into())
        .map(|b| {
            Array::from(&b)
                .iter()
                .map(|a| Uint8Array::new(&a).to_vec())
                .collect()
        })
        .unwrap_or_default();
    Ok((msg, bins))
}
