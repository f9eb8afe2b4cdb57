//! [`Format`]: JSON or XML, the request's `Format` parameter and the response body's
//! format.

/// The wire format: what the request's `Format` parameter asks for, and so what the
/// body of the response is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Format {
    /// `Format=JSON`, what every official SDK asks for.
    #[default]
    Json,
    /// `Format=XML`, the server's default when `Format` is omitted.
    Xml,
}

impl Format {
    /// The parameter's value, `JSON` or `XML`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
        }
    }

    /// Tells the format from the first byte that is not whitespace: `<` is XML, `{` is
    /// JSON. Useful when the request's `Format` is unknown (a proxy, a log).
    pub fn sniff(body: &[u8]) -> Option<Self> {
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Some(Self::Xml),
            Some(b'{') => Some(Self::Json),
            _ => None,
        }
    }
}
