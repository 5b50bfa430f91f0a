//! The mock's core: [`Mock::handle`] takes a [`Request`] and gives its [`Response`], with
//! no server, runtime or socket in between. In order: CORS preflights, the request log
//! and revoked tokens, injected faults, the error-body variants, credits, and the route,
//! a plain function of its [`Ctx`].

use std::time::Duration;

use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::auth::token_of;
use crate::fault::{Faults, Rule};
use crate::reply::{Invalid, Reply};
use crate::route::{variant, Ctx};
use crate::state::{App, LoggedRequest};
use crate::wire::{Request, Response};
use crate::{biometrics, collections, control, credits, login, lookup, persons, util};

/// A route: the answer to one routed request.
pub(crate) type Handler = fn(&Ctx) -> Result<Reply, Reply>;

/// A mock server's state (tenants, logs, sessions, credits, queued faults) and the way
/// to ask it: [`Mock::handle`]. Clones share the state.
#[derive(Clone, Default)]
pub struct Mock {
    /// Everything the routes remember.
    pub(crate) app: App,
    /// The queued faults of every token.
    pub(crate) faults: Faults,
}

/// The first step of answering a request ([`Mock::begin`]): the answer, or a wait first
/// (a fault's latency or hang), after which [`Pending::finish`] runs the route.
pub enum Step {
    /// Answer this now.
    Now(Response),
    /// Wait `delay`, then [`Pending::finish`] gives the answer.
    Later(Duration, Box<Pending>),
}

/// A request whose injected fault asks for a wait before it is answered.
pub struct Pending {
    mock: Mock,
    request: Request,
    rule: Rule,
}

impl Pending {
    /// The answer, once the wait is over (the route runs only now, as after a slow network).
    pub fn finish(self) -> Response {
        let answer = self
            .rule
            .answer(&self.request.headers, || self.mock.inner(&self.request));
        finish_edge(answer)
    }
}

impl Mock {
    /// A mock with fresh, empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers `request` at once. A fault's wait is not waited: it is reported in
    /// [`Response::delay`] for the transport to apply (or ignore).
    pub fn handle(&self, request: Request) -> Response {
        match self.begin(request) {
            Step::Now(response) => response,
            Step::Later(delay, pending) => {
                let mut response = pending.finish();
                response.delay = delay;
                response
            }
        }
    }

    /// The first step of answering `request`: the preflight, log and revocation check,
    /// and the fault, if one is queued for it. A transport that can wait (the HTTP server,
    /// the JavaScript package) waits a [`Step::Later`]'s delay before the route runs, as
    /// the route would after a slow network; dropping the [`Pending`] never runs it.
    pub fn begin(&self, request: Request) -> Step {
        if request.method == Method::OPTIONS {
            return Step::Now(preflight(&request.headers));
        }
        let path = request.path.as_str();
        if path == "/v2" || path.starts_with("/v2/") {
            let token = token_of(&request.headers).unwrap_or_default();
            let entry = LoggedRequest {
                method: request.method.as_str().to_owned(),
                path: path.to_owned(),
                query: request.query.clone().unwrap_or_default(),
            };
            let revoked = {
                let mut store = self.app.lock();
                store.log(&token, entry);
                store.is_revoked(&token)
            };
            if revoked {
                let reply = Reply::json(
                    StatusCode::UNAUTHORIZED,
                    json!({ "code": "Unauthorized", "message": "Invalid or expired token." }),
                );
                return Step::Now(finish_edge(reply.into()));
            }
        }
        let rule = if path.starts_with("/v2/") {
            let token = token_of(&request.headers).unwrap_or_default();
            self.faults.take(&token, request.method.as_str(), path)
        } else {
            None
        };
        let Some(rule) = rule else {
            return Step::Now(finish_edge(self.inner(&request)));
        };
        let delay = rule.delay();
        if delay.is_zero() {
            let answer = rule.answer(&request.headers, || self.inner(&request));
            return Step::Now(finish_edge(answer));
        }
        Step::Later(
            delay,
            Box::new(Pending {
                mock: self.clone(),
                request,
                rule,
            }),
        )
    }

    /// The route's answer, with credits charged and the error-body variants applied.
    fn inner(&self, request: &Request) -> Response {
        let reply = crate::credits::charge(&self.app, request, || dispatch(self, request));
        error_variants(request, reply).into()
    }
}

/// The handler for `method` among a path's `routes`; `None` (no route) for any other.
fn pick(method: &Method, routes: &[(Method, Handler)]) -> Option<Handler> {
    routes
        .iter()
        .find(|(m, _)| m == method)
        .map(|(_, handler)| *handler)
}

/// The route for `method` and `path`, with the path's `{id}` segment (still
/// percent-encoded; `""` when the route has none). A static segment wins over `{id}`
/// whatever the method (`PUT /persons/lookup` has no route), as axum's router did.
fn route<'p>(method: &Method, path: &'p str) -> Option<(Handler, &'p str)> {
    use Method as M;
    // HEAD is answered as GET (without its body, by the transport).
    let method = if *method == M::HEAD { &M::GET } else { method };
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let none = "";
    let found = match segments.as_slice() {
        ["v2", "face-recognition", rest @ ..] => match rest {
            ["collections"] => pick(
                method,
                &[(M::GET, collections::list), (M::POST, collections::create)],
            ),
            ["collections", "move-people"] => pick(method, &[(M::POST, collections::move_people)]),
            ["collections", id] if !id.is_empty() => {
                let handler = pick(
                    method,
                    &[
                        (M::GET, collections::retrieve),
                        (M::PUT, collections::update),
                        (M::DELETE, collections::remove),
                    ],
                );
                return handler.map(|h| (h, *id));
            }
            ["persons"] => pick(
                method,
                &[(M::GET, persons::list), (M::POST, persons::create)],
            ),
            ["persons", "lookup"] => pick(method, &[(M::GET, lookup::lookup)]),
            ["persons", "search-live-face"] => {
                pick(method, &[(M::POST, biometrics::create_with_liveness)])
            }
            ["persons", id] if !id.is_empty() => {
                let handler = pick(
                    method,
                    &[
                        (M::GET, persons::retrieve),
                        (M::PUT, persons::update),
                        (M::DELETE, persons::remove),
                    ],
                );
                return handler.map(|h| (h, *id));
            }
            ["search"] => pick(method, &[(M::POST, biometrics::search)]),
            ["search", "crops"] => pick(method, &[(M::POST, biometrics::search_crops)]),
            ["search-live-face"] => pick(method, &[(M::POST, biometrics::search_live_face)]),
            ["search-active-user"] => pick(method, &[(M::POST, biometrics::search_active_user)]),
            ["verify"] => pick(method, &[(M::POST, biometrics::verify)]),
            ["detect"] => pick(method, &[(M::POST, biometrics::detect)]),
            ["face-validation"] => pick(method, &[(M::POST, biometrics::validate_face)]),
            ["compare"] => pick(method, &[(M::POST, biometrics::compare)]),
            ["compare-live"] => pick(method, &[(M::POST, biometrics::compare_live)]),
            ["compare-with-liveness"] => {
                pick(method, &[(M::POST, biometrics::compare_with_liveness)])
            }
            ["liveness"] => pick(method, &[(M::POST, biometrics::liveness)]),
            ["liveness-score"] => pick(method, &[(M::POST, biometrics::liveness_score)]),
            _ => None,
        },
        ["v2", "projects", "email-login"] => pick(method, &[(M::POST, login::email_login)]),
        ["v2", "projects", "email-login", "confirm"] => {
            pick(method, &[(M::POST, login::email_confirm)])
        }
        ["v2", "projects", "phone-login"] => pick(method, &[(M::POST, login::phone_login)]),
        ["v2", "projects", "phone-login", "confirm"] => {
            pick(method, &[(M::POST, login::phone_confirm)])
        }
        ["v2", "email-validations"] => pick(method, &[(M::POST, login::email_validation)]),
        ["v2", "email-validations", "validate"] => {
            pick(method, &[(M::POST, login::email_validate)])
        }
        ["v2", "phone-validations"] => pick(method, &[(M::POST, login::phone_validation)]),
        ["v2", "phone-validations", "validate"] => {
            pick(method, &[(M::POST, login::phone_validate)])
        }
        ["v2", "auth", "project-login"] => pick(method, &[(M::POST, login::project_login)]),
        ["v2", "auth", "session"] => pick(
            method,
            &[(M::GET, login::session), (M::POST, login::session_post)],
        ),
        ["v2", "auth", "renew-and-revoke"] => pick(method, &[(M::POST, login::renew_and_revoke)]),
        ["__mock", "health"] => pick(method, &[(M::GET, control::health)]),
        ["__mock", "requests"] => pick(
            method,
            &[
                (M::GET, control::requests),
                (M::DELETE, control::clear_requests),
            ],
        ),
        ["__mock", "credits"] => pick(
            method,
            &[
                (M::POST, credits::set),
                (M::GET, credits::get),
                (M::DELETE, credits::reset),
            ],
        ),
        ["__mock", "faults"] => pick(
            method,
            &[
                (M::POST, control::add_faults),
                (M::GET, control::count_faults),
                (M::DELETE, control::clear_faults),
            ],
        ),
        _ => None,
    };
    found.map(|handler| (handler, none))
}

/// The loud 404 naming the method and path that has no route.
pub(crate) fn no_route(method: &Method, path: &str) -> Reply {
    Reply::fields(
        StatusCode::NOT_FOUND,
        &[
            ("code", "NotFound"),
            (
                "message",
                &format!("verifik-mock has no route for {method} {path}"),
            ),
        ],
    )
}

/// Routes `request` and answers it (the routes only: no logging, faults or credits).
fn dispatch(mock: &Mock, request: &Request) -> Reply {
    let Some((handler, raw_id)) = route(&request.method, &request.path) else {
        return no_route(&request.method, &request.path);
    };
    let id = util::percent_decode_path(raw_id).unwrap_or_default();
    let ctx = Ctx::new(&mock.app, &mock.faults, request, id);
    handler(&ctx).unwrap_or_else(|reply| reply)
}

/// The `detail` variant's 422 for a validation error: one FastAPI-style entry per field
/// (`loc`, `msg`, `type`, and `ctx.ge` for a lower bound), the shape AC's
/// `parseErrorMessage` reads first.
fn detail(invalid: &Invalid) -> Reply {
    let items: Vec<Value> = invalid
        .fields
        .iter()
        .map(|(field, message)| {
            let mut item = json!({
                "loc": [invalid.location, field],
                "msg": message,
                "type": "value_error",
            });
            let lower_bound = message
                .split_once("must be greater than or equal to ")
                .and_then(|(_, n)| n.trim().parse::<f64>().ok());
            if let (Some(ge), Some(map)) = (lower_bound, item.as_object_mut()) {
                map.insert("ctx".into(), json!({ "ge": ge }));
            }
            item
        })
        .collect();
    Reply::json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "data": { "detail": items } }),
    )
}

/// The error-body variants of the `/v2` routes: `nested-error` wraps every error body as
/// `{"data": <body>}` (no top-level `code`/`message`), `detail` turns every validation
/// error into a 422 `{"data": {"detail": [...]}}`.
fn error_variants(request: &Request, reply: Reply) -> Reply {
    if !request.path.starts_with("/v2/")
        || !(reply.status.is_client_error() || reply.status.is_server_error())
    {
        return reply;
    }
    let token = token_of(&request.headers).unwrap_or_default();
    match variant(&request.headers, &token).as_str() {
        "detail" => match &reply.invalid {
            Some(invalid) => detail(invalid),
            None => reply,
        },
        "nested-error" if reply.body.is_object() => Reply {
            body: json!({ "data": reply.body }),
            ..reply
        },
        _ => reply,
    }
}

const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
const DEFAULT_ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept";

/// Adds the CORS headers every response carries.
fn add_cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
}

/// Every answer but a preflight: CORS headers, and a JSON content type when it has none
/// (except a 204).
fn finish_edge(mut response: Response) -> Response {
    add_cors(&mut response.headers);
    if response.status != StatusCode::NO_CONTENT
        && !response.headers.contains_key(header::CONTENT_TYPE)
    {
        response.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
}

/// The 204 answer to any `OPTIONS` preflight.
fn preflight(request_headers: &HeaderMap) -> Response {
    let allow_headers = request_headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| !v.as_bytes().is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static(DEFAULT_ALLOW_HEADERS));
    let mut response = Response::empty(StatusCode::NO_CONTENT);
    let headers = &mut response.headers;
    add_cors(headers);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Access-Control-Request-Headers"),
    );
    // Chrome's Private Network Access asks before a less-private origin may
    // call a loopback server; a local mock always agrees.
    if request_headers.contains_key("access-control-request-private-network") {
        headers.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routed(method: Method, path: &str) -> Option<&str> {
        route(&method, path).map(|(_, id)| id)
    }

    #[test]
    fn static_segments_win_over_ids() {
        let p = "/v2/face-recognition/persons";
        assert_eq!(routed(Method::GET, &format!("{p}/abc")), Some("abc"));
        assert_eq!(routed(Method::GET, &format!("{p}/lookup")), Some(""));
        assert_eq!(routed(Method::PUT, &format!("{p}/lookup")), None);
        assert_eq!(routed(Method::GET, &format!("{p}/search-live-face")), None);
        assert_eq!(routed(Method::GET, &format!("{p}/")), None);
        assert_eq!(routed(Method::GET, &format!("{p}/a/b")), None);
        assert_eq!(routed(Method::HEAD, p), Some(""));
        assert_eq!(routed(Method::PATCH, p), None);
        assert_eq!(
            routed(Method::GET, "/v2/face-recognition/collections/move-people"),
            None
        );
        assert_eq!(routed(Method::GET, "/nope"), None);
    }

    #[test]
    fn the_core_answers_without_a_transport() {
        let mock = Mock::new();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer core-1"),
        );
        let create = Request::new(
            Method::POST,
            "/v2/face-recognition/collections",
            headers.clone(),
            br#"{"name":"Staff"}"#.to_vec(),
        );
        let created = mock.handle(create);
        assert_eq!(created.status, StatusCode::OK);
        assert_eq!(
            created.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            Some(&HeaderValue::from_static("*"))
        );
        let list = Request::new(
            Method::GET,
            "/v2/face-recognition/collections?like_name=sta",
            headers,
            Vec::new(),
        );
        let listed: Value = serde_json::from_slice(&mock.handle(list).body).unwrap_or_default();
        assert_eq!(listed["data"][0]["name"], json!("Staff"));
        let log = Request::new(
            Method::GET,
            "/__mock/requests",
            HeaderMap::new(),
            Vec::new(),
        );
        let seen: Value =
            serde_json::from_slice(&mock.clone().handle(log).body).unwrap_or_default();
        assert_eq!(seen["count"], json!(0), "the log is per token");
        let preflight = mock.handle(Request::new(
            Method::OPTIONS,
            "/x",
            HeaderMap::new(),
            Vec::new(),
        ));
        assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    }
}
