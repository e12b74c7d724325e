//! Parsing: bytes of one release file to a [`Release`] (being written).

use crate::error::ParseError;
use crate::release::Release;

/// Settings of the parser.
#[derive(Debug, Clone)]
pub struct ParseConfig {
    /// Zone assumed for a date that states none.
    pub default_zone: chrono_tz::Tz,
}

impl Default for ParseConfig {
    fn default() -> Self {
        ParseConfig {
            default_zone: chrono_tz::America::Los_Angeles,
        }
    }
}

/// Parses one release file.
///
/// # Errors
/// A [`ParseError`] naming the file, line and column when the file is not a release.
pub fn parse_release(
    bytes: &[u8],
    source_file: &str,
    config: &ParseConfig,
) -> Result<Release, ParseError> {
    let _ = (bytes, source_file, config);
    todo!("parser")
}
