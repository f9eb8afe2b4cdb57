//! Parts of an HTTP request shared by both signature versions, the verifier and the
//! request model (public as `signing::{Method, Scheme}`).

use core::fmt;

/// The HTTP method. It is the first component of the string-to-sign, so a request
/// must be sent with the method it was signed with.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Method {
    /// `GET`: every parameter in the URL query.
    Get,
    /// `POST`, what every official SDK sends: parameters in the URL query with an empty
    /// body, or in an `application/x-www-form-urlencoded` body.
    #[default]
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `https` (the default) or `http`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Scheme {
    /// `https://`.
    #[default]
    Https,
    /// `http://`.
    Http,
}

impl Scheme {
    /// `"https"` or `"http"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Https => "https",
            Self::Http => "http",
        }
    }
}
