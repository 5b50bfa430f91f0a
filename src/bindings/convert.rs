//! Values across the boundary: a JavaScript argument to JSON text the core reads
//! (checked to be plain data), and the core's JSON text to a JavaScript value.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::Error;
use crate::json::{FromInput, ToJson};
use crate::transport;

/// Hands a value to JavaScript as plain data (objects and arrays, optional fields left
/// out): serialised to JSON text in Rust and parsed by the engine's native `JSON.parse`,
/// one boundary crossing instead of one per field.
pub(crate) fn to_js(value: &dyn ToJson) -> Result<JsValue, Error> {
    json_to_js(value.to_json_text())
}

/// Parses JSON text made by [`to_js`] with the engine's `JSON.parse`.
#[inline(never)]
pub(super) fn json_to_js(text: String) -> Result<JsValue, Error> {
    js_sys::JSON::parse(&text).map_err(|e| {
        Error::invalid_response(
            200,
            format!(
                "cannot hand the result to JavaScript: {}",
                transport::describe(&e)
            ),
        )
    })
}

/// Reads a JavaScript argument into a core input type, naming the field on failure.
///
/// The value goes through `JSON.stringify`, so `undefined` members count as absent and
/// the checks are the core's, tested natively.
pub(crate) fn from_js<T: FromInput>(
    argument: &str,
    value: JsValue,
    strict: bool,
) -> Result<T, Error> {
    let json = if T::INPUT.keeps_unknown {
        stringify_data(argument, &value)?
    } else {
        stringify(argument, &value)?
    };
    crate::json::read_input(argument, &json, strict)
}

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (browsers, Node, workerd, Deno and Bun all have one).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Arguments at least this long (in UTF-16 units) cross into wasm as UTF-8 made by the
/// engine's encoder, one copy, instead of wasm-bindgen's character-by-character loop.
const LONG_ARGUMENT: u32 = 4096;

/// How deep an argument may nest before it is taken for a cycle.
const MAX_ARGUMENT_DEPTH: usize = 64;

/// Checks that `value` is plain JSON data, naming the first key that is not: a function,
/// a BigInt, a symbol, a number JSON cannot carry (`NaN`, `Infinity`), or a cycle.
/// `JSON.stringify` would drop or change the first ones silently and throw on the rest.
/// `path` is the key's path in the argument, `""` for the argument itself (called
/// `argument` in errors).
fn check_plain(
    argument: &str,
    path: &str,
    value: &JsValue,
    seen: &mut Vec<JsValue>,
) -> Result<(), Error> {
    let not_data = |what: &str| {
        Error::invalid_input(
            if path.is_empty() { argument } else { path },
            format!("is {what}, which JSON cannot carry: pass plain data"),
        )
    };
    if value.is_function() {
        return Err(not_data("a function"));
    }
    if value.is_bigint() {
        return Err(not_data("a BigInt"));
    }
    if value.is_symbol() {
        return Err(not_data("a symbol"));
    }
    if let Some(number) = value.as_f64() {
        return if number.is_finite() {
            Ok(())
        } else {
            Err(not_data("a number that is not finite"))
        };
    }
    if !value.is_object() || value.has_type::<js_sys::Date>() {
        return Ok(());
    }
    if seen.iter().any(|earlier| Object::is(earlier, value)) || seen.len() >= MAX_ARGUMENT_DEPTH {
        return Err(not_data("part of a cycle"));
    }
    seen.push(value.clone());
    let item = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let result = if js_sys::Array::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        (0..array.length()).try_for_each(|index| {
            let at = if path.is_empty() { argument } else { path };
            check_plain(argument, &format!("{at}[{index}]"), &array.get(index), seen)
        })
    } else {
        Object::keys(value.unchecked_ref::<Object>())
            .iter()
            .try_for_each(|key| {
                let name = key.as_string().unwrap_or_default();
                let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
                check_plain(argument, &item(&name), &member, seen)
            })
    };
    seen.pop();
    result
}

/// [`stringify`] of an operation's argument, which must be plain data throughout
/// ([`check_plain`]): its undeclared keys are sent as given.
pub(super) fn stringify_data(argument: &str, value: &JsValue) -> Result<String, Error> {
    check_plain(argument, "", value, &mut Vec::new())?;
    stringify(argument, value)
}

/// `JSON.stringify` of an argument (the non-generic half of [`from_js`]).
#[inline(never)]
pub(super) fn stringify(argument: &str, value: &JsValue) -> Result<String, Error> {
    let json = js_sys::JSON::stringify(value).map_err(|_| {
        Error::invalid_input(
            argument,
            "cannot be read as plain data (a cycle or a BigInt?)",
        )
    })?;
    if !json.is_string() {
        // `JSON.stringify(undefined)` and functions give no text at all.
        return Ok("null".to_owned());
    }
    if json.length() < LONG_ARGUMENT {
        return Ok(json.as_string().unwrap_or_default());
    }
    let bytes = ENCODER.with(|encoder| encoder.encode(&json)).to_vec();
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Reads a path id argument, which must be a string.
pub(crate) fn id_from_js(field: &str, value: &JsValue) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid_input(field, "must be a string"))
}
