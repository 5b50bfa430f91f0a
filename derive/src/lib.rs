//! The derives behind "each type is declared once" in verifik-face.
//!
//! A model type is one Rust declaration. Its `#[serde(...)]` attributes (the ones tsify
//! reads to write the TypeScript declaration) also tell these derives the JSON name of
//! each field, which fields are optional, which are flattened and which are skipped, so
//! the readers and the writer can never disagree with the `.d.ts`:
//!
//! - `FromJson`: the lenient reader of Verifik's answers (an unusable optional field is
//!   dropped; a missing required one is reported with its path);
//! - `ToJson`: the writer (results for JavaScript, request bodies);
//! - `FromInput`: the strict reader of a caller's argument (unknown and wrong fields are
//!   refused, naming the field);
//! - `Choice`: a closed set of names (a unit enum), read and written as its names.
//!
//! The code they emit is plain, non-generic calls into the crate's `json` module, one
//! per field, so the WebAssembly module carries no generic decoding code per type.
//! `FromJson` also emits the type's table (`api::answer::Described`): its members as
//! static data, which the one walk of `api::answer` interprets to normalise an answer
//! in place. Beyond serde's attributes, a field may say `#[json(normalize = "path")]`: a
//! function `fn(&mut Members, &'static str, &mut Walk) -> Result<(), Shape>` that
//! brings the member into its declared form in place (and notes the change).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{
    parse_macro_input, Data, DeriveInput, Error, Fields, GenericArgument, LitStr, PathArguments,
    Type,
};

/// The lenient reader of an answer type: `ReadMembers` (its fields, read from the object
/// they sit in, so it can be flattened into another) and `FromJson`.
#[proc_macro_derive(FromJson, attributes(serde, tsify, json))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, from_json)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// The writer: `WriteMembers` (its fields, written into an object being written) and
/// `ToJson`.
#[proc_macro_derive(ToJson, attributes(serde, tsify, json))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, to_json)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// The strict reader of an argument type: `FromInput` (its accepted field names and the
/// reader) and `InputValue` (so it can be a nested member of another argument).
#[proc_macro_derive(FromInput, attributes(serde, tsify, json))]
pub fn derive_from_input(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, from_input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// A closed set of names: a unit enum whose variants are written as their serde names
/// (after `rename_all` and `rename`). Emits `NAMES`, `as_str`, `from_name`, and the
/// `FromJson`, `ToJson` and `InputValue` impls.
#[proc_macro_derive(Choice, attributes(serde, tsify))]
pub fn derive_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    choice(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

// ---------------------------------------------------------------------------------------
// Reading the declaration
// ---------------------------------------------------------------------------------------

/// One field as the attributes describe it.
struct Field {
    ident: syn::Ident,
    ty: Type,
    /// The JSON member name.
    name: String,
    /// Other names read too (`#[serde(alias = "…")]`), after `name`.
    aliases: Vec<String>,
    flatten: bool,
    skip: bool,
    /// `skip_serializing_if = "predicate"`: the member is left out when writing whenever
    /// the predicate holds for it.
    skip_if: Option<syn::Path>,
    /// `#[json(normalize = "path")]`: the declared normalisation of the member, in place.
    normalize: Option<syn::Path>,
    /// `#[json(given)]`: the argument's undeclared keys and strictness (a `Given`).
    given: bool,
    /// `#[tsify(type = "…")]`: the TypeScript type, when declared by hand.
    ts_type: Option<String>,
}

/// `rename_all` cases serde knows and this project uses.
fn renamed(name: &str, rule: Option<&str>) -> String {
    match rule {
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for ch in name.chars() {
                if ch == '_' {
                    upper = true;
                } else if upper {
                    out.extend(ch.to_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            out
        }
        Some("lowercase") => name.to_lowercase(),
        Some("UPPERCASE") | Some("SCREAMING_SNAKE_CASE") => name.to_uppercase(),
        _ => name.to_owned(),
    }
}

/// `Fast` → `fast` for variant names before `rename_all` (serde renames variants from
/// their PascalCase names).
fn variant_base(name: &str, rule: Option<&str>) -> String {
    match rule {
        Some("lowercase") => name.to_lowercase(),
        Some("UPPERCASE") => name.to_uppercase(),
        Some("camelCase") => {
            let mut chars = name.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => name.to_owned(),
    }
}

/// The container's `rename_all`, if any. A container attribute these derives do not
/// understand is refused, so the readers cannot silently disagree with the `.d.ts`.
fn rename_all(input: &DeriveInput) -> syn::Result<Option<String>> {
    let mut rule = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                rule = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("deny_unknown_fields") || meta.path.is_ident("untagged") {
                // Arguments are strict anyway; an untagged enum has a hand-written reader.
            } else {
                return Err(meta.error(
                    "serde container attribute not understood here (known: rename_all, \
                     deny_unknown_fields, untagged)",
                ));
            }
            Ok(())
        })?;
    }
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("tsify")) {
        attr.parse_nested_meta(|meta| {
            Err(meta.error("tsify container attribute not understood by these derives"))
        })?;
    }
    Ok(rule)
}

/// Checks a field's `#[tsify(...)]` (only `type = "…"` and `optional` are understood)
/// and returns its declared TypeScript type, if any.
fn check_tsify(attr: &syn::Attribute) -> syn::Result<Option<String>> {
    let mut ts_type = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("type") {
            ts_type = Some(meta.value()?.parse::<LitStr>()?.value());
            Ok(())
        } else if meta.path.is_ident("optional") {
            Ok(())
        } else {
            Err(meta.error("tsify attribute not understood here (known: type, optional)"))
        }
    })?;
    Ok(ts_type)
}

fn fields(input: &DeriveInput) -> syn::Result<Vec<Field>> {
    let rule = rename_all(input)?;
    let Data::Struct(data) = &input.data else {
        return Err(Error::new_spanned(input, "only structs with named fields"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(Error::new_spanned(input, "only structs with named fields"));
    };
    let mut out = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut parsed = Field {
            name: renamed(&ident.to_string(), rule.as_deref()),
            ident,
            ty: field.ty.clone(),
            aliases: Vec::new(),
            flatten: false,
            skip: false,
            skip_if: None,
            normalize: None,
            given: false,
            ts_type: None,
        };
        for attr in &field.attrs {
            if attr.path().is_ident("serde") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        parsed.name = meta.value()?.parse::<LitStr>()?.value();
                    } else if meta.path.is_ident("alias") {
                        parsed
                            .aliases
                            .push(meta.value()?.parse::<LitStr>()?.value());
                    } else if meta.path.is_ident("flatten") {
                        parsed.flatten = true;
                    } else if meta.path.is_ident("skip") {
                        parsed.skip = true;
                    } else if meta.path.is_ident("skip_serializing_if") {
                        parsed.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                    } else if meta.path.is_ident("default") {
                        if meta.input.peek(syn::Token![=]) {
                            meta.value()?.parse::<LitStr>()?;
                        }
                    } else {
                        return Err(meta.error(
                            "serde attribute not understood here (known: rename, alias, \
                             flatten, skip, skip_serializing_if, default)",
                        ));
                    }
                    Ok(())
                })?;
            } else if attr.path().is_ident("tsify") {
                parsed.ts_type = check_tsify(attr)?;
            } else if attr.path().is_ident("json") {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("normalize") {
                        let path = meta.value()?.parse::<LitStr>()?;
                        parsed.normalize = Some(path.parse()?);
                        Ok(())
                    } else if meta.path.is_ident("given") {
                        parsed.given = true;
                        Ok(())
                    } else {
                        Err(meta.error("expected `normalize = \"path\"` or `given`"))
                    }
                })?;
            }
        }
        out.push(parsed);
    }
    Ok(out)
}

/// The last segment of a type's path and its single type argument, if any:
/// `Option<Vec<String>>` → (`Option`, `Vec<String>`).
fn split(ty: &Type) -> (String, Option<&Type>) {
    let Type::Path(path) = ty else {
        return (String::new(), None);
    };
    let Some(last) = path.path.segments.last() else {
        return (String::new(), None);
    };
    let inner = match &last.arguments {
        PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    };
    (last.ident.to_string(), inner)
}

fn expand(
    input: &DeriveInput,
    body: fn(&DeriveInput, &[Field]) -> syn::Result<Tokens>,
) -> syn::Result<Tokens> {
    let fields = fields(input)?;
    body(input, &fields)
}

// ---------------------------------------------------------------------------------------
// FromJson
// ---------------------------------------------------------------------------------------

/// Whether reading `field` can fail the whole object (its read ends in `?`): a flattened
/// part, a custom reader, a list or a required field. Absent or odd optional fields never
/// fail it.
fn answer_field_can_fail(field: &Field) -> bool {
    if field.flatten {
        return true;
    }
    let (outer, _) = split(&field.ty);
    !matches!(outer.as_str(), "Option" | "OwnedValue")
}

/// The expression reading one field from `object` (a `&Value`) with key `KEY`.
fn read_answer_field(field: &Field) -> Tokens {
    let json = quote!(crate::json);
    let ty = &field.ty;
    if field.flatten {
        return quote!(<#ty as #json::ReadMembers>::read_members(object)?);
    }
    let key = quote!(key);
    let (outer, inner) = split(ty);
    let inner_name = inner.map(|ty| split(ty).0).unwrap_or_default();
    match (outer.as_str(), inner_name.as_str()) {
        ("Option", "String") => quote!(#json::lenient::<::std::string::String>(object, #key)),
        ("Option", "f64") => quote!(#json::number(object, #key)),
        ("Option", "u64") => quote!(#json::count(object, #key)),
        ("Option", "bool") => quote!(#json::flag(object, #key)),
        ("Option", "OwnedValue") => {
            quote!(object.field(#key).map(#json::Value::to_owned_value))
        }
        ("Option", _) => quote!(#json::lenient(object, #key)),
        ("Vec", _) if field.skip_if.is_some() => quote!(#json::list_or_absent(object, #key)?),
        ("Vec", _) => quote!(#json::list(object, #key)?),
        ("f64", _) => quote!(#json::required_number(object, #key)?),
        ("OwnedValue", _) => {
            quote!(object.get(#key).map(#json::Value::to_owned_value).unwrap_or_default())
        }
        _ => quote!(#json::required(object, #key)?),
    }
}

/// The generics of `input` with `bound` added to every type parameter, and an
/// `#[inline(always)]` for the methods of a generic type: their code then lands in the
/// (non-generic) answer decoders instead of being copied per type argument.
fn bounded(input: &DeriveInput, bound: Tokens) -> (syn::Generics, Tokens) {
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#bound));
    }
    let inline = if input.generics.type_params().next().is_some() {
        quote!(#[inline(always)])
    } else {
        quote!()
    };
    (generics, inline)
}

fn from_json(input: &DeriveInput, fields: &[Field]) -> syn::Result<Tokens> {
    let json = quote!(crate::json);
    let ident = &input.ident;
    let (generics, inline) = bounded(input, quote!(#json::FromJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    // Fields that can fail the object are read first, in declaration order, and the
    // rest after them: an early `?` then has nothing read yet to drop, which keeps each
    // reader's error exits small (the order of reads is invisible to the caller).
    let mut failing: Vec<Tokens> = Vec::new();
    let mut reads = Vec::new();
    let mut members = Vec::new();
    let mut names = Vec::new();
    for field in fields {
        let member = &field.ident;
        // Locals get a prefix so that a field named like a local (`object`) shadows nothing.
        let local = quote::format_ident!("field_{}", member);
        members.push(quote!(#member: #local));
        if field.skip {
            reads.push(quote!(let #local = ::core::default::Default::default();));
            continue;
        }
        let ty = &field.ty;
        if field.flatten {
            names.push(quote!(<#ty as #json::ReadMembers>::names(out);));
        } else {
            let name = &field.name;
            names.push(quote!(out.push(#name);));
        }
        let read = read_answer_field(field);
        let key = if field.aliases.is_empty() {
            let name = &field.name;
            quote!(#name)
        } else {
            let all = std::iter::once(&field.name).chain(&field.aliases);
            quote!(#json::first_key(object, &[#(#all),*]))
        };
        let statement = quote!(let #local = { let key = #key; let _ = key; #read };);
        if answer_field_can_fail(field) {
            failing.push(statement);
        } else {
            reads.push(statement);
        }
    }
    let expected = format!("{} object", article(&ident.to_string()));
    let table = table(input, fields, &expected);
    Ok(quote! {
        #table
        impl #impl_generics #json::ReadMembers for #ident #ty_generics #where_clause {
            #inline
            fn read_members(object: &#json::Value<'_>) -> ::core::result::Result<Self, #json::Shape> {
                #(#failing)*
                #(#reads)*
                ::core::result::Result::Ok(Self { #(#members),* })
            }
            fn names(out: &mut ::std::vec::Vec<&'static str>) {
                #(#names)*
            }
        }
        impl #impl_generics #json::FromJson for #ident #ty_generics #where_clause {
            #inline
            fn from_json(value: &#json::Value<'_>) -> ::core::result::Result<Self, #json::Shape> {
                if !value.is_object() {
                    return ::core::result::Result::Err(#json::Shape::wrong(value, #expected));
                }
                <Self as #json::ReadMembers>::read_members(value)
            }
        }
    })
}

/// The type's table: one `Field` per declared member, as static data.
fn table(input: &DeriveInput, fields: &[Field], expected: &str) -> Tokens {
    let answer = quote!(crate::api::answer);
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#answer::Described));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let mut members = Vec::new();
    for field in fields.iter().filter(|f| !f.skip && !f.given) {
        let name = &field.name;
        let aliases = &field.aliases;
        let (outer, inner) = split(&field.ty);
        let ty = &field.ty;
        let (kind, required) = if field.flatten {
            (
                quote!(#answer::Kind::Flatten(<#ty as #answer::Described>::TABLE)),
                false,
            )
        } else if let Some(normalize) = &field.normalize {
            (quote!(#answer::Kind::Normalize(#normalize)), false)
        } else {
            match (outer.as_str(), inner) {
                ("Option", Some(inner)) => (
                    quote!(#answer::Kind::Value(<#inner as #answer::Described>::TABLE)),
                    false,
                ),
                ("Vec", Some(inner)) => (
                    quote!(#answer::Kind::List(<#inner as #answer::Described>::TABLE)),
                    false,
                ),
                ("OwnedValue", _) => (quote!(#answer::Kind::Value(#answer::AS_RECEIVED)), false),
                _ => (
                    quote!(#answer::Kind::Value(<#ty as #answer::Described>::TABLE)),
                    true,
                ),
            }
        };
        members.push(quote! {
            #answer::Field { name: #name, aliases: &[#(#aliases),*], kind: #kind, required: #required }
        });
    }
    let (reshape, rows) = match container_json(input) {
        Ok(found) => found,
        Err(error) => return error.into_compile_error(),
    };
    let reshape = match reshape {
        Some(path) => quote!(::core::option::Option::Some(#path)),
        None => quote!(::core::option::Option::None),
    };
    let rows = match rows {
        None => quote!(::core::option::Option::None),
        Some(key) => {
            let row = fields
                .iter()
                .find(|field| field.name == key.value())
                .and_then(|field| match split(&field.ty) {
                    (outer, Some(inner)) if outer == "Vec" => Some(inner),
                    _ => None,
                });
            let Some(row) = row else {
                return syn::Error::new(key.span(), "`rows` must name a `Vec<T>` field")
                    .into_compile_error();
            };
            quote!(::core::option::Option::Some(#answer::Rows {
                key: #key,
                row: <#row as #answer::Described>::TABLE,
            }))
        }
    };
    quote! {
        impl #impl_generics #answer::Described for #ident #ty_generics #where_clause {
            const TABLE: &'static #answer::Table = &#answer::Table {
                expected: #expected,
                fields: &[#(#members),*],
                reshape: #reshape,
                rows: #rows,
            };
        }
    }
}

/// The container's `#[json(reshape = "path")]`: the hook that brings an answer Verifik
/// sends in several shapes into the declared one; and its `#[json(rows = "member")]`: a
/// list answer whose hook reads the rows of that `Vec<T>` member as the SDK's lists do
/// (`answer::Rows`).
fn container_json(input: &DeriveInput) -> syn::Result<(Option<syn::Path>, Option<LitStr>)> {
    let mut reshape = None;
    let mut rows = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("json")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("reshape") {
                reshape = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("rows") {
                rows = Some(meta.value()?.parse::<LitStr>()?);
                Ok(())
            } else {
                Err(meta.error("expected `reshape = \"path\"` or `rows = \"member\"`"))
            }
        })?;
    }
    Ok((reshape, rows))
}

/// `a Person` / `an Envelope`, for "expected …" messages.
fn article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {name}", if vowel { "an" } else { "a" })
}

// ---------------------------------------------------------------------------------------
// ToJson
// ---------------------------------------------------------------------------------------

fn to_json(input: &DeriveInput, fields: &[Field]) -> syn::Result<Tokens> {
    let json = quote!(crate::json);
    let ident = &input.ident;
    let (generics, inline) = bounded(input, quote!(#json::ToJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let mut writes = Vec::new();
    let mut names = Vec::new();
    for field in fields.iter().filter(|f| !f.skip || f.given) {
        let member = &field.ident;
        let ty = &field.ty;
        if field.given {
            writes.push(quote!(#json::WriteMembers::write_members(&self.#member, object);));
            continue;
        }
        if field.flatten {
            writes.push(quote!(#json::WriteMembers::write_members(&self.#member, object);));
            names.push(quote!(<#ty as #json::WriteMembers>::names(out);));
            continue;
        }
        let name = &field.name;
        names.push(quote!(out.push(#name);));
        let (outer, _) = split(ty);
        let write = match outer.as_str() {
            "Option" => quote!(object.nullable(#name, &self.#member);),
            _ => quote!(object.value(#name, &self.#member);),
        };
        // The predicate `skip_serializing_if` names decides, as it does for serde.
        let write = match &field.skip_if {
            Some(predicate) => quote!(if !#predicate(&self.#member) { #write }),
            None => write,
        };
        writes.push(write);
    }
    Ok(quote! {
        impl #impl_generics #json::WriteMembers for #ident #ty_generics #where_clause {
            #inline
            fn write_members(&self, object: &mut #json::ObjectWriter<'_>) {
                #(#writes)*
            }
            fn names(out: &mut ::std::vec::Vec<&'static str>) {
                #(#names)*
            }
        }
        impl #impl_generics #json::ToJson for #ident #ty_generics #where_clause {
            #inline
            fn write_json(&self, out: &mut ::std::string::String) {
                let mut object = #json::ObjectWriter::new(out);
                #json::WriteMembers::write_members(self, &mut object);
                object.end();
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// FromInput
// ---------------------------------------------------------------------------------------

fn from_input(input: &DeriveInput, fields: &[Field]) -> syn::Result<Tokens> {
    let json = quote!(crate::json);
    let error = quote!(crate::error::Error);
    let ident = &input.ident;
    let mut reads = Vec::new();
    let mut members = Vec::new();
    let keeps_unknown = fields.iter().any(|field| field.given);
    // The fields declared as images (`ImageInput`, `ImageInput[]`): the skin reads their
    // bytes, Blobs and Files into base64 before the core sees the argument.
    let images: Vec<&String> = fields
        .iter()
        .filter(|field| {
            field
                .ts_type
                .as_deref()
                .is_some_and(|ty| ty.starts_with("ImageInput"))
        })
        .map(|field| &field.name)
        .collect();
    for field in fields {
        let member = &field.ident;
        if field.given {
            reads.push(quote!(#member: input.given()));
            continue;
        }
        if field.skip {
            reads.push(quote!(#member: ::core::default::Default::default()));
            continue;
        }
        if field.flatten {
            // A part of fields shared by several arguments, read from the same object.
            let ty = &field.ty;
            members.push(quote!(#json::InputMember::Part(<#ty as #json::FromInput>::INPUT)));
            reads.push(quote!(#member: <#ty as #json::FromInput>::from_input(input)?));
            continue;
        }
        let name = &field.name;
        let (outer, inner) = split(&field.ty);
        let (held, required) = match (outer.as_str(), inner) {
            ("Option", Some(inner)) => (inner, false),
            _ => (&field.ty, true),
        };
        members.push(quote!(#json::InputMember::Named(#json::InputField {
            name: #name,
            kind: <#held as #json::InputValue>::KIND,
            required: #required,
        })));
        let read = match (outer.as_str(), inner) {
            ("Option", Some(inner)) => quote!(input.optional::<#inner>(#name)?),
            _ => {
                let ty = &field.ty;
                quote!(input.required::<#ty>(#name)?)
            }
        };
        reads.push(quote!(#member: #read));
    }
    Ok(quote! {
        impl #json::FromInput for #ident {
            const INPUT: &'static #json::InputTable = &#json::InputTable {
                members: &[#(#members),*],
                keeps_unknown: #keeps_unknown,
                images: &[#(#images),*],
            };
            fn from_input(input: &#json::Input<'_>) -> ::core::result::Result<Self, #error> {
                ::core::result::Result::Ok(Self { #(#reads),* })
            }
        }
        impl #json::InputValue for #ident {
            const KIND: #json::InputKind =
                #json::InputKind::Object(<Self as #json::FromInput>::INPUT);
            fn read_input(
                input: &#json::Input<'_>,
                key: &str,
                value: &#json::Value<'_>,
            ) -> ::core::result::Result<Self, #error> {
                input.nested_object(key, value)
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Choice
// ---------------------------------------------------------------------------------------

fn choice(input: &DeriveInput) -> syn::Result<Tokens> {
    let json = quote!(crate::json);
    let error = quote!(crate::error::Error);
    let ident = &input.ident;
    let rule = rename_all(input)?;
    let Data::Enum(data) = &input.data else {
        return Err(Error::new_spanned(input, "Choice: only unit enums"));
    };
    let mut variants = Vec::new();
    let mut names = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(Error::new_spanned(variant, "Choice: only unit variants"));
        }
        let mut name = variant_base(&variant.ident.to_string(), rule.as_deref());
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    name = meta.value()?.parse::<LitStr>()?.value();
                    Ok(())
                } else {
                    Err(meta.error("serde variant attribute not understood here (known: rename)"))
                }
            })?;
        }
        variants.push(variant.ident.clone());
        names.push(name);
    }
    let expected = format!(
        "one of {}",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(quote! {
        impl #ident {
            /// Every name of the set, as the API writes it.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The name as the API writes it.
            pub fn as_str(self) -> &'static str {
                match self { #(Self::#variants => #names,)* }
            }

            /// The member of the set with this exact name.
            pub fn from_name(name: &str) -> ::core::option::Option<Self> {
                match name {
                    #(#names => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }
        impl #json::ToJson for #ident {
            fn write_json(&self, out: &mut ::std::string::String) {
                #json::write_string(out, self.as_str());
            }
            fn write_query(&self, key: &str, query: &mut #json::ObjectWriter<'_>) {
                self.as_str().write_query(key, query);
            }
        }
        impl #json::FromJson for #ident {
            fn from_json(value: &#json::Value<'_>) -> ::core::result::Result<Self, #json::Shape> {
                value
                    .as_str()
                    .and_then(Self::from_name)
                    .ok_or_else(|| #json::Shape::wrong(value, #expected))
            }
        }
        impl #json::InputValue for #ident {
            const KIND: #json::InputKind = #json::InputKind::Choice(Self::NAMES);
            fn read_input(
                input: &#json::Input<'_>,
                key: &str,
                value: &#json::Value<'_>,
            ) -> ::core::result::Result<Self, #error> {
                input.choice(key, value, Self::NAMES, Self::from_name)
            }
        }
    })
}
