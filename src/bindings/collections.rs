//! `vk.collections`: the JavaScript face of [`crate::api::collections`].

use std::rc::Rc;

use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{call, Context, Operation, RequestOptionsArg};
use crate::api::collections::{
    self, CreateCollectionInput, MovePeopleInput, UpdateCollectionInput,
};

#[wasm_bindgen]
extern "C" {
    /// The first argument of `collections.list`: its filters, or (alone) the request options.
    #[wasm_bindgen(typescript_type = "CollectionFilters | RequestOptions")]
    pub type CollectionListArg;
}

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
        call(
            &self.context,
            options,
            Operation::new(&collections::CREATE, input),
        )
    }

    /// Lists the client's collections, optionally filtered (`like_name`, or any key
    /// Verifik's list endpoint reads). A single argument holding only request options
    /// (`signal`, `timeoutMs`, `retries`, `retryPost`) is taken as the options.
    /// <https://docs.verifik.co/resources/list-all-collections>
    #[wasm_bindgen(unchecked_return_type = "Promise<CollectionList>")]
    pub fn list(
        &self,
        filters: Option<CollectionListArg>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        let filters = filters.map_or(JsValue::UNDEFINED, JsValue::from);
        let (filters, options) = match options {
            None if super::only_request_options(&filters) => {
                (JsValue::UNDEFINED, Some(filters.unchecked_into()))
            }
            options => (filters, options),
        };
        call(
            &self.context,
            options,
            Operation::new(&collections::LIST, filters),
        )
    }

    /// Moves persons (by `_id`) from one collection to another; each collection is given
    /// as `{ _id, code }` or as a collection object. Not in the public reference: Verifik's
    /// dashboard calls it, and its answer's `data` is handed out as received.
    #[wasm_bindgen(
        js_name = movePeople,
        unchecked_return_type = "Promise<Envelope<unknown>>"
    )]
    pub fn move_people(
        &self,
        input: Ts<MovePeopleInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&collections::MOVE_PEOPLE, input),
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
        call(
            &self.context,
            options,
            Operation::on(&collections::RETRIEVE, id, JsValue::UNDEFINED),
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
        call(
            &self.context,
            options,
            Operation::on(&collections::UPDATE, id, input),
        )
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
        call(
            &self.context,
            options,
            Operation::on(&collections::DELETE, id, JsValue::UNDEFINED),
        )
    }
}
