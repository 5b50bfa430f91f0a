// What the Mock::handle example leaves to the reader: a method, headers and a body.
let method = http::Method::GET;
let mut headers = http::HeaderMap::new();
headers.insert(http::header::AUTHORIZATION, http::HeaderValue::from_static("Bearer readme-token"));
let body_bytes: Vec<u8> = Vec::new();
/* block */
// The answer's parts its comment names, and the list of the reader's (empty) collections.
let _: (&http::StatusCode, &http::HeaderMap, &Vec<u8>) = (&answer.status, &answer.headers, &answer.body);
let _: (&std::time::Duration, &bool) = (&answer.delay, &answer.broken);
assert_eq!(answer.status, http::StatusCode::OK);
assert_eq!(String::from_utf8(answer.body.clone())?, r#"{"data":[]}"#);
