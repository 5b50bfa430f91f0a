//! The one call runner every operation shares: reads the options, encodes the images,
//! has the core build the call, and drives the core's engine through the I/O it asks for.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Date, Math, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::image::{self, Shrink};
use super::*;
use crate::api::answer::Table;
use crate::api::endpoint::{Endpoint, Spec};
use crate::api::{Answer, Args};
use crate::engine::{CallEngine, CallSettings, Prepared, Step};
use crate::error::{Error, ErrorKind};
use crate::transport::{self, Exchange};
use crate::wire::PageFacts;

/// One operation's arguments, as JavaScript gave them, and the endpoint they are for.
pub(crate) struct Operation {
    /// The path id, for the operations that take one.
    pub(crate) id: Option<JsValue>,
    /// The input object (or `undefined`).
    pub(crate) input: JsValue,
    /// The endpoint, as data: the core reads, checks and writes the input by it.
    pub(crate) spec: &'static Spec,
    /// How its answer reads: its type's table.
    pub(crate) answer: &'static Table,
}

impl Operation {
    /// An operation of `endpoint` on `input` alone.
    pub(crate) fn new<T: Answer>(
        endpoint: &'static Endpoint<T>,
        input: impl Into<JsValue>,
    ) -> Self {
        Self {
            id: None,
            input: input.into(),
            spec: &endpoint.spec,
            answer: T::TABLE,
        }
    }

    /// An operation of `endpoint` on the item `id` (and `input`, when it takes one).
    pub(crate) fn on<T: Answer>(
        endpoint: &'static Endpoint<T>,
        id: JsValue,
        input: impl Into<JsValue>,
    ) -> Self {
        Self {
            id: Some(id),
            ..Self::new(endpoint, input)
        }
    }
}

/// Runs one operation as a promise: reads the options, encodes the images, builds and
/// validates the call (nothing is sent when that fails), and runs it.
pub(crate) fn call(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    operation: Operation,
) -> Promise {
    start(context, options, Preparing::Operation(operation))
}

/// A call on its way to being built.
enum Preparing {
    /// From an operation's JavaScript arguments.
    Operation(Operation),
    /// Already built.
    Built(Result<Prepared, Error>),
}

/// The promise of one call: one non-generic future that every operation shares (so its
/// code exists once in the module).
#[inline(never)]
fn start(
    context: &Rc<Context>,
    options: Option<RequestOptionsArg>,
    preparing: Preparing,
) -> Promise {
    let context = Rc::clone(context);
    promise(async move {
        match run(&context, options, preparing).await {
            Ok((json, _)) => json_to_js(json).map_err(|error| error_to_js(&error)),
            Err(failure) => Err(failure.into_js()),
        }
    })
}

/// A future the module hands to JavaScript as a promise.
pub(crate) type Task = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// Every promise the module makes goes through this one function, so
/// `future_to_promise` and its machinery exist once in the `.wasm`, not once per kind
/// of future.
#[inline(never)]
pub(crate) fn spawn(task: Task) -> Promise {
    future_to_promise(task)
}

/// [`spawn`] for any future: boxes it.
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    spawn(Box::pin(future))
}

/// One call from its arguments to its answer as JSON text, with what a page of persons
/// held (for `persons.all()`); a failure is already free of the token, its cause too.
async fn run(
    context: &Context,
    options: Option<RequestOptionsArg>,
    preparing: Preparing,
) -> Result<(String, Option<PageFacts>), Failure> {
    let mut signal = None;
    let outcome = async {
        let options = call_options(options, context)?;
        signal.clone_from(&options.signal);
        let prepared = match preparing {
            Preparing::Built(prepared) => prepared?,
            Preparing::Operation(operation) => {
                let strict = context.config.strict_inputs();
                prepare(operation, strict, options.shrink.as_ref()).await?
            }
        };
        drive(context, prepared, options.signal.as_ref(), options.settings).await
    };
    outcome.await.map_err(|mut failure: Failure| {
        // Every `Aborted` comes from the caller's signal: its reason is the cause.
        if failure.cause.is_none() && failure.error.kind() == ErrorKind::Aborted {
            failure.cause = signal
                .as_ref()
                .and_then(|signal| Reflect::get(signal, &JsValue::from_str("reason")).ok())
                .filter(|reason| !reason.is_undefined());
        }
        failure.redacted(&context.secrets())
    })
}

/// A call the core has already built (or failed to build), run to its answer: the JSON
/// text and what a page of persons held.
pub(crate) async fn run_prepared(
    context: &Context,
    options: Option<RequestOptionsArg>,
    prepared: Result<Prepared, Error>,
) -> Result<(String, Option<PageFacts>), Failure> {
    run(context, options, Preparing::Built(prepared)).await
}

/// Reads an operation's arguments and has the core build its call.
async fn prepare(
    operation: Operation,
    strict: bool,
    shrink: Option<&Shrink>,
) -> Result<Prepared, Error> {
    let id = operation.id.map(|id| id_from_js("id", &id)).transpose()?;
    let images = operation.spec.images();
    let input = if images.is_empty() {
        operation.input
    } else {
        image::encode_image_fields(operation.input, images, shrink).await?
    };
    let input = stringify_data("input", &input)?;
    let request = operation.spec.request(&Args { id, input, strict })?;
    Ok(Prepared {
        request,
        answer: operation.answer,
    })
}

/// Runs the core's call engine: does each I/O step it asks for (get a token, send, wait)
/// and hands it the outcome, until it is done.
async fn drive(
    context: &Context,
    prepared: Prepared,
    signal: Option<&AbortSignal>,
    settings: CallSettings,
) -> Result<(String, Option<PageFacts>), Failure> {
    let mut engine = CallEngine::new(prepared, settings, Date::now());
    let mut emit = |event| context.emit(event);
    let mut token = None;
    // The JavaScript value behind the last step's failure, with that failure's kind.
    let mut cause = None;
    let mut step = engine.start();
    loop {
        step = match step {
            Step::Token { fresh } => {
                let got = context.token(fresh).await;
                let got = note_cause(&mut cause, got).map(|got| token = got);
                engine.token_ready(got, Date::now(), &context.secrets(), &mut emit)
            }
            Step::Send { timeout_ms } => {
                let exchange = Exchange {
                    token: token.as_deref(),
                    signal,
                    timeout_ms,
                    fetch: context.fetch.as_ref(),
                };
                let outcome = transport::send(&context.config, engine.request(), &exchange).await;
                let outcome = note_cause(&mut cause, outcome);
                let secrets = context.secrets();
                engine.answered(outcome, Date::now(), Math::random(), &secrets, &mut emit)
            }
            Step::Wait { ms } => {
                cause = None;
                let waited = transport::sleep(ms, signal).await;
                engine.waited(waited, Date::now(), &context.secrets(), &mut emit)
            }
            Step::Done(Ok(json)) => return Ok((json, engine.take_page())),
            // The cause belongs to the error when the engine ended with that failure.
            Step::Done(Err(error)) => {
                return Err(match cause {
                    Some((kind, cause)) if kind == error.kind() => Failure::caused_by(error, cause),
                    _ => Failure::from(error),
                })
            }
        };
    }
}

/// The core's view of a step's outcome; the JavaScript value behind a failure is kept in
/// `cause` (with the failure's kind), or `cause` is emptied.
fn note_cause<T>(
    cause: &mut Option<(ErrorKind, JsValue)>,
    outcome: Result<T, Failure>,
) -> Result<T, Error> {
    *cause = None;
    outcome.map_err(|failure| {
        *cause = failure.cause.map(|value| (failure.error.kind(), value));
        failure.error
    })
}
