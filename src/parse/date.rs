//! The date line: `Mon Jan 26 08:10:00 PST 2026` (Unix `date`), and the other ways releases
//! write a date (`January 26, 2026`, `Jan. 26, 2026 8:10 a.m. PT`, `2026-01-26`, `04/14/2021`,
//! `26 January 2026`), with an optional prefix (`Posted:`), weekday, time and zone; then
//! resolution of the zone to a UTC offset with chrono-tz.
//!
//! Deciding whether a line that is not a date was meant to be one is left to `header.rs`.

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday,
};
use chrono_tz::America::{Anchorage, Chicago, Denver, Los_Angeles, New_York, Phoenix};
use chrono_tz::Pacific::Honolulu;
use chrono_tz::{OffsetName, Tz, TzOffset, UTC};
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while_m_n, take_while1};
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::{cut, map, map_opt, opt, value};
use nom::error::{ErrorKind, ParseError as _, context};
use nom::sequence::{delimited, preceded, terminated};

use super::text::line_end;
use super::trace::{PResult, Trace};
use crate::release::Published;

/// What a date line says, before its zone is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawDate<'a> {
    /// The calendar date.
    pub(crate) date: NaiveDate,
    /// The time of day, when the line gives one.
    pub(crate) time: Option<NaiveTime>,
    /// The zone, when the line gives one.
    pub(crate) zone: Option<RawZone<'a>>,
    /// The weekday as written and as read, when the line gives one.
    pub(crate) weekday: Option<(&'a str, Weekday)>,
}

/// A zone as written on the line and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawZone<'a> {
    /// The zone as written (`PST`, `Pacific Time`, `-08:00`).
    pub(crate) written: &'a str,
    /// What it means.
    pub(crate) zone: Zone,
}

/// The meaning of a written zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// An abbreviation that states its offset (`PST` is UTC-8); `region` is used to check that
    /// the abbreviation fits the date.
    Stated {
        /// The IANA zone the abbreviation belongs to.
        region: Tz,
        /// The offset the abbreviation states, in seconds east of UTC.
        offset_secs: i32,
    },
    /// A region's time (`Pacific Time`, `PT`): the offset is the region's on that date.
    Region(Tz),
    /// A numeric offset (`-08:00`, `UTC+1`), in seconds east of UTC.
    Offset(i32),
}

const HOUR: i32 = 3600;

const fn stated(region: Tz, hours: i32) -> Zone {
    Zone::Stated {
        region,
        offset_secs: hours * HOUR,
    }
}

/// Written zones, matched case-insensitively as whole words, longest first (so
/// `Pacific Standard Time` wins over `Pacific Time`, which wins over `Pacific`).
/// MST is read as Arizona time (America/Phoenix): Arizona keeps MST all year, so an MST date in
/// July is not a contradiction there; Denver in July writes MDT.
pub(crate) const ZONES: &[(&str, Zone)] = &[
    ("hawaii-aleutian standard time", stated(Honolulu, -10)),
    ("coordinated universal time", stated(UTC, 0)),
    ("pacific standard time", stated(Los_Angeles, -8)),
    ("pacific daylight time", stated(Los_Angeles, -7)),
    ("mountain standard time", stated(Phoenix, -7)),
    ("mountain daylight time", stated(Denver, -6)),
    ("central standard time", stated(Chicago, -6)),
    ("central daylight time", stated(Chicago, -5)),
    ("eastern standard time", stated(New_York, -5)),
    ("eastern daylight time", stated(New_York, -4)),
    ("alaska standard time", stated(Anchorage, -9)),
    ("alaska daylight time", stated(Anchorage, -8)),
    ("hawaii standard time", stated(Honolulu, -10)),
    ("pacific time", Zone::Region(Los_Angeles)),
    ("mountain time", Zone::Region(Denver)),
    ("central time", Zone::Region(Chicago)),
    ("eastern time", Zone::Region(New_York)),
    ("alaska time", Zone::Region(Anchorage)),
    ("hawaii time", Zone::Region(Honolulu)),
    ("pacific", Zone::Region(Los_Angeles)),
    ("mountain", Zone::Region(Denver)),
    ("central", Zone::Region(Chicago)),
    ("eastern", Zone::Region(New_York)),
    ("akst", stated(Anchorage, -9)),
    ("akdt", stated(Anchorage, -8)),
    ("pst", stated(Los_Angeles, -8)),
    ("pdt", stated(Los_Angeles, -7)),
    ("mst", stated(Phoenix, -7)),
    ("mdt", stated(Denver, -6)),
    ("cst", stated(Chicago, -6)),
    ("cdt", stated(Chicago, -5)),
    ("est", stated(New_York, -5)),
    ("edt", stated(New_York, -4)),
    ("hst", stated(Honolulu, -10)),
    ("utc", stated(UTC, 0)),
    ("gmt", stated(UTC, 0)),
    ("pt", Zone::Region(Los_Angeles)),
    ("mt", Zone::Region(Denver)),
    ("ct", Zone::Region(Chicago)),
    ("et", Zone::Region(New_York)),
    ("z", stated(UTC, 0)),
];

/// Month names and abbreviations (whole words, case-insensitive; a following `.` is allowed).
pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("september", 9),
    ("february", 2),
    ("november", 11),
    ("december", 12),
    ("january", 1),
    ("october", 10),
    ("august", 8),
    ("march", 3),
    ("april", 4),
    ("june", 6),
    ("july", 7),
    ("sept", 9),
    ("may", 5),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Weekday names and abbreviations (whole words, case-insensitive).
pub(crate) const WEEKDAYS: &[(&str, Weekday)] = &[
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("saturday", Weekday::Sat),
    ("tuesday", Weekday::Tue),
    ("monday", Weekday::Mon),
    ("friday", Weekday::Fri),
    ("sunday", Weekday::Sun),
    ("thurs", Weekday::Thu),
    ("tues", Weekday::Tue),
    ("thur", Weekday::Thu),
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Full weekday names for messages, Monday first.
const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words that come before a date on its line (`Posted: Jan 26, 2026`), longest first.
pub(crate) const PREFIXES: &[(&str, ())] = &[
    ("originally posted", ()),
    ("release date", ()),
    ("last updated", ()),
    ("published on", ()),
    ("released on", ()),
    ("posted on", ()),
    ("updated on", ()),
    ("published", ()),
    ("released", ()),
    ("updated", ()),
    ("posted", ()),
    ("issued", ()),
    ("dated", ()),
    ("date", ()),
];

/// Words for a day that are not a date (`Tomorrow`): a line of them was meant to be a date.
pub(crate) const RELATIVE_DAYS: &[&str] = &["today", "tonight", "tomorrow", "yesterday"];

/// Before or after noon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// `a.m.`, `PM`...; longest first so `a.m.` keeps its final period.
const MERIDIEMS: &[(&str, Meridiem)] = &[
    ("a.m.", Meridiem::Am),
    ("p.m.", Meridiem::Pm),
    ("a.m", Meridiem::Am),
    ("p.m", Meridiem::Pm),
    ("am", Meridiem::Am),
    ("pm", Meridiem::Pm),
];

/// Times of day written as words.
const NAMED_TIMES: &[(&str, u32)] = &[("midnight", 0), ("noon", 12)];

/// Words between a date and its time (`January 26, 2026 at 8 a.m.`).
const TIME_SEPARATORS: &[(&str, ())] = &[
    ("at", ()),
    ("-", ()),
    ("\u{2013}", ()),
    ("\u{2014}", ()),
    ("|", ()),
    ("@", ()),
    ("\u{b7}", ()),
];

/// English ordinal endings after a day number (`26th`).
const ORDINALS: &[(&str, ())] = &[("st", ()), ("nd", ()), ("rd", ()), ("th", ())];

/// The date shown to users in messages.
pub(crate) const DATE_EXAMPLE: &str = "a date like 'Mon Jan 26 08:10:00 PST 2026'";

/// The first entry of `table` that starts `i` (ASCII case-insensitive) as a whole word:
/// returns the text as written and the entry's value.
fn keyword<'a, T: Copy>(table: &[(&str, T)], i: &'a str) -> PResult<'a, (&'a str, T)> {
    for &(word, value) in table {
        if let (Some(head), Some(rest)) = (i.get(..word.len()), i.get(word.len()..)) {
            if head.eq_ignore_ascii_case(word) && !rest.starts_with(char::is_alphanumeric) {
                return Ok((rest, (head, value)));
            }
        }
    }
    Err(nom::Err::Error(Trace::from_error_kind(i, ErrorKind::Tag)))
}

/// Between `min` and `max` ASCII digits, not followed by another digit.
fn number(i: &str, min: usize, max: usize) -> PResult<'_, u32> {
    let (rest, digits) = take_while_m_n(min, max, |c: char| c.is_ascii_digit()).parse(i)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(nom::Err::Error(Trace::from_error_kind(
            i,
            ErrorKind::TooLarge,
        )));
    }
    let value = digits
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Ok((rest, value))
}

/// Zero or more spaces (lines are normalized, so at most one).
fn sp0(i: &str) -> PResult<'_, &str> {
    take_while(|c| c == ' ').parse(i)
}

/// One or more spaces.
fn sp1(i: &str) -> PResult<'_, &str> {
    take_while1(|c| c == ' ').parse(i)
}

/// `2026`: four digits.
fn year(i: &str) -> PResult<'_, i32> {
    let four_digits = |i| number(i, 4, 4);
    context(
        "a four-digit year",
        map(four_digits, |y| {
            i32::try_from(y).expect("four digits fit in an i32")
        }),
    )
    .parse(i)
}

/// `01`, `1`: a month as a number.
fn month_number(i: &str) -> PResult<'_, u32> {
    let digits = |i| number(i, 1, 2);
    context("a month number", digits).parse(i)
}

/// `26`, `6`, `26th`: a day of the month.
fn day_of_month(i: &str) -> PResult<'_, u32> {
    let digits = |i| number(i, 1, 2);
    let ordinal = |i| keyword(ORDINALS, i);
    context("a day of the month", terminated(digits, opt(ordinal))).parse(i)
}

/// `January`, `Jan`, `Jan.`, `Sept.`: a month name.
fn month(i: &str) -> PResult<'_, u32> {
    let name = |i| keyword(MONTHS, i);
    context(
        "a month name",
        terminated(map(name, |(_, m)| m), opt(char('.'))),
    )
    .parse(i)
}

/// `Mon `, `Monday, `, `Tues. `: a weekday before a date.
fn weekday(i: &str) -> PResult<'_, (&str, Weekday)> {
    let name = |i| keyword(WEEKDAYS, i);
    context(
        "a weekday",
        terminated(name, (opt(char('.')), opt(char(',')), sp1)),
    )
    .parse(i)
}

/// `Posted: `, `Published on `, `Date: `: words before a date.
fn date_prefix(i: &str) -> PResult<'_, ()> {
    let word = |i| keyword(PREFIXES, i);
    context("a date prefix", value((), (word, opt(char(':')), sp0))).parse(i)
}

/// `a.m.`, `PM`, `am`.
fn meridiem(i: &str) -> PResult<'_, Meridiem> {
    let word = |i| keyword(MERIDIEMS, i);
    map(word, |(_, m)| m).parse(i)
}

/// A time from its parts; `None` when it does not exist (`25:00`, `13 p.m.`).
fn to_time(hour: u32, minute: u32, second: u32, meridiem: Option<Meridiem>) -> Option<NaiveTime> {
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(Meridiem::Am) => hour % 12,
        Some(Meridiem::Pm) => hour % 12 + 12,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// `08:10:00`, `8:10 a.m.`, `08:10:00.000`: a clock time with a colon.
fn clock_time<'a>(i: &'a str) -> PResult<'a, NaiveTime> {
    let hour_digits = |i| number(i, 1, 2);
    let two_digits = |i| number(i, 2, 2);
    let (rest, (hour, _)) = (hour_digits, char(':')).parse(i)?;
    // An hour and a colon: from here on this can only be a clock time.
    cut(move |rest: &'a str| {
        let (rest, (minute, second, _, meridiem)) = (
            two_digits,
            opt(preceded(char(':'), two_digits)),
            opt((char('.'), digit1)),
            opt(preceded(sp0, meridiem)),
        )
            .parse(rest)?;
        let time = to_time(hour, minute, second.unwrap_or(0), meridiem)
            .ok_or_else(|| nom::Err::Failure(Trace::expected(i, "a time of day")))?;
        Ok((rest, time))
    })
    .parse(rest)
}

/// `10 a.m.`, `10AM`: an hour with a meridiem.
fn hour_meridiem(i: &str) -> PResult<'_, NaiveTime> {
    let hour_digits = |i| number(i, 1, 2);
    map_opt((hour_digits, sp0, meridiem), |(hour, _, m)| {
        to_time(hour, 0, 0, Some(m))
    })
    .parse(i)
}

/// `noon`, `midnight`.
fn named_time(i: &str) -> PResult<'_, NaiveTime> {
    let word = |i| keyword(NAMED_TIMES, i);
    map_opt(word, |(_, hour)| NaiveTime::from_hms_opt(hour, 0, 0)).parse(i)
}

/// `08:10:00`, `8:10 a.m.`, `8:10 AM`, `10 a.m.`, `noon`: a time of day.
fn time_of_day(i: &str) -> PResult<'_, NaiveTime> {
    context(
        "a time of day",
        alt((clock_time, hour_meridiem, named_time)),
    )
    .parse(i)
}

/// `-08:00`, `+0100`, `-8`: a numeric offset from UTC (at most 14 hours).
fn numeric_offset(i: &str) -> PResult<'_, i32> {
    let digits = |i| number(i, 1, 4);
    let two_digits = |i| number(i, 2, 2);
    let (rest, (sign, first)) = (one_of("+-"), digits).parse(i)?;
    let consumed = i.len() - rest.len() - 1;
    let (rest, (hours, minutes)) = if consumed <= 2 {
        let (rest, minutes) = opt(preceded(char(':'), two_digits)).parse(rest)?;
        (rest, (first, minutes.unwrap_or(0)))
    } else {
        (rest, (first / 100, first % 100))
    };
    if hours > 14 || minutes > 59 {
        return Err(nom::Err::Error(Trace::from_error_kind(
            i,
            ErrorKind::Verify,
        )));
    }
    let secs = i32::try_from(hours * 3600 + minutes * 60).expect("at most 14 hours");
    Ok((rest, if sign == '-' { -secs } else { secs }))
}

/// `UTC+1`, `GMT-08:00`: UTC with an offset.
fn utc_with_offset(i: &str) -> PResult<'_, RawZone<'_>> {
    let base = |i| keyword(&[("utc", ()), ("gmt", ())], i);
    let (rest, (_, secs)) = (base, numeric_offset).parse(i)?;
    let written = &i[..i.len() - rest.len()];
    let zone = Zone::Offset(secs);
    Ok((rest, RawZone { written, zone }))
}

/// `PST`, `Pacific Time`, `PT`, `UTC`, `Z`.
fn named_zone(i: &str) -> PResult<'_, RawZone<'_>> {
    let name = |i| keyword(ZONES, i);
    map(name, |(written, zone)| RawZone { written, zone }).parse(i)
}

/// `-08:00` as a zone.
fn offset_zone(i: &str) -> PResult<'_, RawZone<'_>> {
    let (rest, secs) = numeric_offset(i)?;
    let written = &i[..i.len() - rest.len()];
    Ok((
        rest,
        RawZone {
            written,
            zone: Zone::Offset(secs),
        },
    ))
}

/// `PST`, `Pacific Time`, `(EST)`, `UTC+1`, `-08:00`, `Z`: a time zone.
fn time_zone(i: &str) -> PResult<'_, RawZone<'_>> {
    let bare = |i| alt((utc_with_offset, named_zone, offset_zone)).parse(i);
    context(
        "a time zone",
        alt((delimited(char('('), bare, char(')')), bare)),
    )
    .parse(i)
}

/// Between a date and its time: ` `, `, `, ` at `, ` - `, `T`.
fn time_separator(i: &str) -> PResult<'_, ()> {
    let word = |i| keyword(TIME_SEPARATORS, i);
    context(
        "a time separator",
        alt((
            value((), char('T')),
            value((), (opt(char(',')), sp0, opt((word, sp0)))),
        )),
    )
    .parse(i)
}

/// Optional time and zone after a date: `, 8:10 a.m. PT`, ` at 10 a.m.`, `T08:10:00Z`, ` PST`.
fn clock(i: &str) -> PResult<'_, (Option<NaiveTime>, Option<RawZone<'_>>)> {
    context(
        "a time and zone",
        (
            opt(preceded(time_separator, time_of_day)),
            opt(preceded(sp0, time_zone)),
        ),
    )
    .parse(i)
}

/// The date from its parts; a failure at `at` when the calendar has no such day (Feb 30).
fn calendar_date(
    year: i32,
    month: u32,
    day: u32,
    at: &str,
) -> Result<NaiveDate, nom::Err<Trace<'_>>> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| nom::Err::Failure(Trace::expected(at, "a real calendar date")))
}

/// What follows the month and day: (time, zone, year).
type Tail<'a> = (Option<NaiveTime>, Option<RawZone<'a>>, i32);

/// ` 08:10:00 PST 2026`: time, optional zone, then year (the Unix `date` order).
fn unix_tail(i: &str) -> PResult<'_, Tail<'_>> {
    let (rest, (_, time, zone, _, year)) = context(
        "a time, zone and year",
        (sp1, time_of_day, opt(preceded(sp1, time_zone)), sp1, year),
    )
    .parse(i)?;
    Ok((rest, (Some(time), zone, year)))
}

/// `, 2026`, ` 2026 at 8:10 a.m. PT`: year, then optional time and zone.
fn written_tail(i: &str) -> PResult<'_, Tail<'_>> {
    let (rest, (_, _, year, (time, zone))) =
        context("a year", (opt(char(',')), sp0, year, clock)).parse(i)?;
    Ok((rest, (time, zone, year)))
}

/// `Jan 26 08:10:00 PST 2026` or `January 26, 2026 8:10 a.m.`: month name first.
fn month_first<'a>(i: &'a str) -> PResult<'a, RawDate<'a>> {
    let (rest, (month, _)) = (month, sp0).parse(i)?;
    let day_at = rest;
    let (rest, day) = day_of_month(rest)?;
    // A month name and a day number: from here on this can only be a date.
    let (rest, (time, zone, year)) = cut(alt((unix_tail, written_tail))).parse(rest)?;
    let date = calendar_date(year, month, day, day_at)?;
    Ok((
        rest,
        RawDate {
            date,
            time,
            zone,
            weekday: None,
        },
    ))
}

/// `26 January 2026`, `26 Jan. 2026 08:10`: day first.
fn day_first<'a>(i: &'a str) -> PResult<'a, RawDate<'a>> {
    let (rest, (day, _, month)) = (day_of_month, sp1, month).parse(i)?;
    // A day number and a month name: from here on this can only be a date.
    let (rest, (_, _, year, (time, zone))) = cut((opt(char(',')), sp0, year, clock)).parse(rest)?;
    let date = calendar_date(year, month, day, i)?;
    Ok((
        rest,
        RawDate {
            date,
            time,
            zone,
            weekday: None,
        },
    ))
}

/// `Mon Jan 26 08:10:00 PST 2026`, `Monday, January 26, 2026`, `Mon 26 Jan 2026`: dates with a
/// month name and an optional weekday.
fn named_date(i: &str) -> PResult<'_, RawDate<'_>> {
    let (rest, weekday) = opt(weekday).parse(i)?;
    let (rest, mut raw) = alt((month_first, day_first)).parse(rest)?;
    raw.weekday = weekday;
    Ok((rest, raw))
}

/// `2026-01-26`, `2026-01-26T08:10:00-08:00`, `2026/01/26 08:10 PST`: year first.
fn iso_date<'a>(i: &'a str) -> PResult<'a, RawDate<'a>> {
    let (rest, (year, sep)) = (year, one_of("-/")).parse(i)?;
    // Four digits and a dash: from here on this can only be a year-first date.
    cut(move |rest: &'a str| {
        let (rest, (month, _, day, (time, zone))) =
            (month_number, char(sep), day_of_month, clock).parse(rest)?;
        let date = calendar_date(year, month, day, i)?;
        Ok((
            rest,
            RawDate {
                date,
                time,
                zone,
                weekday: None,
            },
        ))
    })
    .parse(rest)
}

/// `04/14/2021`, `4-14-2021 10:00 AM`: month, day, year (US order).
fn numeric_date<'a>(i: &'a str) -> PResult<'a, RawDate<'a>> {
    let (rest, (month, sep)) = (month_number, one_of("/-")).parse(i)?;
    // A month number and a slash: from here on this can only be a numeric date.
    cut(move |rest: &'a str| {
        let (rest, (day, _, year, (time, zone))) =
            (day_of_month, char(sep), year, clock).parse(rest)?;
        let date = calendar_date(year, month, day, i)?;
        Ok((
            rest,
            RawDate {
                date,
                time,
                zone,
                weekday: None,
            },
        ))
    })
    .parse(rest)
}

/// The whole date line: optional prefix, a date in any known form, an optional final period,
/// then the end of the line (consumed).
pub(crate) fn date_line(i: &str) -> PResult<'_, RawDate<'_>> {
    context(
        "date line",
        terminated(
            preceded(
                opt(date_prefix),
                alt((
                    context("a year-first date", iso_date),
                    context("a month/day/year date", numeric_date),
                    context("a written date", named_date),
                )),
            ),
            (opt(char('.')), line_end),
        ),
    )
    .parse(i)
}

/// True when a line mentions something only dates have: a month or weekday name, a relative
/// day (`Tomorrow`), a date prefix (`Posted`), or digits around `/` or `:`.
pub(crate) fn has_date_cue(line: &str) -> bool {
    let digit_pair = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'/' | b':') && w[2].is_ascii_digit());
    digit_pair
        || line.split(|c: char| !c.is_alphanumeric()).any(|word| {
            MONTHS.iter().any(|(m, _)| m.eq_ignore_ascii_case(word))
                || WEEKDAYS.iter().any(|(d, _)| d.eq_ignore_ascii_case(word))
                || RELATIVE_DAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
                || PREFIXES.iter().any(|(p, _)| p.eq_ignore_ascii_case(word))
        })
}

/// Years a release date is expected in. A date outside (a typo such as `1900` or `2999`) is
/// kept, with a warning, since the parser cannot know the archive being read.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

/// An offset rounded to whole minutes, the finest RFC 3339 can write. Before standard time a
/// region keeps local mean time (Los Angeles: -07:52:58 before 1883); rounding it keeps
/// `published_local` and `published_at` the same instant.
fn whole_minutes(offset_secs: i32) -> i32 {
    (offset_secs + 30).div_euclid(60) * 60
}

/// The offset a region has at a local time. In the hour repeated when clocks fall back both
/// offsets are returned (earlier first); in the hour skipped in spring, the offset found by
/// reading the local time as UTC (close to the jump), flagged as a gap.
fn region_offsets(region: Tz, naive: NaiveDateTime) -> (TzOffset, Option<TzOffset>, bool) {
    match region.offset_from_local_datetime(&naive) {
        chrono::LocalResult::Single(o) => (o, None, false),
        chrono::LocalResult::Ambiguous(a, b) => (a, Some(b), false),
        chrono::LocalResult::None => (region.offset_from_utc_datetime(&naive), None, true),
    }
}

/// Resolves a date line to the published instant and the warnings it deserves: a zone that
/// contradicts the date, no zone at all (then `default_zone` is used), a weekday that is not the
/// date's, a local time that does not exist or happens twice. `None` when chrono cannot
/// represent the instant, or when the instant in UTC falls outside the years 0000 to 9999 that
/// RFC 3339 can write (`Dec 31, 9999 11:59 p.m. EST` is in year 10000 in UTC).
pub(crate) fn resolve(raw: &RawDate<'_>, default_zone: Tz) -> Option<(Published, Vec<String>)> {
    let mut warnings = Vec::new();
    if let Some((written, weekday)) = raw.weekday {
        if weekday != raw.date.weekday() {
            let actual = WEEKDAY_NAMES[raw.date.weekday().num_days_from_monday() as usize];
            warnings.push(format!(
                "weekday {written} contradicts the date: {} is a {actual}",
                raw.date
            ));
        }
    }
    if !PLAUSIBLE_YEARS.contains(&raw.date.year()) {
        warnings.push(format!(
            "year {} is outside {}-{}; check the date line",
            raw.date.year(),
            PLAUSIBLE_YEARS.start(),
            PLAUSIBLE_YEARS.end()
        ));
    }
    let naive = raw.date.and_time(raw.time.unwrap_or(NaiveTime::MIN));
    let region_time = |region: Tz, warnings: &mut Vec<String>| {
        let (first, second, gap) = region_offsets(region, naive);
        if gap {
            warnings.push(format!(
                "local time {naive} does not exist in {}; read as {}",
                region.name(),
                first.abbreviation().unwrap_or("its offset")
            ));
        } else if second.is_some() {
            warnings.push(format!(
                "local time {naive} happens twice in {}; read as {}",
                region.name(),
                first.abbreviation().unwrap_or("the first")
            ));
        }
        first.fix().local_minus_utc()
    };
    let offset_secs = match raw.zone {
        Some(RawZone {
            written,
            zone: Zone::Stated {
                region,
                offset_secs,
            },
        }) => {
            let (first, second, _) = region_offsets(region, naive);
            let fits = |o: &TzOffset| o.fix().local_minus_utc() == offset_secs;
            if !fits(&first) && !second.as_ref().is_some_and(fits) {
                warnings.push(format!(
                    "zone {written} contradicts the date: {} is on {} on {}",
                    region.name(),
                    first.abbreviation().unwrap_or("another offset"),
                    raw.date
                ));
            }
            offset_secs
        }
        Some(RawZone {
            zone: Zone::Region(region),
            ..
        }) => region_time(region, &mut warnings),
        Some(RawZone {
            zone: Zone::Offset(secs),
            ..
        }) => secs,
        None => {
            warnings.push(format!(
                "no time zone given; assumed {}",
                default_zone.name()
            ));
            region_time(default_zone, &mut warnings)
        }
    };
    let local = FixedOffset::east_opt(whole_minutes(offset_secs))?
        .from_local_datetime(&naive)
        .single()?;
    if !(0..=9999).contains(&local.naive_utc().year()) {
        return None;
    }
    let published = Published {
        local,
        timezone: raw.zone.map(|z| z.written.to_owned()),
        has_time: raw.time.is_some(),
    };
    Some((published, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn hms(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).expect("valid test time")
    }

    /// Parses a date line and resolves it with Los Angeles as the default zone.
    fn published(line: &str) -> (String, Option<String>, bool, Vec<String>) {
        let (rest, raw) = date_line(line).expect("a date line");
        assert_eq!(rest, "", "date line left input");
        let (p, warnings) = resolve(&raw, Los_Angeles).expect("representable");
        (p.local.to_rfc3339(), p.timezone, p.has_time, warnings)
    }

    #[test]
    fn date_line_reads_the_unix_form_and_leaves_the_next_line() {
        let (rest, raw) = date_line("Mon Jan 26 08:10:00 PST 2026\nBody").expect("date");
        assert_eq!(rest, "Body");
        assert_eq!(raw.date, ymd(2026, 1, 26));
        assert_eq!(raw.time, Some(hms(8, 10, 0)));
        assert_eq!(raw.weekday, Some(("Mon", Weekday::Mon)));
        assert_eq!(raw.zone.map(|z| z.written), Some("PST"));
    }

    #[test]
    fn date_line_resolves_the_unix_form_with_its_stated_offset() {
        assert_eq!(
            published("Mon Nov 18 10:26:00 PST 2024"),
            (
                "2024-11-18T10:26:00-08:00".into(),
                Some("PST".into()),
                true,
                vec![]
            )
        );
    }

    #[test]
    fn date_line_reads_the_unix_form_without_a_zone() {
        let (local, zone, has_time, warnings) = published("Mon Jan 26 08:10:00 2026");
        assert_eq!(
            (local.as_str(), zone, has_time),
            ("2026-01-26T08:10:00-08:00", None, true)
        );
        assert_eq!(
            warnings,
            ["no time zone given; assumed America/Los_Angeles"]
        );
    }

    #[test]
    fn date_line_reads_written_month_names() {
        for line in [
            "January 26, 2026",
            "Jan. 26, 2026",
            "Jan 26 2026",
            "JANUARY 26, 2026",
            "Monday, January 26, 2026",
            "Mon. Jan. 26th, 2026.",
            "26 January 2026",
            "Monday 26 Jan 2026",
        ] {
            let (local, zone, has_time, _) = published(line);
            assert_eq!(
                (local.as_str(), zone, has_time),
                ("2026-01-26T00:00:00-08:00", None, false),
                "{line}"
            );
        }
    }

    #[test]
    fn date_line_reads_iso_and_us_numeric_dates() {
        assert_eq!(published("2026-01-26").0, "2026-01-26T00:00:00-08:00");
        assert_eq!(published("2026/01/26").0, "2026-01-26T00:00:00-08:00");
        assert_eq!(published("04/14/2021").0, "2021-04-14T00:00:00-07:00");
        assert_eq!(published("4-14-2021").0, "2021-04-14T00:00:00-07:00");
        let (local, zone, has_time, warnings) = published("2026-01-26T08:10:00-08:00");
        assert_eq!(
            (local.as_str(), zone.as_deref(), has_time),
            ("2026-01-26T08:10:00-08:00", Some("-08:00"), true)
        );
        assert!(warnings.is_empty());
        assert_eq!(
            published("2026-01-26T16:10:00Z").0,
            "2026-01-26T16:10:00+00:00"
        );
        assert_eq!(
            published("2026-01-26 08:10:00.000 UTC").0,
            "2026-01-26T08:10:00+00:00"
        );
    }

    #[test]
    fn date_line_reads_times_of_day() {
        for (line, want) in [
            ("January 26, 2026 08:10:00", "08:10:00"),
            ("January 26, 2026, 8:10 a.m.", "08:10:00"),
            ("January 26, 2026 at 8:10 AM", "08:10:00"),
            ("January 26, 2026 - 8:10pm", "20:10:00"),
            ("January 26, 2026 at 10 a.m.", "10:00:00"),
            ("January 26, 2026 at 12 a.m.", "00:00:00"),
            ("January 26, 2026 at 12:30 p.m.", "12:30:00"),
            ("January 26, 2026 at noon", "12:00:00"),
            ("04/14/2021 3:05 PM", "15:05:00"),
        ] {
            let (rest, raw) = date_line(line).expect(line);
            assert_eq!(rest, "", "{line}");
            assert_eq!(
                raw.time.map(|t| t.to_string()).as_deref(),
                Some(want),
                "{line}"
            );
        }
    }

    #[test]
    fn date_line_accepts_prefixes() {
        for line in [
            "Posted: Jan 26, 2026",
            "Published: January 26, 2026",
            "Date: 2026-01-26",
            "Updated: 01/26/2026",
            "Posted on January 26, 2026",
        ] {
            let (rest, raw) = date_line(line).expect(line);
            assert_eq!((rest, raw.date), ("", ymd(2026, 1, 26)), "{line}");
        }
    }

    #[test]
    fn date_line_reads_each_stated_zone() {
        for (zone, offset) in [
            ("PST", "-08:00"),
            ("MST", "-07:00"),
            ("CST", "-06:00"),
            ("EST", "-05:00"),
            ("AKST", "-09:00"),
            ("HST", "-10:00"),
            ("UTC", "+00:00"),
            ("GMT", "+00:00"),
            ("Pacific Standard Time", "-08:00"),
            ("Eastern Standard Time", "-05:00"),
            ("(EST)", "-05:00"),
        ] {
            let (local, written, _, warnings) =
                published(&format!("Jan 26, 2026 8:10 a.m. {zone}"));
            assert_eq!(local, format!("2026-01-26T08:10:00{offset}"), "{zone}");
            assert_eq!(written.as_deref(), Some(zone.trim_matches(['(', ')'])));
            assert!(warnings.is_empty(), "{zone}: {warnings:?}");
        }
        for (zone, offset) in [
            ("PDT", "-07:00"),
            ("MDT", "-06:00"),
            ("CDT", "-05:00"),
            ("EDT", "-04:00"),
            ("AKDT", "-08:00"),
            ("MST", "-07:00"),
        ] {
            let (local, _, _, warnings) = published(&format!("Jul 6, 2026 8:10 a.m. {zone}"));
            assert_eq!(local, format!("2026-07-06T08:10:00{offset}"), "{zone}");
            assert!(warnings.is_empty(), "{zone}: {warnings:?}");
        }
    }

    #[test]
    fn date_line_resolves_region_zones_through_the_date() {
        for (zone, winter, summer) in [
            ("Pacific Time", "-08:00", "-07:00"),
            ("PT", "-08:00", "-07:00"),
            ("Mountain Time", "-07:00", "-06:00"),
            ("Central Time", "-06:00", "-05:00"),
            ("Eastern Time", "-05:00", "-04:00"),
            ("ET", "-05:00", "-04:00"),
        ] {
            let (local, written, _, warnings) = published(&format!("Jan 26, 2026, 8 a.m. {zone}"));
            assert_eq!(local, format!("2026-01-26T08:00:00{winter}"), "{zone}");
            assert_eq!(written.as_deref(), Some(zone));
            assert!(warnings.is_empty());
            let (local, _, _, _) = published(&format!("July 6, 2026 8 a.m. {zone}"));
            assert_eq!(local, format!("2026-07-06T08:00:00{summer}"), "{zone}");
        }
    }

    #[test]
    fn date_line_keeps_a_contradicting_zone_and_warns() {
        let (local, zone, _, warnings) = published("Mon Jan 26 08:10:00 PDT 2026");
        assert_eq!(local, "2026-01-26T08:10:00-07:00");
        assert_eq!(zone.as_deref(), Some("PDT"));
        assert_eq!(
            warnings,
            ["zone PDT contradicts the date: America/Los_Angeles is on PST on 2026-01-26"]
        );
    }

    #[test]
    fn date_line_warns_about_a_wrong_weekday() {
        let (_, _, _, warnings) = published("Tue Jan 26 08:10:00 PST 2026");
        assert_eq!(
            warnings,
            ["weekday Tue contradicts the date: 2026-01-26 is a Monday"]
        );
    }

    #[test]
    fn date_line_without_a_zone_assumes_the_default_zone() {
        let (rest, raw) = date_line("January 26, 2026").expect("date");
        assert_eq!(rest, "");
        let (p, warnings) = resolve(&raw, New_York).expect("representable");
        assert_eq!(p.local.to_rfc3339(), "2026-01-26T00:00:00-05:00");
        assert_eq!((p.timezone, p.has_time), (None, false));
        assert_eq!(warnings, ["no time zone given; assumed America/New_York"]);
    }

    #[test]
    fn date_line_rejects_impossible_dates_with_a_cut() {
        let Err(nom::Err::Failure(e)) = date_line("Feb 30, 2026") else {
            panic!("expected a failure");
        };
        assert_eq!(e.input, "30, 2026");
        assert_eq!(e.innermost(), Some("a real calendar date"));
        assert!(matches!(date_line("2026-13-01"), Err(nom::Err::Failure(_))));
        assert!(matches!(
            date_line("Jan 26, 2026 25:10"),
            Err(nom::Err::Failure(_))
        ));
    }

    #[test]
    fn date_line_rejects_a_missing_year_at_the_year() {
        let Err(nom::Err::Failure(e)) = date_line("Mon Jan 26 08:10:00 PST") else {
            panic!("expected a failure");
        };
        assert_eq!(e.input, "");
        let Err(nom::Err::Failure(e)) = date_line("January 26, twenty") else {
            panic!("expected a failure");
        };
        assert_eq!(
            (e.input, e.innermost()),
            ("twenty", Some("a four-digit year"))
        );
    }

    #[test]
    fn date_line_backtracks_on_words_that_are_not_dates() {
        assert!(matches!(date_line("Tomorrow"), Err(nom::Err::Error(_))));
        assert!(matches!(
            date_line("May the best team win"),
            Err(nom::Err::Error(_))
        ));
        assert!(matches!(date_line(""), Err(nom::Err::Error(_))));
    }

    #[test]
    fn date_line_rejects_trailing_words() {
        assert!(date_line("January 26, 2026 and more").is_err());
    }

    #[test]
    fn time_of_day_leaves_what_follows() {
        assert_eq!(time_of_day("8:10 a.m. PT"), Ok((" PT", hms(8, 10, 0))));
        assert_eq!(time_of_day("10AM x"), Ok((" x", hms(10, 0, 0))));
        assert!(time_of_day("2026").is_err());
    }

    #[test]
    fn time_zone_leaves_what_follows() {
        let (rest, zone) = time_zone("Pacific Time 2026").expect("zone");
        assert_eq!((rest, zone.written), (" 2026", "Pacific Time"));
        let (rest, zone) = time_zone("UTC+1").expect("zone");
        assert_eq!((rest, zone.zone), ("", Zone::Offset(3600)));
        assert!(time_zone("PTA").is_err());
    }

    #[test]
    fn month_and_weekday_match_whole_words_only() {
        assert_eq!(month("Sept. 5"), Ok((" 5", 9)));
        assert!(month("Marching").is_err());
        assert_eq!(
            weekday("Monday, Jan"),
            Ok(("Jan", ("Monday", Weekday::Mon)))
        );
    }

    #[test]
    fn iso_date_leaves_the_next_line() {
        let (rest, raw) = iso_date("2026-01-26T08:10:00Z\nBody").expect("date");
        assert_eq!(
            (rest, raw.date, raw.time),
            ("\nBody", ymd(2026, 1, 26), Some(hms(8, 10, 0)))
        );
        assert_eq!(raw.zone.map(|z| z.written), Some("Z"));
    }

    #[test]
    fn numeric_date_reads_month_day_year() {
        let (rest, raw) = numeric_date("04/14/2021 10:00 AM\nx").expect("date");
        assert_eq!((rest, raw.date), ("\nx", ymd(2021, 4, 14)));
        assert_eq!(raw.time, Some(hms(10, 0, 0)));
        assert!(matches!(
            numeric_date("14/04/2021"),
            Err(nom::Err::Failure(_))
        ));
    }

    #[test]
    fn named_date_reads_weekday_and_both_orders() {
        let (rest, raw) = named_date("Monday, January 26, 2026 rest").expect("date");
        assert_eq!((rest, raw.date), (" rest", ymd(2026, 1, 26)));
        assert_eq!(raw.weekday, Some(("Monday", Weekday::Mon)));
        let (rest, raw) = named_date("26 Jan. 2026\n").expect("date");
        assert_eq!(
            (rest, raw.date, raw.weekday),
            ("\n", ymd(2026, 1, 26), None)
        );
    }

    #[test]
    fn unix_tail_reads_time_zone_then_year() {
        let (rest, (time, zone, year)) = unix_tail(" 08:10:00 PST 2026\n").expect("tail");
        assert_eq!((rest, time, year), ("\n", Some(hms(8, 10, 0)), 2026));
        assert_eq!(zone.map(|z| z.written), Some("PST"));
        assert!(unix_tail(", 2026").is_err());
    }

    #[test]
    fn written_tail_reads_year_then_optional_clock() {
        assert_eq!(written_tail(", 2026\n"), Ok(("\n", (None, None, 2026))));
        let (rest, (time, zone, _)) = written_tail(", 2026 at 10 a.m. (PT).").expect("tail");
        assert_eq!((rest, time), (".", Some(hms(10, 0, 0))));
        assert_eq!(zone.map(|z| z.written), Some("PT"));
    }

    #[test]
    fn clock_is_optional_and_leaves_other_words() {
        assert_eq!(clock(" and more"), Ok((" and more", (None, None))));
        let (rest, (time, zone)) = clock(" | 3:05 p.m. EDT\n").expect("clock");
        assert_eq!((rest, time), ("\n", Some(hms(15, 5, 0))));
        assert_eq!(zone.map(|z| z.zone), Some(stated(New_York, -4)));
    }

    #[test]
    fn time_separator_takes_at_dashes_and_commas() {
        assert_eq!(time_separator(", at 8"), Ok(("8", ())));
        assert_eq!(time_separator(" \u{2014} 8"), Ok(("8", ())));
        assert_eq!(time_separator("T08"), Ok(("08", ())));
    }

    #[test]
    fn date_prefix_leaves_the_date() {
        assert_eq!(date_prefix("Posted: Jan 26"), Ok(("Jan 26", ())));
        assert_eq!(date_prefix("Published on Jan 26"), Ok(("Jan 26", ())));
        assert!(date_prefix("Dateline").is_err());
    }

    #[test]
    fn numeric_offset_reads_hours_and_minutes() {
        assert_eq!(numeric_offset("-08:00 x"), Ok((" x", -8 * HOUR)));
        assert_eq!(numeric_offset("+0530"), Ok(("", 5 * HOUR + 1800)));
        assert_eq!(numeric_offset("-8)"), Ok((")", -8 * HOUR)));
        assert!(numeric_offset("+15").is_err());
    }

    #[test]
    fn year_and_day_of_month_take_whole_numbers() {
        assert_eq!(year("2026, x"), Ok((", x", 2026)));
        assert!(year("20261").is_err());
        assert_eq!(day_of_month("26th, 2026"), Ok((", 2026", 26)));
        assert!(day_of_month("123").is_err());
        assert_eq!(month_number("1/2"), Ok(("/2", 1)));
    }

    #[test]
    fn date_line_reports_an_impossible_iso_day_at_the_date() {
        let Err(nom::Err::Failure(e)) = date_line("2026-1-32") else {
            panic!("expected a failure");
        };
        assert_eq!(
            (e.input, e.innermost()),
            ("2026-1-32", Some("a real calendar date"))
        );
    }

    #[test]
    fn has_date_cue_spots_months_weekdays_and_digit_patterns() {
        assert!(has_date_cue("Tomorrow"));
        assert!(has_date_cue("sometime in March"));
        assert!(has_date_cue("1/26/26"));
        assert!(has_date_cue("at 8:10"));
        assert!(!has_date_cue("Community schools grow"));
    }

    #[test]
    fn resolve_warns_about_years_far_from_now() {
        let (local, _, _, warnings) = published("Mon Jan 1 08:00:00 PST 1900");
        assert_eq!(local, "1900-01-01T08:00:00-08:00");
        assert_eq!(
            warnings,
            ["year 1900 is outside 1950-2100; check the date line"]
        );
        let (local, _, _, warnings) = published("January 1, 2999 8:00 a.m. PT");
        assert_eq!(local, "2999-01-01T08:00:00-08:00");
        assert_eq!(
            warnings,
            ["year 2999 is outside 1950-2100; check the date line"]
        );
        assert!(published("Mon Jan 26 08:10:00 PST 2026").3.is_empty());
    }

    #[test]
    fn resolve_rounds_local_mean_time_to_whole_minutes() {
        // Los Angeles kept local mean time, -07:52:58, before 1883: RFC 3339 cannot write the
        // seconds, so the offset is rounded and the local time and the instant still agree.
        let (_, raw) = date_line("1850-01-01").expect("a date line");
        let (p, _) = resolve(&raw, Los_Angeles).expect("representable");
        assert_eq!(p.local.to_rfc3339(), "1850-01-01T00:00:00-07:53");
        assert_eq!(p.utc().to_rfc3339(), "1850-01-01T07:53:00+00:00");
        assert_eq!(whole_minutes(-28378), -28380);
        assert_eq!(whole_minutes(19800), 19800);
    }

    #[test]
    fn resolve_refuses_an_instant_past_year_9999_in_utc() {
        let (_, raw) = date_line("Dec. 31, 9999 11:59 p.m. EST").expect("a date line");
        assert_eq!(resolve(&raw, Los_Angeles), None);
        let (_, raw) = date_line("Dec. 31, 9999").expect("a date line");
        let (p, _) = resolve(&raw, Los_Angeles).expect("still in 9999 in UTC");
        assert_eq!(p.utc().to_rfc3339(), "9999-12-31T08:00:00+00:00");
    }
}
