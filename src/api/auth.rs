//! Tokens: one-time-code login by email or phone (`/v2/projects/...`), session renewal
//! and renew-and-revoke (`/v2/auth/...`). Login and confirm need no token.
//!
//! Upstream: <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>

use super::{validate, Call, Method};
use crate::encoding::percent_encode;
use crate::error::Error;
use crate::json::{ObjectWriter, ToJson};
use crate::model::{
    AuthToken, EmailConfirmInput, EmailLoginInput, Envelope, OtpSent, PhoneConfirmInput,
    PhoneLoginInput, RenewSessionInput,
};

fn email(value: &str) -> Result<(), Error> {
    validate::not_blank("email", value)?;
    let (user, domain) = value.split_once('@').unwrap_or_default();
    if user.is_empty() || domain.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(Error::invalid_input(
            "email",
            format!("must be an email address, not {value:?}"),
        ));
    }
    Ok(())
}

fn phone(country_code: &str, number: &str) -> Result<(), Error> {
    let digits = country_code.strip_prefix('+').unwrap_or_default();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            "countryCode",
            format!("must be \"+\" and 1 to 4 digits, e.g. \"+1\", not {country_code:?}"),
        ));
    }
    if !(4..=15).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            "phone",
            "must be 4 to 15 digits, without spaces or the country code",
        ));
    }
    Ok(())
}

fn otp(value: &str) -> Result<(), Error> {
    if value.is_empty() || value.len() > 12 || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            "otp",
            "must be the code received (1 to 12 letters or digits)",
        ));
    }
    Ok(())
}

/// `POST /v2/projects/email-login?email=`: sends a one-time code to the address.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub fn email_login(input: &EmailLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    email(&input.email)?;
    let path = format!(
        "/v2/projects/email-login?email={}",
        percent_encode(&input.email)
    );
    Ok(Call::new(Method::Post, path, None))
}

/// `POST /v2/projects/email-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/accounts/authentication/api-key-access-via-email>
pub fn confirm_email_login(input: &EmailConfirmInput) -> Result<Call<AuthToken>, Error> {
    struct Body<'a> {
        email: &'a str,
        otp: &'a str,
    }
    impl ToJson for Body<'_> {
        fn write_json(&self, out: &mut String) {
            ObjectWriter::new(out)
                .value("email", self.email)
                .value("otp", self.otp)
                .end();
        }
    }
    email(&input.email)?;
    otp(&input.otp)?;
    let body = Body {
        email: &input.email,
        otp: &input.otp,
    };
    Call::with_json(
        Method::Post,
        "/v2/projects/email-login/confirm".to_owned(),
        &body,
    )
}

/// The body of both phone-login calls: `{countryCode, phone, type?, otp?}`.
struct PhoneBody<'a> {
    country_code: &'a str,
    phone: &'a str,
    /// `type`: `"login"` when asking for a code, left out when confirming.
    kind: Option<&'a str>,
    /// The code, when confirming.
    otp: Option<&'a str>,
}

impl ToJson for PhoneBody<'_> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .value("countryCode", self.country_code)
            .value("phone", self.phone)
            .optional("type", &self.kind)
            .optional("otp", &self.otp)
            .end();
    }
}

/// `POST /v2/projects/phone-login`: sends a one-time code to the phone.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub fn phone_login(input: &PhoneLoginInput) -> Result<Call<Envelope<OtpSent>>, Error> {
    phone(&input.country_code, &input.phone)?;
    let body = PhoneBody {
        country_code: &input.country_code,
        phone: &input.phone,
        kind: Some("login"),
        otp: None,
    };
    Call::with_json(Method::Post, "/v2/projects/phone-login".to_owned(), &body)
}

/// `POST /v2/projects/phone-login/confirm`: trades the code for an access token.
/// <https://docs.verifik.co/authentication/api-key-access-via-phone>
pub fn confirm_phone_login(input: &PhoneConfirmInput) -> Result<Call<AuthToken>, Error> {
    phone(&input.country_code, &input.phone)?;
    otp(&input.otp)?;
    let body = PhoneBody {
        country_code: &input.country_code,
        phone: &input.phone,
        kind: None,
        otp: Some(&input.otp),
    };
    Call::with_json(
        Method::Post,
        "/v2/projects/phone-login/confirm".to_owned(),
        &body,
    )
}

/// `GET /v2/auth/session?origin=refresh&expiresIn=`: a new token for the (still valid)
/// current one, lasting `expiresIn` months (default 1).
/// <https://docs.verifik.co/authentication/renew-your-token-jwt>
pub fn renew(input: &RenewSessionInput) -> Result<Call<AuthToken>, Error> {
    validate::count("expiresIn", input.expires_in, u32::MAX)?;
    let months = input.expires_in.unwrap_or(1);
    let path = format!("/v2/auth/session?origin=refresh&expiresIn={months}");
    Ok(Call::new(Method::Get, path, None))
}

/// `POST /v2/auth/renew-and-revoke`: revokes every token of the account and answers a
/// new one (valid 30 days).
/// <https://docs.verifik.co/accounts/authentication/create-new-token-and-revoke-previous-tokens>
pub fn renew_and_revoke() -> Call<AuthToken> {
    Call::new(Method::Post, "/v2/auth/renew-and-revoke".to_owned(), None)
}
