//! [`Numeric`] and [`Flag`]: text fields that mean numbers or booleans (`Count`,
//! `TileOut.IsKeepCellPic`), kept as sent and parsed on request.

use core::fmt;

use super::Text;

/// A numeric field sent as text; keeps the wire digits, parses on request.
///
/// The SDKs declare these fields as strings (the documentation quotes `"Time": "4"`), yet
/// bare JSON numbers occur too: both decode to a `Numeric` of the literal digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Numeric<'a>(Text<'a>);

/// Why a text field does not hold the number or boolean its accessor asked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum NumericError {
    /// The text is empty.
    Empty,
    /// The character at this index (in characters) is not a decimal digit.
    NotADigit {
        /// Index of the first offending character.
        at: usize,
    },
    /// The number does not fit in a `u64`.
    Overflow,
    /// The text is neither `true` nor `false`.
    NotABoolean,
}

impl fmt::Display for NumericError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty text where a number was expected"),
            Self::NotADigit { at } => write!(f, "character {at} is not a decimal digit"),
            Self::Overflow => f.write_str("number does not fit in 64 bits"),
            Self::NotABoolean => f.write_str("text is neither \"true\" nor \"false\""),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for NumericError {}

impl<'a> Numeric<'a> {
    /// Wraps a text.
    pub const fn new(text: Text<'a>) -> Self {
        Self(text)
    }

    /// The text as it came on the wire (decoded).
    pub const fn text(&self) -> Text<'a> {
        self.0
    }

    /// The value as an unsigned integer: decimal digits only (no sign, no fraction,
    /// no surrounding spaces).
    ///
    /// # Errors
    /// [`NumericError`] naming the first offending character.
    pub fn get(&self) -> Result<u64, NumericError> {
        if self.0.is_empty() {
            return Err(NumericError::Empty);
        }
        self.0.chars().enumerate().try_fold(0u64, |value, (at, c)| {
            let digit = c.to_digit(10).ok_or(NumericError::NotADigit { at })?;
            value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit)))
                .ok_or(NumericError::Overflow)
        })
    }
}

impl fmt::Display for Numeric<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq<&str> for Numeric<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A boolean field sent as text (`"true"`/`"false"`), such as `TileOut.IsKeepCellPic`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Flag<'a>(Text<'a>);

impl<'a> Flag<'a> {
    /// Wraps a text.
    pub const fn new(text: Text<'a>) -> Self {
        Self(text)
    }

    /// The text as it came on the wire (decoded).
    pub const fn text(&self) -> Text<'a> {
        self.0
    }

    /// `true` for `true`, `false` for `false`, in any ASCII letter case.
    ///
    /// # Errors
    /// [`NumericError::NotABoolean`] for anything else.
    pub fn get(&self) -> Result<bool, NumericError> {
        let is = |word: &str| {
            let mut chars = self.0.chars();
            word.chars()
                .all(|w| chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&w)))
                && chars.next().is_none()
        };
        match (is("true"), is("false")) {
            (true, _) => Ok(true),
            (_, true) => Ok(false),
            _ => Err(NumericError::NotABoolean),
        }
    }
}

impl fmt::Display for Flag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
