//! `vk.persons`: the JavaScript face of [`crate::api::persons`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Symbol};
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{
    call, error_to_js, promise, run_prepared, stringify_data, Context, Failure, Operation,
    RequestOptionsArg,
};
use crate::api::persons::{
    self, CreatePersonInput, CreatePersonWithLivenessInput, DeletePersonOptions, ListPersonsQuery,
    LookupPersonsQuery, PageWalk, UpdatePersonInput,
};

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
        let operation = Operation::new(&persons::CREATE, input);
        call(&self.context, options, operation)
    }

    /// Lists one page of persons (`page` from 1, `limit` up to 100, optional `collection`).
    /// <https://docs.verifik.co/resources/list-all-persons>
    #[wasm_bindgen(unchecked_return_type = "Promise<PersonList>")]
    pub fn list(
        &self,
        query: Option<Ts<ListPersonsQuery>>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&persons::LIST, query.map(JsValue::from)),
        )
    }

    /// Retrieves one person by `_id`.
    /// <https://docs.verifik.co/resources/retrieve-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<Envelope<Person>>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::on(&persons::RETRIEVE, id, JsValue::UNDEFINED),
        )
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
        let operation = Operation::on(&persons::UPDATE, id, input);
        call(&self.context, options, operation)
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
        call(
            &self.context,
            options,
            Operation::on(&persons::DELETE, id, target.map(JsValue::from)),
        )
    }

    /// Looks persons up by name (at least 3 characters besides digits, case-insensitive
    /// "contains"), optionally by `date_of_birth`, a page at a time (`limit` up to 100).
    /// <https://docs.verifik.co/resources/lookup-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<LookupResult>")]
    pub fn lookup(
        &self,
        query: Ts<LookupPersonsQuery>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        call(
            &self.context,
            options,
            Operation::new(&persons::LOOKUP, query),
        )
    }

    /// Enrols a person after a liveness check and a duplicate-face search in
    /// `collection_id`. Rejects with kind `LivenessFailed` for a face judged not live,
    /// `Conflict` (`409:duplicated_person`) when the face is already enrolled there.
    /// <https://docs.verifik.co/resources/create-a-person-with-liveness>
    #[wasm_bindgen(
        js_name = createWithLiveness,
        unchecked_return_type = "Promise<Envelope<Person>>"
    )]
    pub fn create_with_liveness(
        &self,
        input: Ts<CreatePersonWithLivenessInput>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        let operation = Operation::new(&persons::CREATE_WITH_LIVENESS, input);
        call(&self.context, options, operation)
    }

    /// Every person (optionally of one `collection`), fetched `limit` at a time as you
    /// iterate: `for await (const person of vk.persons.all()) { … }`. A failed page
    /// rejects that `next()`; calling `next()` again retries it. Throws a
    /// `VerifikError` at once for an invalid query.
    /// <https://docs.verifik.co/resources/list-all-persons>
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Person>")]
    pub fn all(
        &self,
        query: Option<Ts<ListPersonsQuery>>,
        options: Option<RequestOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let strict = self.context.config.strict_inputs();
        let walk = match query.map(JsValue::from) {
            Some(query) if !query.is_undefined() && !query.is_null() => {
                stringify_data("query", &query).and_then(|query| PageWalk::of(&query, strict))
            }
            _ => PageWalk::of("{}", strict),
        }
        .map_err(|error| error_to_js(&error))?;
        let pages = Rc::new(RefCell::new(Pages {
            context: Rc::clone(&self.context),
            walk,
            options: options.map(JsValue::from),
            buffer: VecDeque::new(),
            tail: None,
        }));
        let iterator = Object::new();
        let next = {
            let pages = Rc::clone(&pages);
            Closure::<dyn FnMut() -> Promise>::new(move || next_person(&pages))
        };
        let finish = {
            let pages = Rc::clone(&pages);
            Closure::<dyn FnMut() -> Promise>::new(move || {
                let mut state = pages.borrow_mut();
                state.walk.stop();
                state.buffer.clear();
                Promise::resolve(&step_result(JsValue::UNDEFINED, true))
            })
        };
        let set = |key: &JsValue, value: &JsValue| Reflect::set(&iterator, key, value).map(|_| ());
        set(&JsValue::from_str("next"), &next.into_js_value())?;
        set(&JsValue::from_str("return"), &finish.into_js_value())?;
        // `[Symbol.asyncIterator]() { return this }` without `new Function`, which a page's
        // Content-Security-Policy refuses without 'unsafe-eval': `Object.prototype.valueOf`
        // returns its `this`.
        let returns_this = Reflect::get(&Object::new(), &JsValue::from_str("valueOf"))?;
        set(&Symbol::async_iterator().into(), &returns_this)?;
        Ok(iterator.into())
    }
}

/// The state of one `persons.all()` iterator: the core's walk, and the persons of the
/// last page not handed out yet.
struct Pages {
    context: Rc<Context>,
    walk: PageWalk,
    options: Option<JsValue>,
    buffer: VecDeque<JsValue>,
    /// The last `next()` promise: each call waits for the one before, so concurrent
    /// calls still see the persons in order.
    tail: Option<Promise>,
}

fn step_result(value: JsValue, done: bool) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(&result, &JsValue::from_str("value"), &value);
    let _ = Reflect::set(
        &result,
        &JsValue::from_str("done"),
        &JsValue::from_bool(done),
    );
    result.into()
}

fn next_person(pages: &Rc<RefCell<Pages>>) -> Promise {
    let previous = pages.borrow_mut().tail.take();
    let state = Rc::clone(pages);
    let promise = promise(async move {
        if let Some(previous) = previous {
            let _ = JsFuture::from(previous).await;
        }
        advance(&state).await
    });
    pages.borrow_mut().tail = Some(promise.clone());
    promise
}

/// Hands out the next buffered person, fetching the next page when the buffer is empty.
/// The page's facts (count, first id, paging) come from the decoder, not from reading
/// the result back.
async fn advance(pages: &Rc<RefCell<Pages>>) -> Result<JsValue, JsValue> {
    loop {
        let (context, call, options) = {
            let mut state = pages.borrow_mut();
            if let Some(person) = state.buffer.pop_front() {
                return Ok(step_result(person, false));
            }
            if state.walk.is_done() {
                return Ok(step_result(JsValue::UNDEFINED, true));
            }
            (
                Rc::clone(&state.context),
                state.walk.next_call().map(Into::into),
                state
                    .options
                    .clone()
                    .map(JsCast::unchecked_into::<RequestOptionsArg>),
            )
        };
        let (json, facts) = run_prepared(&context, options, call)
            .await
            .map_err(Failure::into_js)?;
        let page = js_sys::JSON::parse(&json)?;
        let items = Array::from(&Reflect::get(&page, &JsValue::from_str("data"))?);
        let facts = facts.unwrap_or_default();
        let mut state = pages.borrow_mut();
        if state.walk.page_read(&facts) {
            state.buffer.extend(items.iter());
        }
    }
}
