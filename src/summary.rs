//! What a run learned about its rows, gathered chunk by chunk while the rows stream to the
//! writers: row counts, releases per month, the date range, the programs and partners named
//! most often, and the first outcomes, rejects and warnings. The run summary line, the manifest,
//! `data.json` and `report.html` are built from it, so none of them needs every row in memory.
//!
//! Its size grows with the number of distinct programs and partners and of months, never with
//! the number of rows: the lists shown in full on the report page are cut at fixed lengths
//! ([`MAX_OUTCOME_ROWS`], [`MAX_REJECT_ROWS`], [`MAX_WARNING_ROWS`]) while their counts stay
//! exact.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::dataset::Dataset;
use crate::schema::{self, Cell, Record};

/// Programs and partners shown in the "top" lists.
pub const TOP_N: usize = 10;
/// Most outcome rows kept for the report; the tables hold them all.
pub const MAX_OUTCOME_ROWS: usize = 200;
/// Most reject rows kept for the report; the `rejects` table holds them all.
pub const MAX_REJECT_ROWS: usize = 1000;
/// Most warnings kept for the report; the `releases` table holds them all.
pub const MAX_WARNING_ROWS: usize = 1000;
/// Most distinct programs (and, apart, partners) tallied for the "top" lists. Past it, the
/// tally keeps the [`MAX_TALLY`] / 2 names named in the most releases and drops the others
/// (see [`Summary::top_is_approximate`]), so memory does not grow with the archive. Each entry
/// takes about 200 bytes with its share of the hash table; at 4,096 the two tallies hold at
/// most about 2 MiB, for lists of [`TOP_N`]. (At 20,000 they took 8-10 MiB of a run's heap,
/// benches/RESULTS.md, "Memory".)
pub const MAX_TALLY: usize = 4_096;

/// One entry of a "top" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The id (`program_id`, `partner_id`).
    pub id: String,
    /// The name as first written.
    pub name: String,
    /// An extra column (`org_type` for partners), empty when none.
    pub detail: String,
    /// Releases that name it.
    pub releases: usize,
    /// Mentions over all releases.
    pub mentions: i64,
}

/// An outcome as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLine {
    /// The title of its release (its id when the release is unknown).
    pub release: String,
    /// The cells `text`, `value`, `kind`, `qualifier`, `object`, as text.
    pub cells: [String; 5],
}

/// Row counts of every table, in [`schema::TABLES`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// `releases` rows.
    pub releases: usize,
    /// `programs` rows.
    pub programs: usize,
    /// `partners` rows.
    pub partners: usize,
    /// `outcomes` rows.
    pub outcomes: usize,
    /// `people` rows.
    pub people: usize,
    /// `rejects` rows.
    pub rejects: usize,
}

impl RowCounts {
    /// `(table name, rows)` for every table, in [`schema::TABLES`] order.
    pub fn by_table(&self) -> [(&'static str, usize); 6] {
        [
            (schema::RELEASES.name, self.releases),
            (schema::PROGRAMS.name, self.programs),
            (schema::PARTNERS.name, self.partners),
            (schema::OUTCOMES.name, self.outcomes),
            (schema::PEOPLE.name, self.people),
            (schema::REJECTS.name, self.rejects),
        ]
    }
}

/// The summary of a run's rows (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Rows per table.
    pub rows: RowCounts,
    /// Warnings over all releases.
    pub warnings: usize,
    /// Dated releases per UTC `(year, month)`.
    pub months: BTreeMap<(i32, u32), usize>,
    /// Releases without a date.
    pub undated: usize,
    /// First and last UTC date of the dated releases.
    pub date_range: Option<(NaiveDate, NaiveDate)>,
    /// The first [`MAX_OUTCOME_ROWS`] outcomes.
    pub outcomes: Vec<OutcomeLine>,
    /// The first [`MAX_REJECT_ROWS`] rejects: `source_file`, `line`, `column`, `error_kind`,
    /// `message` as text.
    pub rejects: Vec<[String; 5]>,
    /// The first [`MAX_WARNING_ROWS`] warnings: `(source_file, warning)`.
    pub warning_lines: Vec<(String, String)>,
    // By id. Hashed, not ordered: every list made from them is sorted with the id as the last
    // key, so the map's order never shows.
    programs: HashMap<String, Tally>,
    partners: HashMap<String, Tally>,
    pruned: bool,
}

/// What is counted of one program or partner.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tally {
    name: String,
    detail: String,
    releases: usize,
    mentions: i64,
}

/// The text of the cell named `name` of `row` (empty for null or an unknown column).
pub fn text<R: Record>(row: &R, name: &str) -> String {
    let Some(i) = R::TABLE.column_index(name) else {
        return String::new();
    };
    match row.cell(i) {
        Cell::Null => String::new(),
        Cell::Str(s) => s.to_string(),
        Cell::String(s) => s,
        Cell::Int(n) => n.to_string(),
        Cell::Float(v) => {
            crate::write::float_number(v).map_or_else(|| v.to_string(), |n| n.to_string())
        }
        Cell::Timestamp(ts) => crate::write::timestamp_text(&ts),
        Cell::List(items) => items.join("; "),
    }
}

impl Summary {
    /// The summary of a whole dataset held in memory.
    pub fn of(dataset: &Dataset) -> Self {
        let mut summary = Summary::default();
        summary.add(dataset);
        summary
    }

    /// Adds the rows of one chunk. Chunks must come in output order, and a release's child
    /// rows in the same chunk as the release (so outcomes find their release's title).
    pub fn add(&mut self, chunk: &Dataset) {
        let rows = &mut self.rows;
        rows.releases += chunk.releases.len();
        rows.programs += chunk.programs.len();
        rows.partners += chunk.partners.len();
        rows.outcomes += chunk.outcomes.len();
        rows.people += chunk.people.len();
        rows.rejects += chunk.rejects.len();
        for release in &chunk.releases {
            self.warnings += release.warnings.len();
            for warning in &release.warnings {
                if self.warning_lines.len() < MAX_WARNING_ROWS {
                    self.warning_lines
                        .push((release.source_file.clone(), warning.clone()));
                }
            }
            match &release.published {
                Some(p) => {
                    let d = p.utc().date_naive();
                    *self.months.entry((d.year(), d.month())).or_default() += 1;
                    self.date_range = Some(match self.date_range {
                        Some((lo, hi)) => (lo.min(d), hi.max(d)),
                        None => (d, d),
                    });
                }
                None => self.undated += 1,
            }
        }
        tally(&mut self.programs, &chunk.programs, "program_id", "");
        tally(
            &mut self.partners,
            &chunk.partners,
            "partner_id",
            "org_type",
        );
        self.pruned |= prune(&mut self.programs) | prune(&mut self.partners);
        let room = MAX_OUTCOME_ROWS.saturating_sub(self.outcomes.len());
        for outcome in chunk.outcomes.iter().take(room) {
            let release_id = text(outcome, "release_id");
            let release = chunk
                .releases
                .iter()
                .find(|r| r.release_id == release_id)
                .map_or(release_id, |r| r.title.clone());
            self.outcomes.push(OutcomeLine {
                release,
                cells: ["text", "value", "kind", "qualifier", "object"].map(|c| text(outcome, c)),
            });
        }
        let room = MAX_REJECT_ROWS.saturating_sub(self.rejects.len());
        for reject in chunk.rejects.iter().take(room) {
            self.rejects.push(
                ["source_file", "line", "column", "error_kind", "message"].map(|c| text(reject, c)),
            );
        }
    }

    /// Releases per month (`YYYY-MM`, UTC), every month between the first and the last included
    /// (empty months as 0), then `no_date_label` when some releases have no date.
    pub fn releases_per_month(&self, no_date_label: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        if let (Some(&first), Some(&last)) =
            (self.months.keys().next(), self.months.keys().next_back())
        {
            let (mut y, mut m) = first;
            while (y, m) <= last {
                let n = self.months.get(&(y, m)).copied().unwrap_or(0);
                out.push((format!("{y:04}-{m:02}"), n));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        if self.undated > 0 {
            out.push((no_date_label.to_string(), self.undated));
        }
        out
    }

    /// The [`TOP_N`] programs named in the most releases, then with the most mentions, then by
    /// id.
    pub fn top_programs(&self) -> Vec<Ranked> {
        top(&self.programs)
    }

    /// The [`TOP_N`] partners, ranked as [`Summary::top_programs`].
    pub fn top_partners(&self) -> Vec<Ranked> {
        top(&self.partners)
    }

    /// True when more than [`MAX_TALLY`] distinct programs or partners were seen, so rarely
    /// named ones were dropped from the tally on the way: a name dropped early and named often
    /// later is counted from its return only, so the top lists may then be incomplete or low.
    pub fn top_is_approximate(&self) -> bool {
        self.pruned
    }
}

/// Keeps the [`MAX_TALLY`] / 2 entries of `by_id` named in the most releases (then mentions,
/// then id) when it holds more than [`MAX_TALLY`]; returns whether it dropped any.
fn prune(by_id: &mut HashMap<String, Tally>) -> bool {
    if by_id.len() <= MAX_TALLY {
        return false;
    }
    // The rank of the last name kept, found without sorting every name: the names ranking at or
    // above it are exactly the MAX_TALLY / 2 first in `rank_order` (ids are distinct, so no two
    // names tie).
    let keep = MAX_TALLY / 2;
    let mut ranked: Vec<(usize, i64, &str)> = by_id
        .iter()
        .map(|(id, t)| (t.releases, t.mentions, id.as_str()))
        .collect();
    ranked.select_nth_unstable_by(keep - 1, rank_order);
    let (releases, mentions, id) = ranked[keep - 1];
    let last = (releases, mentions, id.to_owned());
    by_id.retain(|id, t| {
        rank_order(&(t.releases, t.mentions, id), &(last.0, last.1, &last.2))
            != std::cmp::Ordering::Greater
    });
    true
}

/// The order of the "top" lists: named in more releases first, then more mentions, then by id.
fn rank_order(a: &(usize, i64, &str), b: &(usize, i64, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(b.2))
}

/// Counts `rows` (one per id and release) into `by_id`. Looks each id up by reference: a row
/// allocates only when its id is new.
fn tally<R: Record>(by_id: &mut HashMap<String, Tally>, rows: &[R], id_col: &str, detail: &str) {
    let id_index = R::TABLE.column_index(id_col);
    let mentions_index = R::TABLE.column_index("mention_count");
    for row in rows {
        let mentions = match mentions_index.map(|i| row.cell(i)) {
            Some(Cell::Int(n)) => n,
            _ => text(row, "mention_count").parse::<i64>().unwrap_or(0),
        };
        let id = match id_index.map(|i| row.cell(i)) {
            Some(Cell::Str(s)) => Cow::Borrowed(s),
            Some(Cell::String(s)) => Cow::Owned(s),
            _ => Cow::Owned(text(row, id_col)),
        };
        if let Some(entry) = by_id.get_mut(id.as_ref()) {
            entry.releases += 1;
            entry.mentions += mentions;
            continue;
        }
        let tally = Tally {
            name: text(row, "name"),
            detail: text(row, detail),
            releases: 1,
            mentions,
        };
        by_id.insert(id.into_owned(), tally);
    }
}

fn top(by_id: &HashMap<String, Tally>) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = by_id
        .iter()
        .map(|(id, t)| Ranked {
            id: id.clone(),
            name: t.name.clone(),
            detail: t.detail.clone(),
            releases: t.releases,
            mentions: t.mentions,
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.releases
            .cmp(&a.releases)
            .then(b.mentions.cmp(&a.mentions))
            .then_with(|| a.id.cmp(&b.id))
    });
    ranked.truncate(TOP_N);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Program;
    use crate::records::Reject;
    use crate::records::tests::sample_release;

    fn dated(id: &str, rfc3339: &str) -> crate::release::Release {
        let mut r = sample_release();
        r.release_id = id.into();
        r.published.as_mut().expect("the sample is dated").local =
            chrono::DateTime::parse_from_rfc3339(rfc3339).expect("valid date");
        r
    }

    fn program(release: &str, id: &str, mentions: usize) -> Program {
        Program {
            release_id: release.into(),
            program_id: id.into(),
            name: id.to_uppercase(),
            acronym: None,
            mention_count: mentions,
            start: 0,
            end: 1,
            sentence: "s".into(),
            rule: "test",
        }
    }

    #[test]
    fn summary_releases_per_month_fills_gaps_and_counts_undated() {
        let mut undated = sample_release();
        undated.published = None;
        let summary = Summary::of(&Dataset {
            releases: vec![
                dated("a", "2025-11-18T09:00:00-08:00"),
                dated("b", "2026-01-26T08:10:00-08:00"),
                dated("c", "2026-01-30T08:10:00-08:00"),
                undated,
            ],
            ..Dataset::default()
        });
        assert_eq!(
            summary.releases_per_month("none"),
            [
                ("2025-11".to_string(), 1),
                ("2025-12".to_string(), 0),
                ("2026-01".to_string(), 2),
                ("none".to_string(), 1),
            ]
        );
        let (lo, hi) = summary.date_range.expect("dated releases");
        assert_eq!(
            (lo.to_string(), hi.to_string()),
            ("2025-11-18".into(), "2026-01-30".into())
        );
        assert!(Summary::default().releases_per_month("none").is_empty());
    }

    #[test]
    fn summary_top_ranks_by_releases_then_mentions() {
        let summary = Summary::of(&Dataset {
            programs: vec![
                program("r1", "b", 1),
                program("r1", "a", 5),
                program("r2", "b", 1),
                program("r3", "c", 9),
            ],
            ..Dataset::default()
        });
        let ranked = summary.top_programs();
        let ids: Vec<_> = ranked.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        assert_eq!((ranked[0].releases, ranked[0].mentions), (2, 2));
    }

    #[test]
    fn summary_added_by_chunks_equals_the_whole() {
        let whole = Dataset {
            releases: vec![
                dated("a", "2025-11-18T09:00:00-08:00"),
                dated("b", "2026-01-26T08:10:00-08:00"),
            ],
            programs: vec![program("a", "x", 2), program("b", "x", 1)],
            rejects: vec![Reject {
                source_file: "z.txt".into(),
                line: Some(1),
                column: Some(1),
                error_kind: crate::ErrorKind::Date,
                message: "m".into(),
            }],
            ..Dataset::default()
        };
        let first = Dataset {
            releases: whole.releases[..1].to_vec(),
            programs: whole.programs[..1].to_vec(),
            ..Dataset::default()
        };
        let second = Dataset {
            releases: whole.releases[1..].to_vec(),
            programs: whole.programs[1..].to_vec(),
            rejects: whole.rejects.clone(),
            ..Dataset::default()
        };
        let mut chunked = Summary::default();
        chunked.add(&first);
        chunked.add(&second);
        assert_eq!(chunked, Summary::of(&whole));
        assert_eq!(chunked.rows.rejects, 1);
        assert_eq!(chunked.top_programs()[0].releases, 2);
    }

    #[test]
    fn summary_tally_stays_bounded_and_keeps_the_most_named() {
        let mut summary = Summary::default();
        // One program named in every chunk, among many named once.
        for c in 0..4 {
            let mut programs = vec![program(&format!("r{c}"), "everywhere", 1)];
            programs.extend(
                (0..MAX_TALLY / 2).map(|i| program(&format!("r{c}"), &format!("p{c}-{i}"), 1)),
            );
            summary.add(&Dataset {
                programs,
                ..Dataset::default()
            });
        }
        assert!(summary.programs.len() <= MAX_TALLY);
        assert!(summary.top_is_approximate());
        let top = summary.top_programs();
        assert_eq!((top[0].id.as_str(), top[0].releases), ("everywhere", 4));
        assert!(!Summary::of(&Dataset::default()).top_is_approximate());
    }

    #[test]
    fn prune_keeps_the_names_a_full_sort_ranks_first() {
        // Ranks with many ties on releases and mentions, so the id decides often.
        let mut by_id: HashMap<String, Tally> = (0..MAX_TALLY + 700)
            .map(|i| {
                let tally = Tally {
                    name: String::new(),
                    detail: String::new(),
                    releases: (i * 7919) % 13,
                    mentions: ((i * 104_729) % 5) as i64,
                };
                (format!("id-{:05}", (i * 31) % 100_000), tally)
            })
            .collect();
        let mut sorted: Vec<(usize, i64, String)> = by_id
            .iter()
            .map(|(id, t)| (t.releases, t.mentions, id.clone()))
            .collect();
        sorted.sort_by(|a, b| rank_order(&(a.0, a.1, &a.2), &(b.0, b.1, &b.2)));
        let mut want: Vec<String> = sorted
            .into_iter()
            .take(MAX_TALLY / 2)
            .map(|e| e.2)
            .collect();
        want.sort();
        assert!(prune(&mut by_id));
        let mut kept: Vec<String> = by_id.keys().cloned().collect();
        kept.sort();
        assert_eq!(kept, want);
        assert!(!prune(&mut by_id), "a tally within the cap is left alone");
    }

    #[test]
    fn summary_keeps_counts_exact_beyond_the_shown_rows() {
        let reject = |i: usize| Reject {
            source_file: format!("{i:05}.txt"),
            line: None,
            column: None,
            error_kind: crate::ErrorKind::Unreadable,
            message: "m".into(),
        };
        let summary = Summary::of(&Dataset {
            rejects: (0..MAX_REJECT_ROWS + 5).map(reject).collect(),
            ..Dataset::default()
        });
        assert_eq!(summary.rows.rejects, MAX_REJECT_ROWS + 5);
        assert_eq!(summary.rejects.len(), MAX_REJECT_ROWS);
        assert_eq!(summary.rejects[0][0], "00000.txt");
    }
}
