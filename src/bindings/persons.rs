//! `vk.persons`: the JavaScript face of [`crate::api::persons`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Symbol};
use tsify::Ts;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{
    error_to_js, from_js, from_js_optional, id_from_js, run, run_with_images, Context,
    RequestOptionsArg,
};
use crate::api::persons;

use crate::model::{
    AllPersonsQuery, CreatePersonInput, CreatePersonWithLivenessInput, DeletePersonOptions,
    ListPersonsQuery, LookupPersonsQuery, UpdatePersonInput,
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
        run_with_images(&self.context, input.into(), &["images"], options, |input| {
            persons::create(&input)
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
        let id = id_from_js("id", &id);
        run_with_images(&self.context, input.into(), &["images"], options, |input| {
            persons::update(&id?, &input)
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

    /// Looks persons up by name (at least 3 characters besides digits, case-insensitive
    /// "contains"), optionally by `date_of_birth`, a page at a time (`limit` up to 100).
    /// <https://docs.verifik.co/resources/lookup-a-person>
    #[wasm_bindgen(unchecked_return_type = "Promise<LookupResult>")]
    pub fn lookup(
        &self,
        query: Ts<LookupPersonsQuery>,
        options: Option<RequestOptionsArg>,
    ) -> Promise {
        run(&self.context, options, move || {
            persons::lookup(&from_js("query", query.into())?)
        })
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
        run_with_images(&self.context, input.into(), &["images"], options, |input| {
            persons::create_with_liveness(&input)
        })
    }

    /// Every person (optionally of one `collection`), fetched `limit` at a time as you
    /// iterate: `for await (const person of vk.persons.all()) { … }`. A failed page
    /// rejects that `next()`; calling `next()` again retries it. Throws a
    /// `VerifikError` at once for an invalid query.
    /// <https://docs.verifik.co/resources/list-all-persons>
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Person>")]
    pub fn all(
        &self,
        query: Option<Ts<AllPersonsQuery>>,
        options: Option<RequestOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let query: AllPersonsQuery = from_js_optional("query", query.map(JsValue::from))
            .map_err(|error| error_to_js(&error))?;
        let list = ListPersonsQuery {
            page: None,
            limit: query.limit,
            collection: query.collection,
        };
        persons::list(&list).map_err(|error| error_to_js(&error))?;
        let pages = Rc::new(RefCell::new(Pages {
            context: Rc::clone(&self.context),
            query: list,
            options: options.map(JsValue::from),
            next_page: 1,
            seen: 0,
            first_ids: Vec::new(),
            buffer: VecDeque::new(),
            done: false,
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
                state.done = true;
                state.buffer.clear();
                Promise::resolve(&step_result(JsValue::UNDEFINED, true))
            })
        };
        let set = |key: &JsValue, value: &JsValue| Reflect::set(&iterator, key, value).map(|_| ());
        set(&JsValue::from_str("next"), &next.into_js_value())?;
        set(&JsValue::from_str("return"), &finish.into_js_value())?;
        set(
            &Symbol::async_iterator().into(),
            &Function::new_no_args("return this").into(),
        )?;
        Ok(iterator.into())
    }
}

/// The state of one `persons.all()` walk.
struct Pages {
    context: Rc<Context>,
    query: ListPersonsQuery,
    options: Option<JsValue>,
    next_page: u32,
    seen: u64,
    first_ids: Vec<String>,
    buffer: VecDeque<JsValue>,
    done: bool,
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
    let promise = future_to_promise(async move {
        if let Some(previous) = previous {
            let _ = JsFuture::from(previous).await;
        }
        advance(&state).await
    });
    pages.borrow_mut().tail = Some(promise.clone());
    promise
}

fn number(value: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_f64())
}

/// Hands out the next buffered person, fetching the next page when the buffer is empty.
async fn advance(pages: &Rc<RefCell<Pages>>) -> Result<JsValue, JsValue> {
    loop {
        let (context, query, options) = {
            let mut state = pages.borrow_mut();
            if let Some(person) = state.buffer.pop_front() {
                return Ok(step_result(person, false));
            }
            if state.done {
                return Ok(step_result(JsValue::UNDEFINED, true));
            }
            let query = ListPersonsQuery {
                page: Some(state.next_page),
                ..state.query.clone()
            };
            (
                Rc::clone(&state.context),
                query,
                state
                    .options
                    .clone()
                    .map(JsCast::unchecked_into::<RequestOptionsArg>),
            )
        };
        let asked_limit = query.limit;
        let page = JsFuture::from(run(&context, options, move || persons::list(&query))).await?;
        let items = Array::from(&Reflect::get(&page, &JsValue::from_str("data"))?);
        let pagination = Reflect::get(&page, &JsValue::from_str("pagination"))?;
        let mut state = pages.borrow_mut();
        let count = items.length();
        let first_id = items
            .get(0)
            .is_object()
            .then(|| Reflect::get(&items.get(0), &JsValue::from_str("_id")).ok())
            .flatten()
            .and_then(|id| id.as_string());
        // A server that ignores `page` would send the same page forever: stop there.
        if let Some(id) = &first_id {
            if state.first_ids.contains(id) {
                state.done = true;
                continue;
            }
            state.first_ids.push(id.clone());
        }
        state.next_page = state.next_page.saturating_add(1);
        state.seen += u64::from(count);
        state.buffer.extend(items.iter());
        let limit = asked_limit
            .map(f64::from)
            .or_else(|| number(&pagination, "limit"));
        let current = number(&pagination, "page");
        let last_page = number(&pagination, "pages");
        let total = number(&pagination, "total");
        state.done = count == 0
            || limit.is_some_and(|limit| f64::from(count) < limit)
            || matches!((current, last_page), (Some(current), Some(last)) if current >= last)
            || total.is_some_and(|total| state.seen as f64 >= total);
    }
}
