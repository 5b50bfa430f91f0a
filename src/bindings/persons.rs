//! `vk.persons`: the JavaScript face of [`crate::api::persons`].

use std::rc::Rc;

use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{from_js, from_js_optional, id_from_js, run, Context, RequestOptionsArg};
use crate::api::persons;
use crate::model::{CreatePersonInput, DeletePersonOptions, ListPersonsQuery, UpdatePersonInput};

/// Person operations (`vk.persons`).
#[wasm_bindgen]
pub struct PersonsApi {
    context: Rc<Context>,
}

impl PersonsApi {
    pub(super) fn new(context: Rc<Context>) -> Self {
        Self { context }
    }
}

#[wasm_bindgen]
impl PersonsApi {
    /// Enrols a person with one to three face images.
    /// <https://docs.verifik.co/resources/create-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Person>>")]
    pub fn create(
        &self,
        input: Ts<CreatePersonInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            persons::create(&from_js("input", input.into())?)
        })
    }

    /// Lists one page of persons (`page` from 1, `limit` up to 100, optional `collection`).
    /// <https://docs.verifik.co/resources/list-all-persons>
    #[wasm_bindgen(unchecked_return_type = "Promise<PersonList>")]
    pub fn list(
        &self,
        query: Option<Ts<ListPersonsQuery>>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            persons::list(&from_js_optional("query", query.map(JsValue::from))?)
        })
    }

    /// Retrieves one person by `_id`.
    /// <https://docs.verifik.co/resources/retrieve-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Person>>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            persons::retrieve(&id_from_js("id", &id)?)
        })
    }

    /// Updates only the fields given (name, images, gender, date_of_birth, nationality,
    /// collections, notes).
    /// <https://docs.verifik.co/resources/persons/update-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Person>>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        input: Ts<UpdatePersonInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            let id = id_from_js("id", &id)?;
            persons::update(&id, &from_js("input", input.into())?)
        })
    }

    /// Deletes a person, or with `{ collection }` detaches them from that collection only
    /// (deleting them when it was their last one).
    /// <https://docs.verifik.co/resources/persons/delete-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<DeletedPerson>>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        target: Option<Ts<DeletePersonOptions>>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            let id = id_from_js("id", &id)?;
            persons::delete(&id, &from_js_optional("target", target.map(JsValue::from))?)
        })
    }
}
