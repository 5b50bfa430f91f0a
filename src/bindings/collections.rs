//! `vk.collections`: the JavaScript face of [`crate::api::collections`].

use std::rc::Rc;

use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{call, Context, Operation, RequestOptionsArg};
use crate::api::collections::{self, CreateCollectionInput, UpdateCollectionInput};
use crate::api::parse_input;
use crate::engine::Prepared;
use crate::error::Error;

/// Collection operations (`vk.collections`).
#[wasm_bindgen]
pub struct CollectionsApi {
    context: Rc<Context>,
}

impl CollectionsApi {
    pub(super) fn new(context: Rc<Context>) -> Self {
        Self { context }
    }
}

#[wasm_bindgen]
impl CollectionsApi {
    /// Creates a collection. `name` is required.
    /// <https://docs.verifik.co/resources/create-a-collection>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Collection>>")]
    pub fn create(
        &self,
        input: Ts<CreateCollectionInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        fn build(_: Option<String>, input: &str) -> Result<Prepared, Error> {
            Ok(collections::create(&parse_input("input", input)?)?.into())
        }
        call(&self.context, options, Operation::new(input, build))
    }

    /// Lists every collection of the client.
    /// <https://docs.verifik.co/resources/list-all-collections>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Collection[]>>")]
    pub fn list(&self, options: Option<RequestOptionsArg>) -> Promise {
        fn build(_: Option<String>, _: &str) -> Result<Prepared, Error> {
            Ok(collections::list().into())
        }
        call(
            &self.context,
            options,
            Operation::new(JsValue::UNDEFINED, build),
        )
    }

    /// Retrieves one collection by its `_id`.
    /// <https://docs.verifik.co/resources/retrieve-a-collection>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Collection>>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        fn build(id: Option<String>, _: &str) -> Result<Prepared, Error> {
            Ok(collections::retrieve(&id.unwrap_or_default())?.into())
        }
        call(
            &self.context,
            options,
            Operation::on(id, JsValue::UNDEFINED, build),
        )
    }

    /// Updates a collection by its `_id` (Verifik requires `name` on every update).
    /// <https://docs.verifik.co/resources/update-a-collection>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Collection>>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        input: Ts<UpdateCollectionInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        fn build(id: Option<String>, input: &str) -> Result<Prepared, Error> {
            Ok(collections::update(&id.unwrap_or_default(), &parse_input("input", input)?)?.into())
        }
        call(&self.context, options, Operation::on(id, input, build))
    }

    /// Deletes a collection by its `_id` and unlinks it from persons; resolves to a
    /// snapshot of the deleted collection, or to `{ data: { _id } }` when Verifik answers
    /// with no body.
    /// <https://docs.verifik.co/resources/delete-a-collection>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<DeletedCollection>>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        fn build(id: Option<String>, _: &str) -> Result<Prepared, Error> {
            Ok(collections::delete(&id.unwrap_or_default())?.into())
        }
        call(
            &self.context,
            options,
            Operation::on(id, JsValue::UNDEFINED, build),
        )
    }
}
