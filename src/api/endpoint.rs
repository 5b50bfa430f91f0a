//! Every endpoint as data: its method and path, its argument's table, the documented
//! rules of its members, and where the argument goes (body or query). One function,
//! [`Spec::request`], reads, checks and writes every argument of every endpoint; an
//! endpoint's own code is at most a hook for a rule that spans several members.

use std::marker::PhantomData;

use super::answer::Members;
use super::{validate, Answer, ApiRequest, Args, Call, Method};
use crate::error::Error;
use crate::json::{self, check_argument, InputTable, ObjectWriter, ToJson, Value};

/// Where an endpoint's argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Send {
    /// Nowhere: the endpoint takes no argument beyond the path id.
    Nothing,
    /// In the JSON body (`{}` when the endpoint takes no argument).
    Body,
    /// In the query string.
    Query,
}

/// An endpoint's argument: how errors call it, and its declaration.
#[derive(Debug)]
pub struct Argument {
    /// The argument's name in errors (`input`, `query`, `filters`).
    pub name: &'static str,
    /// Its type's table, made by `#[derive(FromInput)]`.
    pub table: &'static InputTable,
    /// Whether it may be left out (read as `{}`).
    pub optional: bool,
}

impl Argument {
    /// A required argument `name` declared by `table`.
    pub const fn required(name: &'static str, table: &'static InputTable) -> Option<Self> {
        Some(Self {
            name,
            table,
            optional: false,
        })
    }

    /// An argument `name` declared by `table` that may be left out (read as `{}`).
    pub const fn optional(name: &'static str, table: &'static InputTable) -> Option<Self> {
        Some(Self {
            name,
            table,
            optional: true,
        })
    }
}

/// A rule of one member, checked once the member's type is known to be right.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Text that is not empty or blank.
    NotBlank,
    /// A list of texts, none empty or blank (`collections[1]`).
    EachNotBlank,
    /// A list that is not empty; the text is the error's message when it is
    /// (`names no person to move`).
    NotEmpty(&'static str),
    /// A real calendar date written `YYYY-MM-DD`.
    Date,
    /// A number in `min..=max` (a score or threshold).
    Range(f64, f64),
    /// A whole number in `1..=max`.
    Count(u32),
    /// A list of face images, at least one (at most `max`), each made clean raw base64;
    /// with `urls`, `https://` URLs pass as sent.
    Images {
        /// The most images the endpoint documents.
        max: Option<usize>,
        /// Whether `https://` URLs are taken.
        urls: bool,
    },
    /// One face image, made clean raw base64; with `urls`, an `https://` URL passes.
    Image {
        /// Whether an `https://` URL is taken.
        urls: bool,
    },
    /// An id that also goes into a path: not blank, not a dot segment.
    PathId,
    /// Present (an optional member the documents require).
    Required,
    /// An endpoint's own rule for a text: called with the field, the text and whether
    /// the rule is enforced.
    Text(fn(&str, &str, bool) -> Result<(), Error>),
}

impl Rule {
    /// One to three face images of one person, base64 only.
    pub const PERSON_IMAGES: Rule = Rule::Images {
        max: Some(validate::MAX_IMAGES),
        urls: false,
    };
    /// At least one face image, base64 only.
    pub const SOME_IMAGES: Rule = Rule::Images {
        max: None,
        urls: false,
    };
}

/// One rule on one member. Without `always`, the rule is a documented one and holds only
/// under `strictInputs` (images and lists still refuse what no server takes).
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// The member's JSON name.
    pub field: &'static str,
    /// The rule.
    pub rule: Rule,
    /// Whether it holds without `strictInputs` too.
    pub always: bool,
}

impl Check {
    /// A documented rule, enforced under `strictInputs`.
    pub const fn documented(field: &'static str, rule: Rule) -> Self {
        Self {
            field,
            rule,
            always: false,
        }
    }

    /// A rule that always holds.
    pub const fn always(field: &'static str, rule: Rule) -> Self {
        Self {
            field,
            rule,
            always: true,
        }
    }
}

/// A rule across members, or a member the endpoint adds: called with the checked
/// argument's members and `strictInputs`, before the member rules.
pub type Hook = fn(&mut Members<'_>, bool) -> Result<(), Error>;

/// One endpoint, as data.
#[derive(Debug)]
pub struct Spec {
    /// The HTTP method.
    pub method: Method,
    /// The path (and any fixed query), without the item id.
    pub path: &'static str,
    /// Whether the item id (`id`, checked and percent-encoded) ends the path.
    pub item: bool,
    /// The argument, when the endpoint takes one.
    pub argument: Option<Argument>,
    /// Where the argument goes.
    pub send: Send,
    /// The members' rules, in the order they are checked.
    pub checks: &'static [Check],
    /// The rule across members, if any.
    pub hook: Option<Hook>,
    /// Declared members that are read but not sent (an auth call's `baseUrl`).
    pub unsent: &'static [&'static str],
    /// A delete: a 2xx with no body stands for `{ data: { _id } }`.
    pub deleting: bool,
}

impl Spec {
    /// A spec with no argument, no rules and nothing sent, for the fields to override.
    pub const fn new(method: Method, path: &'static str) -> Self {
        Self {
            method,
            path,
            item: false,
            argument: None,
            send: Send::Nothing,
            checks: &[],
            hook: None,
            unsent: &[],
            deleting: false,
        }
    }

    /// The image members of the argument: the skin reads their bytes, Blobs and Files
    /// into base64 first.
    pub fn images(&self) -> &'static [&'static str] {
        self.argument
            .as_ref()
            .map_or(&[], |argument| argument.table.images)
    }

    /// The request for `args`: the argument read and checked by its table, its rules
    /// and the hook, then written as the body or the query. Nothing certainly invalid
    /// leaves here.
    pub fn request(&self, args: &Args) -> Result<ApiRequest, Error> {
        let mut request = ApiRequest {
            method: self.method,
            path: self.path.to_owned(),
            body: None,
            empty_answer: None,
        };
        let Some(argument) = &self.argument else {
            self.add_item(&mut request, args)?;
            if self.send == Send::Body {
                request.body = Some("{}".to_owned());
            }
            return Ok(request);
        };
        let text = match args.input.as_str() {
            "null" if argument.optional => "{}",
            text => text,
        };
        let mut value = json::parse_argument(argument.name, text)?;
        check_argument(&mut value, argument.name, "", argument.table, args.strict)?;
        self.add_item(&mut request, args)?;
        let Value::Object(members) = &mut value else {
            return Ok(request);
        };
        if let Some(hook) = self.hook {
            hook(members, args.strict)?;
        }
        for check in self.checks {
            apply(check, members, args.strict)?;
        }
        match self.send {
            Send::Nothing => {}
            Send::Body => {
                let mut body = String::new();
                let mut object = ObjectWriter::new(&mut body);
                self.write(members, argument.table, &mut object);
                object.end();
                request.body = Some(body);
            }
            Send::Query => {
                for (key, value) in members.iter() {
                    fits_a_query(key, value)?;
                }
                let mut object = ObjectWriter::query(&mut request.path);
                self.write(members, argument.table, &mut object);
            }
        }
        Ok(request)
    }

    /// Appends the item id to the path, and for a delete the answer an empty 2xx means.
    fn add_item(&self, request: &mut ApiRequest, args: &Args) -> Result<(), Error> {
        if self.item {
            request.path.push('/');
            request.path.push_str(&validate::path_id("id", args.id())?);
        }
        if self.deleting {
            let mut answer = String::from("{\"data\":{\"_id\":");
            json::write_string(&mut answer, args.id());
            answer.push_str("}}");
            request.empty_answer = Some(answer);
        }
        Ok(())
    }

    /// Writes the declared members in declaration order (leaving out `null`s and the
    /// unsent ones), then every other member as given.
    fn write(&self, members: &Members<'_>, table: &'static InputTable, out: &mut ObjectWriter) {
        let given = |key: &str| members.iter().find(|(name, _)| name == key);
        let _ = table.each_field(&mut |field| {
            let value = given(field.name).map(|(_, value)| value);
            match value {
                Some(value) if !value.is_null() && !self.unsent.contains(&field.name) => {
                    out.value(field.name, value);
                }
                _ => {}
            }
            Ok::<(), ()>(())
        });
        for (key, value) in members.iter().filter(|(key, _)| !table.declares(key)) {
            out.value(key, value);
        }
    }
}

/// A query string carries text, numbers, `true`/`false` and lists of them (each item as
/// the key again); `null` is left out. Anything else cannot be sent, and is refused
/// rather than dropped.
fn fits_a_query(key: &str, value: &Value<'_>) -> Result<(), Error> {
    let scalar = |value: &Value<'_>| {
        matches!(
            value,
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
        )
    };
    let refused = |field: String, value: &Value<'_>| {
        Error::invalid_input(
            field,
            format!(
                "cannot go in a query string: it takes text, a number, true or false, or a list of them, not {}",
                value.kind()
            ),
        )
    };
    match value {
        Value::Array(items) => match items.iter().position(|item| !scalar(item)) {
            None => Ok(()),
            Some(index) => Err(refused(
                format!("{key}[{index}]"),
                items.get(index).unwrap_or(&Value::Null),
            )),
        },
        value if scalar(value) => Ok(()),
        value => Err(refused(key.to_owned(), value)),
    }
}

/// Applies one member rule; an absent (or `null`) member passes all but `Required`.
fn apply(check: &Check, members: &mut Members<'_>, strict: bool) -> Result<(), Error> {
    let strict = strict || check.always;
    let field = check.field;
    let value = members
        .iter_mut()
        .find(|(key, _)| key == field)
        .map(|(_, value)| value)
        .filter(|value| !value.is_null());
    let Some(value) = value else {
        return match check.rule {
            Rule::Required if strict => Err(Error::invalid_input(field, "is required")),
            _ => Ok(()),
        };
    };
    match (check.rule, value) {
        (Rule::NotBlank, Value::String(text)) if strict => validate::not_blank(field, text),
        (Rule::EachNotBlank, Value::Array(items)) if strict => {
            for (index, item) in items.iter().enumerate() {
                validate::not_blank(
                    &format!("{field}[{index}]"),
                    item.as_str().unwrap_or_default(),
                )?;
            }
            Ok(())
        }
        (Rule::NotEmpty(what), Value::Array(items)) if items.is_empty() => {
            Err(Error::invalid_input(field, what))
        }
        (Rule::Date, Value::String(text)) => validate::date(strict, field, text),
        (Rule::Range(min, max), Value::Number(number)) => {
            validate::score(strict, field, *number, min, max)
        }
        (Rule::Count(max), Value::Number(number)) => {
            validate::count(strict, field, Some(*number as u32), max)
        }
        (Rule::Images { max, urls }, Value::Array(items)) => {
            let texts: Vec<String> = items
                .iter()
                .map(|item| item.as_str().unwrap_or_default().to_owned())
                .collect();
            let clean = validate::image_list(strict, field, &texts, max, urls)?;
            *items = clean
                .into_iter()
                .map(|text| Value::String(text.into()))
                .collect();
            Ok(())
        }
        (Rule::Image { urls }, Value::String(text)) => {
            *text = validate::image_or_url(strict, field, text, urls)?.into();
            Ok(())
        }
        (Rule::PathId, Value::String(text)) => validate::path_id(field, text).map(drop),
        (Rule::Text(rule), Value::String(text)) => rule(field, text, strict),
        _ => Ok(()),
    }
}

/// An endpoint whose answer reads as `T`.
#[derive(Debug)]
pub struct Endpoint<T> {
    /// The endpoint as data.
    pub spec: Spec,
    answer: PhantomData<fn() -> T>,
}

impl<T: Answer> Endpoint<T> {
    /// The endpoint `spec`, answering a `T`.
    pub const fn new(spec: Spec) -> Self {
        Self {
            spec,
            answer: PhantomData,
        }
    }

    /// The call for a typed argument (native callers): written as JSON, then read,
    /// checked and written by [`Spec::request`] like a JavaScript caller's.
    pub fn call(
        &self,
        id: Option<&str>,
        input: Option<&dyn ToJson>,
        strict: bool,
    ) -> Result<Call<T>, Error> {
        let args = Args {
            id: id.map(str::to_owned),
            input: input.map_or_else(|| "null".to_owned(), ToJson::to_json_text),
            strict,
        };
        Ok(Call::from_request(self.spec.request(&args)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints;
    use crate::json::{FromInput, Given, InputKind};

    /// The member `name` of `table`, if declared.
    fn declared(table: &'static InputTable, name: &str) -> Option<&'static json::InputField> {
        let mut found = None;
        let _ = table.each_field(&mut |field| {
            if field.name == name {
                found = Some(field);
            }
            Ok::<(), ()>(())
        });
        found
    }

    #[test]
    fn every_rule_names_a_declared_member_of_a_kind_it_can_check() {
        for (name, spec) in endpoints() {
            let Some(argument) = &spec.argument else {
                assert!(spec.checks.is_empty() && spec.hook.is_none(), "{name}");
                continue;
            };
            for check in spec.checks {
                let field = declared(argument.table, check.field)
                    .unwrap_or_else(|| panic!("{name}: `{}` is not declared", check.field));
                let fits = match check.rule {
                    Rule::NotBlank | Rule::Date | Rule::PathId | Rule::Text(_) => {
                        matches!(field.kind, InputKind::Text)
                    }
                    Rule::Image { .. } => matches!(field.kind, InputKind::Text),
                    Rule::Images { .. } | Rule::EachNotBlank | Rule::NotEmpty(_) => {
                        matches!(field.kind, InputKind::Texts)
                    }
                    Rule::Range(..) => matches!(field.kind, InputKind::Number),
                    Rule::Count(_) => matches!(field.kind, InputKind::Whole),
                    Rule::Required => !field.required,
                };
                assert!(
                    fits,
                    "{name}: {:?} on `{}` ({:?})",
                    check.rule, check.field, field.kind
                );
            }
            for unsent in spec.unsent {
                assert!(
                    declared(argument.table, unsent).is_some(),
                    "{name}: {unsent}"
                );
            }
        }
    }

    #[test]
    fn every_image_member_is_cleaned_by_a_rule_and_only_those() {
        for (name, spec) in endpoints() {
            let cleaned: Vec<&str> = spec
                .checks
                .iter()
                .filter(|check| matches!(check.rule, Rule::Image { .. } | Rule::Images { .. }))
                .map(|check| check.field)
                .collect();
            assert_eq!(cleaned, spec.images(), "{name}");
        }
    }

    #[test]
    fn only_post_and_put_send_a_body_and_only_gets_and_deletes_have_no_argument_in_it() {
        for (name, spec) in endpoints() {
            match spec.send {
                Send::Body => assert!(matches!(spec.method, Method::Post | Method::Put), "{name}"),
                Send::Query => assert!(spec.argument.is_some(), "{name}"),
                Send::Nothing => assert!(spec.argument.is_none(), "{name}"),
            }
            assert_eq!(spec.deleting, spec.method == Method::Delete, "{name}");
            assert!(spec.path.starts_with("/v2/"), "{name}");
            // The item id is appended to the path: it cannot follow a fixed query.
            assert!(!(spec.item && spec.path.contains('?')), "{name}");
        }
    }

    #[derive(Debug, Clone, PartialEq, Default, FromInput)]
    struct Sample {
        name: String,
        tags: Option<Vec<String>>,
        photo: Option<String>,
        page: Option<u32>,
        #[json(given)]
        given: Given,
    }

    /// Sets `side` to `"added"`: a hook.
    fn add_side(members: &mut Members<'_>, _strict: bool) -> Result<(), Error> {
        members.push(("side".into(), Value::String("added".into())));
        Ok(())
    }

    static SAMPLE: Spec = Spec {
        argument: Argument::required("input", Sample::INPUT),
        send: Send::Body,
        checks: &[
            Check::always("name", Rule::NotBlank),
            Check::documented("photo", Rule::Image { urls: true }),
            Check::documented("page", Rule::Count(10)),
            Check::documented("tags", Rule::EachNotBlank),
        ],
        hook: Some(add_side),
        ..Spec::new(Method::Post, "/v2/sample")
    };

    fn request(spec: &Spec, input: &str, strict: bool) -> Result<ApiRequest, Error> {
        spec.request(&Args {
            id: Some("a b".into()),
            input: input.into(),
            strict,
        })
    }

    #[test]
    fn a_body_holds_the_declared_members_in_order_then_the_rest_as_given() {
        let sent = request(
            &SAMPLE,
            r#"{"extra":{"k":[1,null]},"tags":"one","photo":" data:image/png;base64,AAAA ","name":"Ana","page":null,"nothing":null}"#,
            false,
        )
        .unwrap();
        assert_eq!(
            sent.body.as_deref(),
            Some(
                r#"{"name":"Ana","tags":["one"],"photo":"AAAA","extra":{"k":[1,null]},"nothing":null,"side":"added"}"#
            )
        );
        assert_eq!(sent.path, "/v2/sample");
        let query = Spec {
            send: Send::Query,
            ..Spec::new(Method::Get, "/v2/sample?fixed=1")
        };
        let query = Spec {
            argument: Argument::optional("query", Sample::INPUT),
            ..query
        };
        let sent = request(&query, r#"{"tags":["a","b c"],"name":"é","x":true}"#, false).unwrap();
        assert_eq!(
            sent.path,
            "/v2/sample?fixed=1&name=%C3%A9&tags=a&tags=b%20c&x=true"
        );
        assert_eq!(sent.body, None);
        let sent = request(&query, "null", false).unwrap_err();
        assert_eq!(sent.field(), Some("name"));
        // What a query cannot carry is refused, naming it, not dropped.
        let refused = request(&query, r#"{"name":"a","where":{"x":1}}"#, false).unwrap_err();
        assert_eq!(
            refused.message(),
            "invalid where: cannot go in a query string: it takes text, a number, true or false, or a list of them, not an object"
        );
        let refused = request(&query, r#"{"name":"a","ids":["a",["b"]]}"#, false).unwrap_err();
        assert_eq!(refused.field(), Some("ids[1]"));
        let sent = request(&query, r#"{"name":"a","gone":null,"n":[1,true]}"#, false).unwrap();
        assert_eq!(sent.path, "/v2/sample?fixed=1&name=a&n=1&n=true");
    }

    #[test]
    fn rules_hold_always_or_under_strict_inputs_and_name_the_field() {
        let refused = |input: &str, strict: bool| request(&SAMPLE, input, strict).unwrap_err();
        let error = refused(r#"{"name":" "}"#, false);
        assert_eq!(error.message(), "invalid name: must not be empty or blank");
        let error = refused(r#"{"name":"a","photo":"!"}"#, false);
        assert_eq!(error.field(), Some("photo"));
        assert!(request(&SAMPLE, r#"{"name":"a","page":11,"tags":[""]}"#, false).is_ok());
        assert_eq!(
            refused(r#"{"name":"a","page":11}"#, true).message(),
            "invalid page: must be between 1 and 10, not 11"
        );
        assert_eq!(
            refused(r#"{"name":"a","tags":["x",""]}"#, true).field(),
            Some("tags[1]")
        );
        assert_eq!(
            refused(r#"{"name":"a","extra":1}"#, true).field(),
            Some("extra")
        );
        assert_eq!(
            refused(r#"{"name":"a","nmae":1}"#, false).field(),
            Some("nmae")
        );
        assert_eq!(
            refused(r#"{"name":"a","page":1.5}"#, false).field(),
            Some("page")
        );
        assert_eq!(refused("[]", false).field(), Some("input"));
        assert_eq!(refused("{", false).field(), Some("input"));
    }

    #[test]
    fn an_item_endpoint_checks_its_id_and_a_delete_says_what_an_empty_answer_means() {
        let spec = Spec {
            item: true,
            deleting: true,
            ..Spec::new(Method::Delete, "/v2/things")
        };
        let sent = request(&spec, "null", false).unwrap();
        assert_eq!(sent.path, "/v2/things/a%20b");
        assert_eq!(
            sent.empty_answer.as_deref(),
            Some(r#"{"data":{"_id":"a b"}}"#)
        );
        let error = spec
            .request(&Args {
                id: Some("..".into()),
                ..Args::default()
            })
            .unwrap_err();
        assert_eq!(error.field(), Some("id"));
        let body = Spec {
            send: Send::Body,
            ..Spec::new(Method::Post, "/v2/revoke")
        };
        assert_eq!(
            request(&body, "null", false).unwrap().body.as_deref(),
            Some("{}")
        );
    }
}
