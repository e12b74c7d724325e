//! The parser's own nom error type, [`Trace`]: where the innermost failure happened and the
//! `context` labels around it. It stays inside `src/parse/`; `parse/mod.rs` turns it into a
//! [`crate::error::ParseError`] with a line and column.

use nom::IResult;
use nom::error::{ContextError, ErrorKind, FromExternalError, ParseError};

/// Result of every parser in `src/parse/`.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, Trace<'a>>;

/// A nom error that keeps the remaining input where parsing stopped and the labels
/// (`context`) of the grammar pieces around that spot, innermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trace<'a> {
    /// The remaining input at the failure; always a suffix of the parsed text.
    pub(crate) input: &'a str,
    /// `context` labels, innermost first.
    pub(crate) labels: Vec<&'static str>,
}

impl<'a> Trace<'a> {
    /// An error at `input` labelled with what was expected there.
    pub(crate) fn expected(input: &'a str, label: &'static str) -> Self {
        Trace {
            input,
            labels: vec![label],
        }
    }

    /// The innermost label, if any.
    pub(crate) fn innermost(&self) -> Option<&'static str> {
        self.labels.first().copied()
    }
}

impl<'a> ParseError<&'a str> for Trace<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        Trace {
            input,
            labels: Vec::new(),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed branches of an `alt`, keep the one that got further.
    fn or(self, other: Self) -> Self {
        if self.input.len() < other.input.len() {
            self
        } else {
            other
        }
    }
}

impl<'a> ContextError<&'a str> for Trace<'a> {
    fn add_context(_input: &'a str, ctx: &'static str, mut other: Self) -> Self {
        other.labels.push(ctx);
        other
    }
}

impl<'a, E> FromExternalError<&'a str, E> for Trace<'a> {
    fn from_external_error(input: &'a str, kind: ErrorKind, _e: E) -> Self {
        Self::from_error_kind(input, kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::Parser;
    use nom::branch::alt;
    use nom::bytes::complete::tag;
    use nom::error::context;

    #[test]
    fn trace_keeps_the_furthest_branch_and_its_labels() {
        let result: PResult<'_, (&str, &str)> = alt((
            context("short", (tag("ab"), tag("x"))),
            context("long", (tag("abc"), tag("y"))),
        ))
        .parse("abcz");
        let Err(nom::Err::Error(e)) = result else {
            panic!("expected an error, got {result:?}");
        };
        assert_eq!(e.input, "z");
        assert_eq!(e.innermost(), Some("long"));
    }

    #[test]
    fn trace_expected_sets_the_label() {
        let e = Trace::expected("rest", "a year");
        assert_eq!((e.input, e.innermost()), ("rest", Some("a year")));
    }
}
