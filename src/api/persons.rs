//! `/v2/face-recognition/persons`: create, list, retrieve, update, delete, lookup, and
//! create with liveness.
//!
//! Upstream: <https://docs.verifik.co/resources/the-person-object>

use super::{item_path, resource_path, validate, Call, Method};
use crate::encoding::percent_encode;
use crate::error::Error;
use crate::model::{
    CreatePersonInput, CreatePersonWithLivenessInput, DeletePersonOptions, DeletedPerson, Envelope,
    ListPersonsQuery, LookupPersonsQuery, LookupResult, Person, PersonList, UpdatePersonInput,
    SEARCH_MODES,
};

const RESOURCE: &str = "persons";
/// The largest page `persons.list` accepts.
pub const MAX_PAGE_SIZE: u32 = 100;

/// `POST /persons`: enrols a person with one to three face images.
/// <https://docs.verifik.co/resources/create-a-person>
pub fn create(input: &CreatePersonInput) -> Result<Call<Envelope<Person>>, Error> {
    validate::not_blank("name", &input.name)?;
    let images = validate::images(&input.images)?;
    validate::gender(input.gender.as_deref())?;
    validate::date_of_birth(input.date_of_birth.as_deref())?;
    validate::collection_ids(input.collections.as_deref())?;
    let body = CreatePersonInput {
        images,
        ..input.clone()
    };
    Call::with_json(Method::Post, resource_path(RESOURCE), &body)
}

/// `GET /persons`: one page of persons, optionally of one collection.
/// <https://docs.verifik.co/resources/list-all-persons>
pub fn list(query: &ListPersonsQuery) -> Result<Call<PersonList>, Error> {
    let mut params = Vec::new();
    if let Some(page) = query.page {
        if page == 0 {
            return Err(Error::invalid_input("page", "starts at 1"));
        }
        params.push(format!("page={page}"));
    }
    if let Some(limit) = query.limit {
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(Error::invalid_input(
                "limit",
                format!("must be between 1 and {MAX_PAGE_SIZE}, not {limit}"),
            ));
        }
        params.push(format!("limit={limit}"));
    }
    if let Some(collection) = &query.collection {
        validate::not_blank("collection", collection)?;
        params.push(format!("collection={}", percent_encode(collection)));
    }
    let mut path = resource_path(RESOURCE);
    if !params.is_empty() {
        path = format!("{path}?{}", params.join("&"));
    }
    Ok(Call::new(Method::Get, path, None))
}

/// `GET /persons/{id}`: one person by `_id`.
/// <https://docs.verifik.co/resources/retrieve-a-person>
pub fn retrieve(id: &str) -> Result<Call<Envelope<Person>>, Error> {
    Ok(Call::new(Method::Get, item_path(RESOURCE, "id", id)?, None))
}

/// `PUT /persons/{id}`: changes only the fields given.
/// <https://docs.verifik.co/resources/persons/update-a-person>
pub fn update(id: &str, input: &UpdatePersonInput) -> Result<Call<Envelope<Person>>, Error> {
    let path = item_path(RESOURCE, "id", id)?;
    if *input == UpdatePersonInput::default() {
        return Err(Error::invalid_input(
            "update",
            "names no field to change (name, images, gender, date_of_birth, nationality, collections, notes)",
        ));
    }
    validate::optional_not_blank("name", input.name.as_deref())?;
    let images = input.images.as_deref().map(validate::images).transpose()?;
    validate::gender(input.gender.as_deref())?;
    validate::date_of_birth(input.date_of_birth.as_deref())?;
    validate::collection_ids(input.collections.as_deref())?;
    let body = UpdatePersonInput {
        images,
        ..input.clone()
    };
    Call::with_json(Method::Put, path, &body)
}

/// `DELETE /persons/{id}[?collection=]`: deletes a person, or detaches them from one
/// collection.
/// <https://docs.verifik.co/resources/persons/delete-a-person>
pub fn delete(
    id: &str,
    options: &DeletePersonOptions,
) -> Result<Call<Envelope<DeletedPerson>>, Error> {
    let mut path = item_path(RESOURCE, "id", id)?;
    if let Some(collection) = &options.collection {
        validate::not_blank("collection", collection)?;
        path = format!("{path}?collection={}", percent_encode(collection));
    }
    Ok(Call::new(Method::Delete, path, None).deleting(id))
}

/// The fewest characters `persons.lookup` needs in `name` once digits are removed.
pub const MIN_LOOKUP_NAME: usize = 3;

/// `GET /persons/lookup`: persons whose name contains `name` (case-insensitive),
/// optionally born on `date_of_birth`; a metadata lookup, not a face search.
/// <https://docs.verifik.co/resources/lookup-a-person>
pub fn lookup(query: &LookupPersonsQuery) -> Result<Call<LookupResult>, Error> {
    let letters = query
        .name
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>();
    if letters.trim().chars().count() < MIN_LOOKUP_NAME {
        return Err(Error::invalid_input(
            "name",
            format!("needs at least {MIN_LOOKUP_NAME} characters besides digits"),
        ));
    }
    validate::date_of_birth(query.date_of_birth.as_deref())?;
    let mut params = vec![format!("name={}", percent_encode(&query.name))];
    if let Some(date) = &query.date_of_birth {
        params.push(format!("date_of_birth={date}"));
    }
    if let Some(page) = query.page {
        if page == 0 {
            return Err(Error::invalid_input("page", "starts at 1"));
        }
        params.push(format!("page={page}"));
    }
    validate::count("limit", query.limit, MAX_PAGE_SIZE)?;
    if let Some(limit) = query.limit {
        params.push(format!("limit={limit}"));
    }
    let path = format!("{}/lookup?{}", resource_path(RESOURCE), params.join("&"));
    Ok(Call::new(Method::Get, path, None))
}

/// `POST /persons/search-live-face`: checks liveness, refuses a face already enrolled in
/// the collection (`409:duplicated_person`), then enrols the person there.
/// <https://docs.verifik.co/resources/create-a-person-with-liveness>
pub fn create_with_liveness(
    input: &CreatePersonWithLivenessInput,
) -> Result<Call<Envelope<Person>>, Error> {
    validate::not_blank("name", &input.name)?;
    let images = validate::images(&input.images)?;
    validate::not_blank("collection_id", &input.collection_id)?;
    validate::score("liveness_min_score", input.liveness_min_score, 0.5, 1.0)?;
    validate::score("min_score", input.min_score, 0.5, 1.0)?;
    validate::one_of("search_mode", &input.search_mode, &SEARCH_MODES)?;
    validate::gender(input.gender.as_deref())?;
    validate::date_of_birth(input.date_of_birth.as_deref())?;
    let body = CreatePersonWithLivenessInput {
        images,
        ..input.clone()
    };
    Call::with_json(
        Method::Post,
        format!("{}/search-live-face", resource_path(RESOURCE)),
        &body,
    )
}
