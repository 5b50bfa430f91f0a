//! The routing core: a [`Request`] in, a [`Reply`] out, with no transport in between.
//! Each route is a plain function of its [`Ctx`].

use http::Method;

use crate::fault::Faults;
use crate::reply::Reply;
use crate::route::{Ctx, Request};
use crate::state::App;
use crate::{biometrics, collections, control, credits, login, lookup, persons, util};

/// A route: the answer to one routed request.
pub(crate) type Handler = fn(&Ctx) -> Result<Reply, Reply>;

/// The mock's state: tenants, logs and sessions, and the queued faults.
#[derive(Clone, Default)]
pub(crate) struct Mock {
    /// Everything the routes remember.
    pub(crate) app: App,
    /// The queued faults of every token.
    pub(crate) faults: Faults,
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
        http::StatusCode::NOT_FOUND,
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
pub(crate) fn dispatch(mock: &Mock, request: &Request) -> Reply {
    let Some((handler, raw_id)) = route(&request.method, &request.path) else {
        return no_route(&request.method, &request.path);
    };
    let id = util::percent_decode_path(raw_id).unwrap_or_default();
    let ctx = Ctx::new(&mock.app, &mock.faults, request, id);
    handler(&ctx).unwrap_or_else(|reply| reply)
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
}
