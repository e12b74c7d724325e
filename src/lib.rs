//! pressroom turns public agencies' news releases into open datasets.
//!
//! A run reads a folder of release files, parses each into a [`release::Release`]
//! ([`parse`]), extracts programs, partners, outcomes and quoted people ([`extract`]), and
//! writes the tables as CSV, JSON Lines and Parquet ([`write`](mod@write)). [`pipeline`] connects the stages;
//! [`schema`] defines every table once.
#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod corpus;
pub mod dataset;
pub mod error;
pub mod extract;
pub mod incremental;
pub mod input_list;
pub mod log;
pub mod manifest;
pub mod outdir;
pub mod parse;
pub mod pipeline;
pub mod records;
pub mod release;
pub mod report;
pub mod schema;
pub mod shard;
pub mod sink;
pub mod summary;
pub mod write;

pub use error::{Error, ErrorKind, ParseError};
