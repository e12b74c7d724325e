//! A deterministic generator of realistic news releases, for benchmarks and load tests
//! (`pressroom corpus --count N --seed S --out DIR`).
//!
//! Each release is written in the input format the parser reads: a title, a date line in one of
//! the forms releases use (Unix `date`, `January 26, 2026`, `Jan. 26, 2026 10:30 a.m. PT`,
//! `04/14/2021 2:15 PM EDT`, ISO 8601, with or without a weekday, prefix or zone), a one-line
//! summary, then paragraphs and lists. The text names organisations of every type the extractors
//! know, programs with acronyms, counts in digits and in words, percentages, money, ranges,
//! qualifiers and quoted people with titles, plus the numbers the extractors must leave out
//! (years, dates, times, ages, grades, addresses, phone numbers). Some files have CRLF line ends,
//! a byte order mark, straight instead of curly quotes, no blank lines, or are Windows-1252.
//! Names are built from word tables (places, surnames, subjects, suffixes), so a large corpus holds
//! many distinct organisations and programs. A release is about 3.5 KB on average.
//!
//! Release `index` of seed `seed` depends on those two numbers only: its random numbers come from
//! ChaCha8 keyed by the seed, on the stream numbered by the index, so files can be made in any
//! order, in parallel, and come out byte for byte the same on every machine. This module writes
//! the corpus files; it does not parse or extract.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::America::{Anchorage, Chicago, Denver, Los_Angeles, New_York, Phoenix};
use chrono_tz::Pacific::Honolulu;
use chrono_tz::{OffsetName, Tz};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;
use serde_json::Value;

use crate::error::Error;
use crate::log::{Event, Level};
use crate::report::PREFIX;

/// Release files per folder of a corpus: `DIR/0000/0000000.txt` to `DIR/0000/0000999.txt`, then
/// `DIR/0001/...`. No folder ever holds a million entries.
pub const FILES_PER_FOLDER: u64 = 1000;

/// Arguments of `pressroom corpus`.
#[derive(Debug, Clone, clap::Args)]
pub struct CorpusArgs {
    /// How many releases to write.
    #[arg(long, value_name = "N")]
    pub count: u64,
    /// Seed of the generator: the same count and seed give the same files, byte for byte.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Folder to write into (created when missing; files already there are overwritten):
    /// DIR/FOLDER/INDEX.txt (0000/0000000.txt, ...), 1,000 releases per folder, in index order.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Release files written.
    pub files: u64,
    /// Bytes written, all files together.
    pub bytes: u64,
}

/// A made-up publishing agency of a corpus: its full name and the short form its releases use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// Full name, e.g. `Cedar Valley County Office of Education`.
    pub name: String,
    /// Short form, e.g. `CVCOE`.
    pub short: String,
}

/// How many agencies publish the releases of one corpus.
const PUBLISHERS_PER_CORPUS: usize = 5;

/// RNG domains: the key of the ChaCha8 stream is (seed, domain); the stream is the release index.
const DOMAIN_RELEASE: u64 = 0;
/// Domain of the corpus-wide choices (the publishers).
const DOMAIN_CORPUS: u64 = 1;

/// Runs `pressroom corpus`: writes the corpus and prints a one-line summary on stderr.
///
/// # Errors
/// [`Error::WriteOutput`] when a folder or file cannot be written.
pub fn run(args: &CorpusArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let stats = write_corpus(&args.out, args.count, args.seed)?;
    crate::log::emit(&CorpusWritten {
        out: &args.out,
        seed: args.seed,
        stats,
        elapsed: started.elapsed(),
    });
    Ok(0)
}

/// The summary of `pressroom corpus`.
pub struct CorpusWritten<'a> {
    /// The corpus folder.
    pub out: &'a Path,
    /// The seed used.
    pub seed: u64,
    /// What was written.
    pub stats: CorpusStats,
    /// Wall time.
    pub elapsed: Duration,
}

impl fmt::Display for CorpusWritten<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PREFIX}wrote {} releases, {} bytes ({:.1} MB), seed {}, to {} in {:.2} s",
            self.stats.files,
            self.stats.bytes,
            self.stats.bytes as f64 / 1e6,
            self.seed,
            self.out.display(),
            self.elapsed.as_secs_f64()
        )
    }
}

impl Event for CorpusWritten<'_> {
    const NAME: &'static str = "corpus_written";
    const LEVEL: Level = Level::Info;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("path", Value::from(self.out.display().to_string())),
            ("files", Value::from(self.stats.files)),
            ("bytes", Value::from(self.stats.bytes)),
            ("seed", Value::from(self.seed)),
            ("elapsed_s", Value::from(self.elapsed.as_secs_f64())),
        ]
    }
}

/// Writes releases `0..count` of `seed` under `out` (see [`release_path`]), in parallel on the
/// current rayon pool. The files do not depend on the number of threads. Files already in
/// `out` are overwritten; other files are left alone.
///
/// # Errors
/// [`Error::WriteOutput`] naming the folder or file that could not be written.
pub fn write_corpus(out: &Path, count: u64, seed: u64) -> Result<CorpusStats, Error> {
    std::fs::create_dir_all(out).map_err(|source| Error::WriteOutput {
        path: out.to_path_buf(),
        source,
    })?;
    let publishers = publishers(seed);
    let folders = count.div_ceil(FILES_PER_FOLDER);
    let per_folder: Vec<CorpusStats> = (0..folders)
        .into_par_iter()
        .map(|folder| {
            let first = folder * FILES_PER_FOLDER;
            let last = (first + FILES_PER_FOLDER).min(count);
            let dir = out.join(release_path(first, count).parent().unwrap_or(Path::new("")));
            std::fs::create_dir_all(&dir).map_err(|source| Error::WriteOutput {
                path: dir.clone(),
                source,
            })?;
            let mut stats = CorpusStats::default();
            for index in first..last {
                let bytes = release_bytes_with(seed, index, &publishers);
                let path = out.join(release_path(index, count));
                std::fs::write(&path, &bytes)
                    .map_err(|source| Error::WriteOutput { path, source })?;
                stats.files += 1;
                stats.bytes += bytes.len() as u64;
            }
            Ok(stats)
        })
        .collect::<Result<_, Error>>()?;
    Ok(per_folder
        .iter()
        .fold(CorpusStats::default(), |a, s| CorpusStats {
            files: a.files + s.files,
            bytes: a.bytes + s.bytes,
        }))
}

/// Where release `index` of a corpus of `count` releases goes, relative to the corpus folder:
/// `0012/0012345.txt`. Both numbers are zero-padded to one width for the whole corpus (at least
/// 4 and 7 digits), so the names sort in index order.
pub fn release_path(index: u64, count: u64) -> PathBuf {
    let last = count.saturating_sub(1);
    let file_width = digits(last).max(7);
    let folder_width = digits(last / FILES_PER_FOLDER).max(4);
    let folder = index / FILES_PER_FOLDER;
    PathBuf::from(format!("{folder:0folder_width$}")).join(format!("{index:0file_width$}.txt"))
}

/// Decimal digits of `n`.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The agencies that publish the releases of a corpus made with `seed` (the same for every
/// release of the corpus). Pass their names and short forms as `--publisher` (or in
/// [`crate::extract::Lexicon::publisher_names`]) so they are never listed as partners.
pub fn publishers(seed: u64) -> Vec<Publisher> {
    let mut rng = Rng::new(seed, DOMAIN_CORPUS, 0);
    let mut kinds: Vec<usize> = (0..PUBLISHER_KINDS.len()).collect();
    let mut out = Vec::with_capacity(PUBLISHERS_PER_CORPUS);
    while out.len() < PUBLISHERS_PER_CORPUS && !kinds.is_empty() {
        let (pattern, short) = PUBLISHER_KINDS[kinds.swap_remove(rng.below(kinds.len()))];
        let place = place_name(&mut rng);
        let initials: String = place.split(' ').filter_map(|w| w.chars().next()).collect();
        out.push(Publisher {
            name: pattern.replace("{P}", &place),
            short: short.replace("{I}", &initials).replace("{P}", &place),
        });
    }
    out
}

/// The names and short forms of [`publishers`], as a lexicon wants them.
pub fn publisher_names(seed: u64) -> Vec<String> {
    publishers(seed)
        .into_iter()
        .flat_map(|p| [p.name, p.short])
        .collect()
}

/// The text of release `index` of seed `seed`, exactly as its file holds it (line ends and byte
/// order mark included) except for the encoding: about 1 in 100 files is written in
/// Windows-1252 ([`release_bytes`]).
pub fn release_text(seed: u64, index: u64) -> String {
    Draft::generate(seed, index, &publishers(seed)).text
}

/// The bytes of the file of release `index` of seed `seed`.
pub fn release_bytes(seed: u64, index: u64) -> Vec<u8> {
    release_bytes_with(seed, index, &publishers(seed))
}

/// [`release_bytes`] with the corpus's publishers already made.
fn release_bytes_with(seed: u64, index: u64, publishers: &[Publisher]) -> Vec<u8> {
    let release = Draft::generate(seed, index, publishers);
    if release.windows_1252 {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&release.text);
        bytes.into_owned()
    } else {
        release.text.into_bytes()
    }
}

// ===========================================================================================
// Random numbers
// ===========================================================================================

/// The random numbers of one release: ChaCha8 keyed by (seed, domain), on stream `stream`.
struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64, domain: u64, stream: u64) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&domain.to_le_bytes());
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(stream);
        Rng(rng)
    }

    /// A number in `0..n` (`n > 0`), by multiply-and-shift (the bias is below 2^-50 here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty table.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ===========================================================================================
// Word tables. All made up for this generator; names are built by combining them.
// ===========================================================================================

/// First words of two-word place names.
const PLACE_FIRST: &[&str] = &[
    "Cedar",
    "Harbor",
    "Willow",
    "Maple",
    "Granite",
    "Silver",
    "Pine",
    "Oak",
    "Juniper",
    "Aspen",
    "Cypress",
    "Sycamore",
    "Laurel",
    "Sage",
    "Birch",
    "Copper",
    "Amber",
    "Falcon",
    "Heron",
    "Crescent",
    "Mesa",
    "Sierra",
    "Canyon",
    "Prairie",
    "Coral",
    "Elm",
    "Iron",
    "Stone",
    "Golden",
    "Hidden",
    "Quail",
    "Raven",
    "Alder",
    "Bramble",
    "Chestnut",
    "Driftwood",
    "Eagle",
    "Fox",
    "Garnet",
    "Hazel",
    "Indigo",
    "Jasper",
    "Kestrel",
    "Lark",
    "Marble",
    "Osprey",
    "Poplar",
    "Redwood",
    "Saddle",
    "Thistle",
];

/// Second words of two-word place names.
const PLACE_SECOND: &[&str] = &[
    "Valley", "Ridge", "Springs", "Falls", "Creek", "Point", "Grove", "Heights", "Hills", "Bend",
    "Crossing", "Meadows", "Lake", "Harbor", "Canyon", "Bluff", "Glen", "Hollow", "Flats",
    "Shores", "Vista", "Landing", "Plains", "Rapids", "Bay", "Pass", "Mills", "Wells",
];

/// Beginnings of one-word town names.
const TOWN_HEADS: &[&str] = &[
    "Ash", "Bran", "Carl", "Dun", "El", "Fair", "Glen", "Hart", "Kings", "Lin", "Mar", "Nor",
    "Oak", "Red", "Stan", "Thorn", "Wes", "Wood", "Brook", "Clay", "Hol", "Lang", "Rock", "Sum",
];

/// Endings of one-word town names.
const TOWN_TAILS: &[&str] = &[
    "ton", "field", "wood", "dale", "ford", "burg", "ville", "mont", "port", "view", "wick",
    "more", "land", "haven", "by", "stead",
];

/// US states (public facts), for state agencies.
const STATES: &[&str] = &[
    "Oregon",
    "Nevada",
    "Ohio",
    "Colorado",
    "Arizona",
    "Texas",
    "Iowa",
    "Kansas",
    "Vermont",
    "Georgia",
    "Montana",
    "Utah",
    "Illinois",
    "Maryland",
    "Wisconsin",
    "Minnesota",
];

/// Given names. None is a month, a title word or a common English word.
const GIVEN: &[&str] = &[
    "Ana", "Marcus", "Priya", "Daniel", "Keisha", "Tomás", "Mei", "Olivia", "Samuel", "Fatima",
    "Jorge", "Hannah", "Kwame", "Elena", "Raymond", "Aisha", "Victor", "Naomi", "Luis", "Grace",
    "Andre", "Sofia", "Peter", "Yolanda", "Hiroshi", "Rosa", "Derek", "Leila", "Gabriel", "Teresa",
    "Omar", "Claire", "Mateo", "Denise", "Arjun", "Beatriz", "Curtis", "Ingrid", "Malik", "Noelle",
    "Esteban", "Wendy", "Tariq", "Carmen", "Howard", "Lucía", "Jamal", "Irene", "Felix", "Monique",
    "Ravi", "Helen", "Diego", "Alicia", "Kenji", "Sandra", "Rafael", "Tamara", "Nikhil", "Zoë",
];

/// Surnames.
const SURNAMES: &[&str] = &[
    "Alvarez",
    "Brennan",
    "Castillo",
    "Delgado",
    "Ellison",
    "Fujimoto",
    "Garrison",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Ramasamy",
    "Sandoval",
    "Thibodeaux",
    "Underwood",
    "Valdez",
    "Whitfield",
    "Xiong",
    "Yamada",
    "Zamora",
    "Abernathy",
    "Bautista",
    "Chowdhury",
    "Dunleavy",
    "Esparza",
    "Ferreira",
    "Gallagher",
    "Holloway",
    "Iwasaki",
    "Jaramillo",
    "Kessler",
    "Lockhart",
    "Marchetti",
    "Nguyen",
    "Oyelaran",
    "Pemberton",
    "Rutledge",
    "Salinas",
    "Tran",
    "Vasquez",
    "Wexler",
    "Yoon",
    "Ashford",
    "Beaumont",
    "Cordero",
    "Draper",
    "Estrada",
    "Fairbanks",
    "Harlow",
    "Kimura",
    "Lacroix",
    "Moreno",
    "Navarro",
    "Prescott",
    "Quigley",
    "Rosales",
    "Santana",
    "Trujillo",
    "Villanueva",
    "Whitaker",
    "Zeller",
    "Ochoa",
    "O’Connell",
    "McAllister",
];

/// Honorifics before some names (gender-neutral, since names are drawn at random).
const HONORIFICS: &[&str] = &["Dr.", "Dr.", "Dr.", "Prof."];

/// Subjects of programs and grants, title case.
const SUBJECTS: &[&str] = &[
    "Literacy",
    "Reading",
    "Math",
    "STEM",
    "Computer Science",
    "Career",
    "College Access",
    "Bridge",
    "Wellness",
    "Mental Health",
    "Attendance",
    "Family Engagement",
    "Teacher Residency",
    "Arts",
    "Nutrition",
    "Robotics",
    "Climate Science",
    "Workforce",
    "Dual Enrollment",
    "Early Learning",
    "Civic Learning",
    "Music",
    "Mentoring",
    "Digital Skills",
    "Financial Literacy",
    "Health Careers",
    "Newcomer",
    "Bilingual",
    "Engineering",
    "Outdoor Learning",
    "Student Voice",
    "Water Safety",
    "Summer Meals",
    "Tutoring",
];

/// Words before a subject in program names.
const PROGRAM_LEADS: &[&str] = &[
    "Summer",
    "Rising",
    "Bright",
    "Future",
    "Next Generation",
    "Strong Start",
    "Open Door",
    "First Step",
    "Regional",
    "Youth",
    "Early",
    "Community",
    "Pathways to",
    "Ready",
    "Family",
    "Neighborhood",
];

/// Last words of program names (program head words of the extractor).
const PROGRAM_HEADS: &[&str] = &[
    "Initiative",
    "Program",
    "Pathway",
    "Fellowship",
    "Network",
    "Challenge",
    "Campaign",
    "Partnership",
    "Corps",
    "Apprenticeship",
    "Cohort",
    "Series",
    "Summit",
    "Symposium",
    "Forum",
    "Festival",
    "Showcase",
    "Toolkit",
    "Framework",
    "Scholarship",
    "Initiative",
    "Program",
];

/// Words that make "… Academy" and "… Institute" a training program, not a school.
const ACADEMY_LEADS: &[&str] = &[
    "Leadership",
    "Teacher",
    "Principal",
    "Parent",
    "Family",
    "Coding",
    "Educator",
    "Literacy",
    "Data",
    "STEM",
];

/// Names of national programs the extractor knows without a head word (public facts).
const KNOWN_PROGRAMS: &[&str] = &[
    "Head Start",
    "Early Head Start",
    "AmeriCorps",
    "Title I",
    "Upward Bound",
    "GEAR UP",
    "Summer EBT",
    "Safe Routes to School",
];

/// Plural nouns of people that numbers count.
const PEOPLE: &[&str] = &[
    "students",
    "teachers",
    "families",
    "educators",
    "counselors",
    "volunteers",
    "parents",
    "residents",
    "participants",
    "apprentices",
    "tutors",
    "high school students",
    "first-generation students",
    "English learners",
    "paraeducators",
    "mentors",
];

/// Plural nouns of things that numbers count.
const THINGS: &[&str] = &[
    "schools",
    "sites",
    "workshops",
    "meals",
    "laptops",
    "books",
    "home visits",
    "classrooms",
    "campuses",
    "scholarships",
    "hours of tutoring",
    "library cards",
    "internships",
    "wellness centers",
    "field trips",
    "certifications",
];

/// Qualifiers before numbers.
const QUALIFIERS: &[&str] = &[
    "more than",
    "over",
    "nearly",
    "about",
    "up to",
    "at least",
    "approximately",
    "almost",
    "roughly",
    "fewer than",
    "as many as",
    "an estimated",
    "close to",
];

/// Number words for 2 to 12.
const SMALL_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// Large amounts in words.
const BIG_WORDS: &[&str] = &[
    "two million",
    "1.2 million",
    "half a million",
    "three million",
    "1.5 million",
    "nearly 800,000",
    "a quarter million",
    "2.4 million",
];

/// Fractions in words.
const FRACTIONS: &[&str] = &[
    "two-thirds",
    "one-third",
    "half",
    "three-quarters",
    "one-fifth",
    "a quarter",
];

/// Job titles of quoted people.
const TITLES: &[&str] = &[
    "Superintendent",
    "Deputy Superintendent",
    "Chief Academic Officer",
    "Executive Director",
    "Director of Family Engagement",
    "Director of Student Services",
    "Coordinator of Career Education",
    "Program Manager",
    "President and CEO",
    "Board Chair",
    "Principal",
    "Dean of Workforce Development",
    "Assistant Superintendent of Educational Services",
    "Chief Executive Officer",
    "Director of Community Partnerships",
    "Senior Program Officer",
    "Public Health Director",
    "Library Director",
];

/// What a quoted person says (the text inside the quotes, without final punctuation).
const QUOTES: &[&str] = &[
    "Every student deserves a path that fits who they are and where they want to go",
    "This is what partnership looks like when everyone brings something to the table",
    "Our families told us what they needed, and we listened",
    "We are seeing students who never pictured themselves in a lab coat lead their own experiments",
    "The numbers matter, but the stories behind them matter more",
    "When teachers have time to learn together, students feel the difference right away",
    "None of this happens without the people who show up every single day",
    "We built this with the community, not for it",
    "A good program meets young people where they are and then raises the bar",
    "It’s the kind of work that does not make headlines, but it changes lives",
    "I’ve watched shy ninth graders become confident presenters in one semester",
    "We want every family to know that help is close by and free",
    "Access should never depend on a student’s zip code",
    "This investment keeps our best educators in the classrooms that need them most",
    "Our job is to remove barriers, and this grant lets us do exactly that",
    "The energy in the room today was unstoppable",
    "We measure success by how many students cross the stage ready for what comes next",
    "These are skills our regional employers tell us they cannot find fast enough",
    "When the whole county pulls in the same direction, we move faster",
    "Students are hungry for learning that connects to their own neighborhoods",
];

/// Activities of nonprofits named with an appositive.
const NONPROFIT_ACTIVITIES: &[&str] = &[
    "recruits college students as reading coaches",
    "trains parents to lead school-site workshops",
    "runs free weekend coding clubs",
    "places mentors in middle schools",
    "delivers fresh produce to school pantries",
    "connects newcomer families with legal aid",
    "offers free counseling for teenagers",
];

/// Two-word names of nonprofits and companies that have no suffix (their appositive types them).
const BRAND_FIRST: &[&str] = &[
    "Bright",
    "Open",
    "Next",
    "True",
    "Clear",
    "Steady",
    "Common",
    "Kindred",
    "Little",
    "Rising",
    "Evergreen",
    "Northstar",
    "Blue",
    "Green",
];
/// Second words of those names.
const BRAND_SECOND: &[&str] = &[
    "Path", "Book", "Chapter", "Ground", "Lantern", "Table", "Roots", "Steps", "Compass", "Orbit",
    "Harvest", "Signal", "Canvas", "Thread",
];

/// Publisher name patterns: `{P}` a place; the short form, `{I}` the place's initials.
const PUBLISHER_KINDS: &[(&str, &str)] = &[
    ("{P} County Office of Education", "{I}COE"),
    ("{P} Unified School District", "{I}USD"),
    ("{P} County Department of Public Health", "{I}DPH"),
    ("{P} Community College District", "{I}CCD"),
    ("{P} Regional Transit Authority", "{I}RTA"),
    ("{P} Public Library System", "{I}PLS"),
    ("{P} Department of Parks and Recreation", "{I}DPR"),
];

/// Kinds of organisation the generator names (the extractor's types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    District,
    College,
    University,
    School,
    Foundation,
    Nonprofit,
    Government,
    Business,
    Court,
    Other,
}

/// Every kind, for "any organisation".
const KINDS: &[Kind] = &[
    Kind::District,
    Kind::College,
    Kind::University,
    Kind::School,
    Kind::Foundation,
    Kind::Nonprofit,
    Kind::Government,
    Kind::Business,
    Kind::Court,
    Kind::Other,
];

/// Name patterns per kind: `{P}` place, `{S}`/`{T}` surnames, `{G}`/`{H}` given names,
/// `{U}` a US state, `{J}` a subject; a third field is the short-form pattern (`{P}` place,
/// `{I}` initials of the whole name), empty when the name has none.
const ORG_PATTERNS: &[(Kind, &str, &str)] = &[
    (Kind::District, "{P} Unified School District", "{P} USD"),
    (Kind::District, "{P} Unified School District", "{P} Unified"),
    (Kind::District, "{P} Elementary School District", ""),
    (Kind::District, "{P} Union High School District", "{I}"),
    (Kind::District, "{P} Joint Unified School District", ""),
    (Kind::District, "{P} Independent School District", "{P} ISD"),
    (Kind::District, "{P} City School District", ""),
    (Kind::District, "{P} Public Schools", "{I}"),
    (Kind::District, "{P} School District", ""),
    (Kind::College, "{P} Community College", ""),
    (Kind::College, "{P} College", ""),
    (Kind::College, "{P} City College", ""),
    (Kind::College, "{P} Community College District", "{I}"),
    (Kind::University, "{P} State University", "{I}"),
    (Kind::University, "University of {P}", ""),
    (Kind::University, "{S} University", ""),
    (Kind::University, "{P} Polytechnic University", ""),
    (Kind::School, "{S} High School", ""),
    (Kind::School, "{P} Middle School", ""),
    (Kind::School, "{S} Elementary School", ""),
    (Kind::School, "{P} Charter School", ""),
    (Kind::School, "{S} Preparatory School", ""),
    (Kind::School, "{P} Magnet School", ""),
    (Kind::Foundation, "{S} Family Foundation", ""),
    (Kind::Foundation, "{P} Community Foundation", ""),
    (Kind::Foundation, "{G} and {H} {S} Foundation", ""),
    (Kind::Foundation, "{P} Education Foundation", ""),
    (Kind::Foundation, "{S}-{T} Foundation", ""),
    (Kind::Nonprofit, "{P} Youth Alliance", ""),
    (Kind::Nonprofit, "{P} Literacy Coalition", "{I}"),
    (Kind::Nonprofit, "{P} Reading Project", ""),
    (Kind::Nonprofit, "United Way of {P}", ""),
    (Kind::Nonprofit, "Boys & Girls Club of {P}", ""),
    (Kind::Nonprofit, "{P} Family Resource Association", "{I}"),
    (Kind::Nonprofit, "{P} Arts Collaborative", ""),
    (Kind::Nonprofit, "{P} Mentoring Society", ""),
    (Kind::Nonprofit, "{P} Chamber of Commerce", ""),
    (Kind::Government, "{P} Department of Public Health", "{I}"),
    (Kind::Government, "City of {P}", ""),
    (Kind::Government, "{P} Housing Authority", "{I}"),
    (Kind::Government, "{P} Transit Agency", ""),
    (Kind::Government, "{P} City Council", ""),
    (Kind::Government, "{U} Department of Education", "{I}"),
    (Kind::Government, "{P} Water District", ""),
    (Kind::Government, "{P} Fire Department", ""),
    (Kind::Business, "{S} Technologies", ""),
    (Kind::Business, "{P} Credit Union", ""),
    (Kind::Business, "{S} & {T} LLC", ""),
    (Kind::Business, "{P} Industries Inc.", ""),
    (Kind::Business, "{S} Solutions", ""),
    (Kind::Business, "{P} Community Bank", ""),
    (Kind::Business, "{S} Construction Company", ""),
    (Kind::Business, "{S} Laboratories", ""),
    (Kind::Court, "{S} Juvenile Hall", ""),
    (Kind::Court, "{P} Juvenile Court School", ""),
    (Kind::Court, "{P} Juvenile Detention Center", ""),
    (Kind::Court, "{P} Detention Center School", ""),
    (Kind::Other, "{P} Medical Center", ""),
    (Kind::Other, "{P} Public Library", ""),
    (Kind::Other, "{P} Children’s Hospital", ""),
    (Kind::Other, "{P} Science Museum", ""),
];

// ===========================================================================================
// Templates. `{slot}` is filled by `Draft::slot`; the slots are listed there. Quotes and
// apostrophes are written curly and made straight for the files that use straight ones.
// ===========================================================================================

/// Titles.
const TITLE_TEMPLATES: &[&str] = &[
    "{pubs} Launches {progname} for {Ppl}",
    "{progname} Expands to {n} {Place} Schools",
    "{pubs} Awards {money} in {Subj} Grants to {n} Districts",
    "{N} Students Complete {pubp} {progname}",
    "{Place} Families Turn Out for {Subj} Night",
    "{pubs} and {Org} Announce New {Subj} Partnership",
    "{pubs} {sy} Annual Report Highlights {Subj} Gains",
    "{progname} Marks {Nw} Years of Service",
    "{pubs} Opens Applications for {progname}",
    "Students From {n} Districts Share Their Work at {progname}",
    "New {Subj} Grants Will Reach {N} {Ppl} Across {Place}",
    "{pubp} {progname} Wins National Recognition",
];

/// One-line summaries under the date.
const SUMMARY_TEMPLATES: &[&str] = &[
    "The program will serve {cp} in its first year.",
    "Educators and partners came together to turn plans into action.",
    "Applications open this month for {ppl} in {n} districts.",
    "Workshops covered {subj}, family engagement and next steps for students.",
    "The grants will pay for materials, coaching and {things}.",
    "View the annual report for highlights and key focus areas.",
    "{Nw} partners will support the work over the next {nw} years.",
    "Families can sign up online or at any participating school.",
];

/// First paragraphs: the publisher and the main program, defined with its acronym.
const LEAD_TEMPLATES: &[&str] = &[
    "The {pub} today announced the launch of the {prog}, a {dur} effort that will serve {cp} across {n} districts, with {money} in first-year funding. The {prog} is open to {ppl} in {grades} and will begin in {month}.",
    "The {pub} has expanded its {prog} to {ct}, reaching {cp} in {sy}, up from {int} the year before. Officials said the growth reflects strong demand from schools and {ppl} alike.",
    "The {pub} recognized {cp} from {n} schools on {wday} at the {Place} {Subj} Awards, marking the {ord} year of the {prog}. The ceremony was hosted by {coll} and drew {cp} and community leaders.",
    "{pubs} opened its {prog} this week at {n} sites in {nw} districts, welcoming {cp} for {dur} sessions of small-group {subj} instruction, workshops and field trips.",
    "The {pub} released its annual report for the {sy} school year, spotlighting the {prog} and the work of partners across {county}. The report reflects the agency’s commitment to serving {cpw} throughout the region.",
    "Educators and partners from across {county} came together on {wday} for the first in-person convening of the {prog}, hosted by the {pub}. The full-day event brought together {cp} to strengthen collaboration and plan next steps.",
];

/// Paragraph sentences naming partners with role cues.
const PARTNER_SENTENCES: &[&str] = &[
    "District leaders representing {dist}, {dist}, {dist} and {nw} others joined the conversation, alongside partners from {court_appos}.",
    "The work is carried out in partnership with {univ} and {coll}, which will provide {subj} coursework for participating {ppl}.",
    "Attendees included representatives from {npo}, {gov} and {biz}.",
    "The event was hosted by {coll} and featured presentations from {univ}, {npo} and {found}.",
    "{npo_appos}, will train volunteers and coordinate {ct}.",
    "Funding comes from {found} and the {gov}, with additional support from {biz}.",
    "In collaboration with {dist}, the {prog} will open {nw} new sites this fall.",
    "Partners include {org}, {org} and {org}.",
    "Teachers will take courses through {univ} and {univ}, and graduates will qualify for a supplementary authorization.",
    "The program is funded by {money} from {found} and a {moneys} gift from {biz_appos}.",
    "Participating districts include {dists}.",
    "Speakers from {other} and {gov} led sessions on {subj} and student health.",
    "Students in {dist_short} asked the {gov} to add crosswalk lighting near {nw} campuses, and a team from {dist_short} presented a proposal to the {Place} City Council.",
    "{npo} partnered with {school} and {school} to run after-school clubs at both campuses.",
    "Additional support came from {org} and {org}, along with {again}.",
];

/// Paragraph sentences with numbers.
const NUMBER_SENTENCES: &[&str] = &[
    "Since {pyr}, the {prog} has served {cp}, and {pct} of participants said it helped them plan for the future.",
    "Chronic absenteeism fell from {pcthi} to {pctlo} over {nw} years, according to district data.",
    "The {pubs} also awarded {money} in grants of up to {moneys} each to {ct}.",
    "Nearly {frac} of the {ppl} who enrolled in {yr} completed the program, and {pct} went on to a second year.",
    "About one in {nw} {ppl} in the region lacks reliable internet access at home.",
    "Between {n} and {n2} volunteers staff each site on a typical {wday}.",
    "{Qual} {int} {ppl} applied for {n} spots, and {frac} of the applicants were first-generation college students.",
    "The {dur} program runs from {month} through {month}, with sessions from 3:30 to 6 p.m. at {school}.",
    "Students ages {age} to {age2} can join, and each participant receives about {n} hours of instruction and a stipend of {moneys}.",
    "Participation rose {n} percent in {yr}, while costs per student dropped to {moneys}.",
    "The {dist_short} board approved a {money} budget for the work on a 5-2 vote.",
    "Graduates earned {ct} and {int} college credits in total, saving families an estimated {money} in tuition.",
    "Enrollment grew to {cp} this year, {qual} {int} more than in {pyr}.",
    "{Qual} {pcthi} of {ppl} reported feeling more connected to school, up from {pctlo} in the first survey.",
    "The county is home to {cpw}, and {qual} {pct} of them live within walking distance of a participating site.",
    "Each site will receive {moneys} for materials and {nw} laptops for student use.",
    "Families can call 211 or visit the resource center at {addr} for help with enrollment.",
    "{ct_cap} were delivered in the first {nw} weeks alone.",
    "Over the {dur} pilot, {cp} logged {int} hours of practice, and reading scores rose {n} points on average.",
    "Tuition support of up to {moneys} per year is available for {ppl} who return to teach locally.",
];

/// Quote sentences.
const QUOTE_SENTENCES: &[&str] = &[
    "“{quote},” said {person}, {pubp} {title}.",
    "“{quote},” said {person}, {titlel} at {org}.",
    "{person}, {title} of {org}, said: “{quote}.”",
    "“{quote},” {person} said.",
    "“{quote}. {quote},” said {person}, {pubp} {title}.",
    "{title} {person} said the {prog} {saying}.",
    "{person}, the {body}’s {titlel}, said the work {saying}.",
    "“{quote},” said {person}, {title} of {org}. “{quote}.”",
    "“{quote},” {person}, {title}, said.",
];

/// Follow-up sentences of a quote paragraph.
const QUOTE_FOLLOW: &[&str] = &[
    "“{quote},” {she} said.",
    "“{quote},” {last} added.",
    "{last} noted that {pct} of last year’s participants returned as mentors.",
];

/// What a person said, reported (after "said the program").
const SAYINGS: &[&str] = &[
    "has already changed how schools plan their year",
    "shows what is possible when agencies share data",
    "will need steady funding to keep growing",
    "gives students a reason to come to school every day",
];

/// Background sentences.
const BACKGROUND_SENTENCES: &[&str] = &[
    "The {prog} builds on the {Place} Vision {fy} goal that all {ppl} graduate ready for college and career.",
    "Launched in {pyr} with {n} districts, the {prog} now works with {ct} in {n2} districts.",
    "{title} {person} announced the expansion at a meeting of the {gov} on {wday}.",
    "The agency previously ran the {prog2} in partnership with {found}.",
    "Participating schools include {school}, {school} and {school}.",
    "Through {known} and the {prog2}, families can get meals, books and health screenings in one visit.",
    "Throughout the day, participants engaged in hands-on learning and discussion focused on {subj} and {subj2}.",
    "The sessions align with the state’s goal that all high school students earn at least {n} units of college credit before graduation.",
    "Many of the {ppl} had never visited a college campus before, and for some, the event was their first time presenting to an audience.",
    "The {prog} is modeled on {known}, adapted for {ppl} in rural districts.",
    "Officials said they hope to double the number of sites by {fy}.",
    "Workshops were offered in English and Spanish, and child care was provided on site.",
    "The district has improved in areas such as community relations, personnel management and pupil achievement.",
    "The {found} will match every dollar raised locally, up to {money}.",
    "The approach follows the “{Place} Model” for family outreach that {county} adopted in {pyr}.",
    "Families also praised the “{brand}” campaign, which sends weekly tips by text message.",
    "Many students first heard about the work through the {brand} program at their local library.",
    "In {yr}, the agency launched {brand} on Wheels, a mobile classroom that visits {n} neighborhoods.",
    "{brand} Zone, a free after-school tutoring service, will open at every participating site.",
    "The {brand} series brings authors and scientists into classrooms once a month.",
];

/// Lines that introduce a list.
const LIST_INTROS: &[&str] = &[
    "Highlights of the {sy} report include:",
    "This year’s program is built around {nw} goals:",
    "What is new at each campus:",
    "Key focus areas for the coming years include:",
    "Some of the Major {sy} Achievements",
    "Participants can expect:",
];

/// List item headings (numbered lists with a heading line).
const LIST_HEADINGS: &[&str] = &[
    "Expansion of {Subj} Pathways",
    "Support for {dist}",
    "{prog2}",
    "Bringing Families In",
    "Training the Next Generation of Teachers",
    "Leadership in {Subj}",
    "Student Voice and Advocacy",
    "New Facilities at {school}",
];

/// List item texts.
const LIST_ITEMS: &[&str] = &[
    "{Qual} {int} {ppl} took part in {subj} workshops led by {univ}.",
    "{pubs} expanded support to {cp} at {ct}, making it one of the largest networks of its kind.",
    "Significant progress was made with {dist}, which is on track to meet its goals for {sy}.",
    "Families took home about {n} books each through a partnership with {other}.",
    "The {prog2} helped {int} educators complete credentials and enrolled {int} more.",
    "{biz} donated {ct} and {moneys} in classroom supplies.",
    "A new equity lead role will work with local education agencies to identify barriers and opportunities.",
    "Students in grades {n} through 12 can earn dual credit through {coll}.",
    "{pcthi} of participating {ppl} met their goals, compared with {pctlo} a year earlier.",
    "Free transportation and meals for every participant",
    "Weekly coaching sessions with a mentor from {npo}",
];

/// Closing paragraphs.
const CLOSING_TEMPLATES: &[&str] = &[
    "This work is supported by {found} and {found}.",
    "For more information and to view the full report, visit our website.",
    "Registration is free and open to {ppl} across {county}. For details, visit {web} or call {phone}.",
    "By bringing together educators, families and partners, the {prog} reinforces the collective work underway to ensure every student has access to meaningful pathways.",
    "The next cohort begins in {month}; applications are due {month} {day}.",
    "Media contact: {person}, {pub}, {phone}.",
];

/// Banner lines around the title.
const BANNERS: &[&str] = &[
    "News release",
    "FOR IMMEDIATE RELEASE",
    "Press Release",
    "Media Advisory",
];

/// Month names and the AP abbreviations used in dates.
const MONTH_NAMES: &[(&str, &str)] = &[
    ("January", "Jan."),
    ("February", "Feb."),
    ("March", "March"),
    ("April", "April"),
    ("May", "May"),
    ("June", "June"),
    ("July", "July"),
    ("August", "Aug."),
    ("September", "Sept."),
    ("October", "Oct."),
    ("November", "Nov."),
    ("December", "Dec."),
];

/// Weekday names (Monday first).
const WEEKDAY_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Date prefixes.
const DATE_PREFIXES: &[&str] = &["Posted: ", "Published on ", "Release Date: ", "Updated "];

/// Regions of publishers' dates, weighted by repetition: the zone, its region word for
/// "Pacific Time" (empty when the parser would read it as another zone), and its short form.
const REGIONS: &[(Tz, &str, &str)] = &[
    (Los_Angeles, "Pacific", "PT"),
    (Los_Angeles, "Pacific", "PT"),
    (Los_Angeles, "Pacific", "PT"),
    (New_York, "Eastern", "ET"),
    (New_York, "Eastern", "ET"),
    (Chicago, "Central", "CT"),
    (Chicago, "Central", "CT"),
    (Denver, "Mountain", "MT"),
    (Phoenix, "", ""),
    (Anchorage, "Alaska", ""),
    (Honolulu, "", ""),
];

// ===========================================================================================
// One release
// ===========================================================================================

/// An organisation named in a release.
#[derive(Debug, Clone)]
struct Org {
    name: String,
    short: Option<String>,
}

/// A program named in a release.
#[derive(Debug, Clone)]
struct Prog {
    name: String,
    acronym: Option<String>,
    mentioned: bool,
}

/// A release being written.
struct Draft<'a> {
    rng: Rng,
    text: String,
    publisher: &'a Publisher,
    date: NaiveDate,
    /// The main program (the title's and the lead's).
    prog: Prog,
    /// A second program, named later.
    prog2: Prog,
    orgs: Vec<Org>,
    /// Name and surname of the last person named.
    person: Option<(String, &'static str)>,
    /// Templates and quotes used so far (see `fresh`).
    used: Vec<&'static str>,
    windows_1252: bool,
}

/// The initials of the capitalised words of a name (`Cedar Valley Housing Authority`: `CVHA`).
fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// A place name: two words ("Cedar Valley") or one ("Ashford").
fn place_name(rng: &mut Rng) -> String {
    if rng.chance(75) {
        let first = rng.pick(PLACE_FIRST);
        let mut second = rng.pick(PLACE_SECOND);
        while second == first {
            second = rng.pick(PLACE_SECOND);
        }
        format!("{first} {second}")
    } else {
        format!("{}{}", rng.pick(TOWN_HEADS), rng.pick(TOWN_TAILS))
    }
}

/// `1,234,567`.
fn push_commas(out: &mut String, n: u64) {
    let digits = n.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
}

/// English ordinal word for 2 to 12.
const ORDINAL_WORDS: &[&str] = &[
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

/// Durations before "program", "effort".
const DURATIONS: &[&str] = &[
    "six-week",
    "18-month",
    "year-long",
    "two-year",
    "five-week",
    "12-week",
    "three-year",
];

/// Grade spans.
const GRADES: &[&str] = &[
    "grades 6 through 8",
    "kindergarten through 12th grade",
    "grades 9-12",
    "K-12",
    "transitional kindergarten and first grade",
];

/// Street names.
const STREETS: &[&str] = &["Avenue", "Street", "Boulevard", "Road", "Drive"];

impl<'a> Draft<'a> {
    /// Writes release `index` of `seed`.
    fn generate(seed: u64, index: u64, publishers: &'a [Publisher]) -> Draft<'a> {
        let mut rng = Rng::new(seed, DOMAIN_RELEASE, index);
        let publisher = &publishers[rng.below(publishers.len())];
        let year = rng.range(2016, 2026) as i32;
        let month = rng.range(1, 12) as u32;
        let date = (1..=31)
            .rev()
            .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
            .and_then(|last| {
                NaiveDate::from_ymd_opt(year, month, rng.range(1, last.day().into()) as u32)
            })
            .expect("every month has a day 1");
        let prog = Prog {
            name: String::new(),
            acronym: None,
            mentioned: false,
        };
        let mut release = Draft {
            rng,
            text: String::with_capacity(4600),
            publisher,
            date,
            prog: prog.clone(),
            prog2: prog,
            orgs: Vec::with_capacity(24),
            person: None,
            used: Vec::with_capacity(48),
            windows_1252: false,
        };
        release.prog = release.program();
        release.prog2 = release.program();
        release.write();
        release
    }

    /// A new program name, with an acronym most of the time.
    fn program(&mut self) -> Prog {
        let rng = &mut self.rng;
        let name = match rng.below(10) {
            0 => format!(
                "{} {} Academy",
                rng.pick(PROGRAM_LEADS),
                rng.pick(ACADEMY_LEADS)
            ),
            1 => format!("{} Institute", rng.pick(ACADEMY_LEADS)),
            2 => format!(
                "{} for {} Success",
                rng.pick(&["Partnership", "Initiative", "Network"]),
                rng.pick(SUBJECTS)
            ),
            3 => format!(
                "{} {} {}",
                place_name(rng),
                rng.pick(SUBJECTS),
                rng.pick(PROGRAM_HEADS)
            ),
            _ => format!(
                "{} {} {}",
                rng.pick(PROGRAM_LEADS),
                rng.pick(SUBJECTS),
                rng.pick(PROGRAM_HEADS)
            ),
        };
        // A name whose head word does not end it is found through its acronym only.
        let head_last = !name.contains(" for ");
        let acronym = (!head_last || rng.chance(80)).then(|| initials(&name));
        Prog {
            name,
            acronym: acronym.filter(|a| a.len() >= 2),
            mentioned: false,
        }
    }

    /// A new organisation of `kind`.
    fn org(&mut self, kind: Kind) -> Org {
        let rng = &mut self.rng;
        let patterns: Vec<&(Kind, &str, &str)> =
            ORG_PATTERNS.iter().filter(|p| p.0 == kind).collect();
        let &(_, pattern, short) = patterns[rng.below(patterns.len())];
        let place = place_name(rng);
        let mut name = String::with_capacity(48);
        let mut rest = pattern;
        while let Some(at) = rest.find('{') {
            name.push_str(&rest[..at]);
            match &rest[at + 1..at + 2] {
                "P" => name.push_str(&place),
                "S" | "T" => name.push_str(rng.pick(SURNAMES)),
                "G" | "H" => name.push_str(rng.pick(GIVEN)),
                "U" => name.push_str(rng.pick(STATES)),
                _ => name.push_str(rng.pick(SUBJECTS)),
            }
            rest = &rest[at + 3..];
        }
        name.push_str(rest);
        let short = (!short.is_empty()).then(|| {
            short
                .replace("{P}", &place)
                .replace("{I}", &initials(&name))
        });
        let org = Org { name, short };
        self.orgs.push(org.clone());
        org
    }

    /// Writes an organisation of `kind`: its name, and its acronym in parentheses when it has one
    /// (the first time only).
    fn push_org(&mut self, kind: Kind) {
        let org = self.org(kind);
        self.text.push_str(&org.name);
        if let Some(short) = &org.short
            && !short.contains(' ')
            && self.rng.chance(50)
        {
            self.text.push_str(" (");
            self.text.push_str(short);
            self.text.push(')');
        }
    }

    /// Writes a program: name and acronym the first time, then the acronym or the name.
    fn push_prog(&mut self, second: bool) {
        let use_acronym = self.rng.chance(60);
        let prog = if second {
            &mut self.prog2
        } else {
            &mut self.prog
        };
        match (&prog.acronym, prog.mentioned) {
            (Some(acronym), false) => {
                let _ = write!(self.text, "{} ({acronym})", prog.name);
            }
            (Some(acronym), true) if use_acronym => self.text.push_str(acronym),
            _ => self.text.push_str(&prog.name),
        }
        prog.mentioned = true;
    }

    /// A person's name, with an honorific some of the time; remembered for "she said".
    fn push_person(&mut self) {
        let rng = &mut self.rng;
        let given = rng.pick(GIVEN);
        let surname = rng.pick(SURNAMES);
        if rng.chance(35) {
            self.text.push_str(rng.pick(HONORIFICS));
            self.text.push(' ');
        }
        let _ = write!(self.text, "{given} {surname}");
        self.person = Some((format!("{given} {surname}"), surname));
    }

    /// A count with an optional qualifier and noun: `more than 1,200 students`.
    fn push_count(&mut self, nouns: &[&str]) {
        if self.rng.chance(50) {
            self.text.push_str(self.rng.pick(QUALIFIERS));
            self.text.push(' ');
        }
        let n = match self.rng.below(4) {
            0 => self.rng.range(12, 99),
            1 => self.rng.range(100, 999),
            2 => self.rng.range(1000, 9999),
            _ => self.rng.range(10_000, 60_000) / 10 * 10,
        };
        push_commas(&mut self.text, n);
        self.text.push(' ');
        self.text.push_str(self.rng.pick(nouns));
    }

    /// A percentage: `38%`, `38 percent`, `12.5%`.
    fn push_percent(&mut self) {
        let n = self.rng.range(3, 97);
        match self.rng.below(5) {
            0 => {
                let _ = write!(self.text, "{n} percent");
            }
            1 => {
                let _ = write!(self.text, "{n}.{}%", self.rng.range(1, 9));
            }
            _ => {
                let _ = write!(self.text, "{n}%");
            }
        }
    }

    /// An amount of money: `$4.2 million`, `$750,000`, `$1.5 billion`.
    fn push_money(&mut self, small: bool) {
        self.text.push('$');
        if small {
            let n = match self.rng.below(3) {
                0 => self.rng.range(2, 99) * 50,
                1 => self.rng.range(1, 40) * 500,
                _ => self.rng.range(100, 999),
            };
            push_commas(&mut self.text, n);
            return;
        }
        match self.rng.below(6) {
            0 => {
                push_commas(&mut self.text, self.rng.range(10, 990) * 1000);
            }
            1 => {
                let _ = write!(
                    self.text,
                    "{}.{} billion",
                    self.rng.range(1, 3),
                    self.rng.range(1, 9)
                );
            }
            2 => {
                let _ = write!(self.text, "{} million", self.rng.range(1, 40));
            }
            _ => {
                let _ = write!(
                    self.text,
                    "{}.{} million",
                    self.rng.range(1, 12),
                    self.rng.range(1, 9)
                );
            }
        }
    }

    /// Writes a list of 2 to 4 organisations: `A, B and C`.
    fn push_list(&mut self, kinds: &[Kind]) {
        let n = self.rng.range(2, 4) as usize;
        for i in 0..n {
            if i > 0 {
                self.text.push_str(if i + 1 == n { " and " } else { ", " });
            }
            let kind = self.rng.pick(kinds);
            self.push_org(kind);
        }
    }

    /// Fills one slot of a template.
    fn slot(&mut self, name: &str) {
        match name {
            "pub" => self.text.push_str(&self.publisher.name),
            "pubs" => self.text.push_str(&self.publisher.short),
            "pubp" => {
                self.text.push_str(&self.publisher.short);
                self.text.push_str("’s");
            }
            "prog" => self.push_prog(false),
            "prog2" => self.push_prog(true),
            "progname" => self.text.push_str(&self.prog.name.clone()),
            "known" => self.text.push_str(self.rng.pick(KNOWN_PROGRAMS)),
            "dist" => self.push_org(Kind::District),
            "dist_short" => {
                let org = self.org(Kind::District);
                let short = org.short.filter(|s| s.contains(' ')).unwrap_or(org.name);
                self.text.push_str(&short);
            }
            "dists" => self.push_list(&[Kind::District]),
            "coll" => self.push_org(Kind::College),
            "univ" => self.push_org(Kind::University),
            "school" => self.push_org(Kind::School),
            "found" => self.push_org(Kind::Foundation),
            "npo" => self.push_org(Kind::Nonprofit),
            "gov" => self.push_org(Kind::Government),
            "biz" => self.push_org(Kind::Business),
            "other" => self.push_org(Kind::Other),
            "org" => {
                let kind = self.rng.pick(KINDS);
                self.push_org(kind);
            }
            "Org" => {
                let kind = self
                    .rng
                    .pick(&[Kind::University, Kind::Foundation, Kind::Business]);
                let org = self.org(kind);
                self.text.push_str(&org.name);
            }
            "again" => match self.orgs.len() {
                0 => self.push_org(Kind::Nonprofit),
                n => {
                    let org = self.orgs[self.rng.below(n)].clone();
                    self.text
                        .push_str(org.short.as_deref().unwrap_or(&org.name));
                }
            },
            "npo_appos" => {
                let (a, b) = (self.rng.pick(BRAND_FIRST), self.rng.pick(BRAND_SECOND));
                let what = self.rng.pick(NONPROFIT_ACTIVITIES);
                let _ = write!(self.text, "{a} {b}, a nonprofit that {what}");
            }
            "biz_appos" => {
                let (a, b) = (self.rng.pick(BRAND_FIRST), self.rng.pick(BRAND_SECOND));
                let what = self
                    .rng
                    .pick(&["software company", "local employer", "manufacturer"]);
                let _ = write!(self.text, "{a}{} Analytics, a {what}", b.to_lowercase());
            }
            "court_appos" => {
                if self.rng.chance(50) {
                    let _ = write!(
                        self.text,
                        "Camp {}, one of the county’s juvenile court schools",
                        self.rng.pick(SURNAMES)
                    );
                } else {
                    self.push_org(Kind::Court);
                }
            }
            "person" => self.push_person(),
            "body" => {
                let body = self
                    .rng
                    .pick(&["district", "college", "foundation", "agency", "city"]);
                self.text.push_str(body);
            }
            "brand" => {
                let (a, b) = (self.rng.pick(BRAND_FIRST), self.rng.pick(BRAND_SECOND));
                let _ = write!(self.text, "{a} {b}");
            }
            "age" => {
                let _ = write!(self.text, "{}", self.rng.range(5, 12));
            }
            "age2" => {
                let _ = write!(self.text, "{}", self.rng.range(13, 18));
            }
            "pcthi" => {
                let _ = write!(self.text, "{}%", self.rng.range(51, 96));
            }
            "pctlo" => {
                let _ = write!(self.text, "{}%", self.rng.range(4, 49));
            }
            "last" => {
                let last = self.person.as_ref().map_or("Ellison", |p| p.1);
                self.text.push_str(last);
            }
            "she" => self.text.push_str(self.rng.pick(&["she", "he", "they"])),
            "title" => self.text.push_str(self.rng.pick(TITLES)),
            "titlel" => {
                let title = self.rng.pick(TITLES).to_lowercase().replace("ceo", "CEO");
                self.text.push_str(&title);
            }
            "quote" => {
                let quote = self.fresh(QUOTES);
                self.text.push_str(quote);
            }
            "saying" => self.text.push_str(self.rng.pick(SAYINGS)),
            "ppl" => self.text.push_str(self.rng.pick(PEOPLE)),
            "Ppl" => {
                let word = self
                    .rng
                    .pick(&["Students", "Families", "Teachers", "Young Readers"]);
                self.text.push_str(word);
            }
            "things" => self.text.push_str(self.rng.pick(THINGS)),
            "cp" => self.push_count(PEOPLE),
            "ct" => self.push_count(THINGS),
            "ct_cap" => {
                let start = self.text.len();
                self.push_count(THINGS);
                capitalize_at(&mut self.text, start);
            }
            "cpw" => {
                if self.rng.chance(50) {
                    self.text.push_str(self.rng.pick(QUALIFIERS));
                    self.text.push(' ');
                }
                self.text.push_str(self.rng.pick(BIG_WORDS));
                self.text.push(' ');
                self.text
                    .push_str(self.rng.pick(&["students", "residents", "people"]));
            }
            "pct" => self.push_percent(),
            "money" => self.push_money(false),
            "moneys" => self.push_money(true),
            "n" => {
                let _ = write!(self.text, "{}", self.rng.range(3, 40));
            }
            "n2" => {
                let _ = write!(self.text, "{}", self.rng.range(41, 90));
            }
            "N" => push_commas(&mut self.text, self.rng.range(20, 4000)),
            "int" => push_commas(&mut self.text, self.rng.range(120, 25_000)),
            "nw" => self.text.push_str(self.rng.pick(SMALL_WORDS)),
            "Nw" => {
                let start = self.text.len();
                self.text.push_str(self.rng.pick(SMALL_WORDS));
                capitalize_at(&mut self.text, start);
            }
            "ord" => self.text.push_str(self.rng.pick(ORDINAL_WORDS)),
            "frac" => self.text.push_str(self.rng.pick(FRACTIONS)),
            "qual" => self.text.push_str(self.rng.pick(QUALIFIERS)),
            "Qual" => {
                let start = self.text.len();
                self.text.push_str(self.rng.pick(QUALIFIERS));
                capitalize_at(&mut self.text, start);
            }
            "yr" => {
                let _ = write!(
                    self.text,
                    "{}",
                    self.date.year() - self.rng.range(0, 2) as i32
                );
            }
            "pyr" => {
                let _ = write!(
                    self.text,
                    "{}",
                    self.date.year() - self.rng.range(3, 12) as i32
                );
            }
            "fy" => {
                let _ = write!(
                    self.text,
                    "{}",
                    self.date.year() + self.rng.range(2, 9) as i32
                );
            }
            "sy" => {
                let y = self.date.year() - 1;
                let _ = write!(self.text, "{y}-{:02}", (y + 1) % 100);
            }
            "month" => self.text.push_str(self.rng.pick(MONTH_NAMES).0),
            "day" => {
                let _ = write!(self.text, "{}", self.rng.range(1, 28));
            }
            "wday" => self.text.push_str(self.rng.pick(&WEEKDAY_NAMES[..5])),
            "place" | "Place" => {
                let place = place_name(&mut self.rng);
                self.text.push_str(&place);
            }
            "county" => {
                let place = place_name(&mut self.rng);
                let _ = write!(self.text, "{place} County");
            }
            "subj" | "subj2" => {
                let subject = self.rng.pick(SUBJECTS);
                if subject.chars().all(|c| c.is_uppercase()) {
                    self.text.push_str(subject);
                } else {
                    self.text.push_str(&subject.to_lowercase());
                }
            }
            "Subj" => self.text.push_str(self.rng.pick(SUBJECTS)),
            "dur" => self.text.push_str(self.rng.pick(DURATIONS)),
            "grades" => self.text.push_str(self.rng.pick(GRADES)),
            "addr" => {
                let _ = write!(
                    self.text,
                    "{} {} {}",
                    self.rng.range(100, 9899),
                    self.rng.pick(SURNAMES),
                    self.rng.pick(STREETS)
                );
            }
            "phone" => {
                let _ = write!(
                    self.text,
                    "({}) 555-{:04}",
                    self.rng.range(201, 989),
                    self.rng.range(100, 199)
                );
            }
            "web" => {
                let _ = write!(
                    self.text,
                    "www.{}.org/{}",
                    self.publisher.short.to_lowercase().replace(' ', ""),
                    self.rng.pick(&["programs", "news", "register", "families"])
                );
            }
            other => unreachable!("unknown template slot {{{other}}}"),
        }
    }

    /// Writes `template` with its slots filled.
    fn fill(&mut self, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.text.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("templates close every slot");
            self.slot(&rest[open + 1..close]);
            rest = &rest[close + 1..];
        }
        self.text.push_str(rest);
    }

    /// An entry of `pool` not used yet in this release when there is one (a release does not
    /// repeat a sentence or a quote until its pool is used up).
    fn fresh(&mut self, pool: &'static [&'static str]) -> &'static str {
        let start = self.rng.below(pool.len());
        let k = (0..pool.len())
            .map(|d| (start + d) % pool.len())
            .find(|&k| !self.used.iter().any(|u| u.as_ptr() == pool[k].as_ptr()))
            .unwrap_or(start);
        self.used.push(pool[k]);
        pool[k]
    }

    /// Writes `min` to `max` sentences of `pool`, separated by spaces.
    fn sentences(&mut self, pool: &'static [&'static str], min: usize, max: usize) {
        let n = self.rng.range(min as u64, max as u64) as usize;
        for i in 0..n {
            if i > 0 {
                self.text.push(' ');
            }
            let template = self.fresh(pool);
            self.fill(template);
        }
    }

    /// The date line, in one of the forms releases use.
    fn date_line(&mut self) {
        let date = self.date;
        let hour = self.rng.range(7, 17) as u32;
        let minute = self.rng.pick(&[0u32, 0, 0, 15, 30, 45, 10, 5]);
        let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("hours 7 to 17 exist");
        let (tz, region, short) = self.rng.pick(REGIONS);
        let naive = NaiveDateTime::new(date, time);
        // Between 7 a.m. and 6 p.m. no clock change happens, so the local time is unambiguous.
        let offset = tz
            .offset_from_local_datetime(&naive)
            .single()
            .expect("no clock change between 7 a.m. and 6 p.m.");
        let abbr = offset.abbreviation().unwrap_or("UTC").to_owned();
        let offset_secs = offset.fix().local_minus_utc();
        let (full, ap) = MONTH_NAMES[date.month0() as usize];
        let weekday = WEEKDAY_NAMES[date.weekday().num_days_from_monday() as usize];
        let day = date.day();
        let year = date.year();
        let (h12, meridiem) = match hour {
            0..=11 => (hour, ["a.m.", "AM"]),
            12 => (12, ["p.m.", "PM"]),
            _ => (hour - 12, ["p.m.", "PM"]),
        };
        let m = meridiem[self.rng.below(2)];
        // A written zone: the abbreviation most often, else the region's name or short form.
        let zone = match self.rng.below(4) {
            0 if !region.is_empty() => format!("{region} Time"),
            1 if !short.is_empty() => short.to_owned(),
            _ => abbr.clone(),
        };
        let clock = if minute == 0 && self.rng.chance(50) {
            format!("{h12} {m}")
        } else {
            format!("{h12}:{minute:02} {m}")
        };
        let t = &mut self.text;
        match self.rng.below(16) {
            0..=4 => {
                let wd = &weekday[..3];
                let mon = &full[..3];
                let _ = write!(t, "{wd} {mon} {day} {hour:02}:{minute:02}:00 {abbr} {year}");
            }
            5 => {
                let _ = write!(t, "{full} {day}, {year}");
            }
            6 | 7 => {
                let _ = write!(t, "{ap} {day}, {year} {clock} {zone}");
            }
            8 => {
                let _ = write!(t, "{year}-{:02}-{day:02}", date.month());
            }
            9 | 10 => {
                let _ = write!(t, "{:02}/{day:02}/{year} {clock} {zone}", date.month());
            }
            11 => {
                let _ = write!(t, "{weekday}, {full} {day}, {year}");
            }
            12 => {
                let _ = write!(t, "{day} {full} {year}");
            }
            13 => {
                let prefix = DATE_PREFIXES[self.rng.below(DATE_PREFIXES.len())];
                let _ = write!(t, "{prefix}{full} {day}, {year}");
            }
            14 => {
                let sign = if offset_secs < 0 { '-' } else { '+' };
                let hours = offset_secs.abs() / 3600;
                let _ = write!(
                    t,
                    "{year}-{:02}-{day:02}T{hour:02}:{minute:02}:00{sign}{hours:02}:00",
                    date.month()
                );
            }
            _ => {
                let _ = write!(t, "{full} {day}, {year} at {clock} {zone}");
            }
        }
    }

    /// A list section: an intro line, then numbered items with headings (the items running on
    /// after the previous item's text: `text. - 2. Heading`), or one-line bullets.
    fn list(&mut self, line_end: &str) {
        let intro = self.rng.pick(LIST_INTROS);
        self.fill(intro);
        self.text.push_str(line_end);
        let items = self.rng.range(3, 5);
        match self.rng.below(5) {
            0 | 1 => {
                for i in 1..=items {
                    if i > 1 {
                        self.text.push(' ');
                    }
                    let _ = write!(self.text, "- {i}. ");
                    let heading = self.rng.pick(LIST_HEADINGS);
                    self.fill(heading);
                    self.text.push('\n');
                    self.sentences(LIST_ITEMS, 1, 2);
                }
            }
            style => {
                let marker = ["", "", "- ", "• ", "1. "][style];
                for i in 1..=items {
                    if i > 1 {
                        self.text.push('\n');
                    }
                    if marker == "1. " {
                        let _ = write!(self.text, "{i}. ");
                    } else {
                        self.text.push_str(marker);
                    }
                    let item = self.rng.pick(LIST_ITEMS);
                    self.fill(item);
                }
            }
        }
    }

    /// The whole release: header, body, then the file's line ends, quotes and encoding.
    fn write(&mut self) {
        let blank = self.rng.chance(70);
        let sep = if blank { "\n\n" } else { "\n" };
        let undated = self.rng.chance(3);
        let banner = self.rng.below(100);
        if banner < 3 {
            let b = self.rng.pick(BANNERS);
            self.text.push_str(b);
            self.text.push_str(sep);
        }
        let title = self.rng.pick(TITLE_TEMPLATES);
        self.fill(title);
        self.text.push_str(sep);
        if (3..6).contains(&banner) {
            let b = self.rng.pick(BANNERS);
            self.text.push_str(b);
            self.text.push('\n');
        }
        if !undated {
            self.date_line();
            self.text.push_str(sep);
            if self.rng.chance(85) {
                let summary = self.rng.pick(SUMMARY_TEMPLATES);
                let start = self.text.len();
                self.fill(summary);
                if self.text[start..].chars().count() > 150 {
                    self.text.truncate(start);
                } else {
                    self.text.push_str(sep);
                }
            }
        }
        // Body: lead, partners, numbers and a quote always; then more until the target size.
        let target = self.text.len() + self.rng.range(2160, 3960) as usize;
        let lead = self.rng.pick(LEAD_TEMPLATES);
        self.fill(lead);
        self.text.push_str(sep);
        self.sentences(PARTNER_SENTENCES, 2, 4);
        self.text.push_str(sep);
        self.sentences(NUMBER_SENTENCES, 2, 4);
        self.text.push_str(sep);
        self.quote_paragraph(true);
        self.text.push_str(sep);
        let mut listed = false;
        while self.text.len() < target {
            match self.rng.below(6) {
                0 if !listed => {
                    listed = true;
                    self.list(if blank { "\n" } else { sep });
                }
                0 | 1 => self.sentences(PARTNER_SENTENCES, 2, 3),
                2 => self.sentences(NUMBER_SENTENCES, 2, 3),
                3 => self.quote_paragraph(false),
                _ => self.sentences(BACKGROUND_SENTENCES, 2, 4),
            }
            self.text.push_str(sep);
        }
        let closing = self.rng.pick(CLOSING_TEMPLATES);
        self.fill(closing);
        self.finish();
    }

    /// One paragraph with a quote and sometimes a follow-up. The first quote of a release uses
    /// the most common attribution (`“…,” said NAME, TITLE.`).
    fn quote_paragraph(&mut self, first: bool) {
        let q = if first {
            self.fresh(&QUOTE_SENTENCES[..2])
        } else {
            self.fresh(QUOTE_SENTENCES)
        };
        self.fill(q);
        if self.rng.chance(40) {
            self.text.push(' ');
            let f = self.fresh(QUOTE_FOLLOW);
            self.fill(f);
        }
    }

    /// The file's own habits: final newline, trailing spaces, straight quotes, CRLF, BOM,
    /// Windows-1252.
    fn finish(&mut self) {
        if self.rng.chance(70) {
            self.text.push('\n');
        }
        let trailing_spaces = self.rng.chance(10);
        let straight = self.rng.chance(50);
        let crlf = self.rng.chance(15);
        let bom = self.rng.chance(3);
        self.windows_1252 = !bom && self.rng.chance(1);
        if !(trailing_spaces || straight || crlf || bom) {
            return;
        }
        let mut out = String::with_capacity(self.text.len() + self.text.len() / 40 + 4);
        if bom {
            out.push('\u{FEFF}');
        }
        let mut line_no = 0;
        for c in self.text.chars() {
            match c {
                '\n' => {
                    line_no += 1;
                    if trailing_spaces && line_no % 3 == 1 {
                        out.push_str("  ");
                    }
                    out.push_str(if crlf { "\r\n" } else { "\n" });
                }
                '“' | '”' if straight => out.push('"'),
                '’' if straight => out.push('\''),
                c => out.push(c),
            }
        }
        self.text = out;
    }
}

/// Upper-cases the character at byte `start` of `text`.
fn capitalize_at(text: &mut String, start: usize) {
    if let Some(c) = text[start..].chars().next()
        && c.is_lowercase()
    {
        let upper: String = c.to_uppercase().collect();
        text.replace_range(start..start + c.len_utf8(), &upper);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::extract::{OrgType, OutcomeKind, Qualifier, Role};
    use crate::pipeline::{Fate, RunConfig, process_bytes};

    #[test]
    fn release_text_depends_on_seed_and_index_only() {
        assert_eq!(release_text(7, 42), release_text(7, 42));
        assert_ne!(release_text(7, 42), release_text(8, 42));
        assert_ne!(release_text(7, 42), release_text(7, 43));
        assert_eq!(publishers(7), publishers(7));
        assert_ne!(publishers(7), publishers(8));
    }

    #[test]
    fn release_text_has_a_stable_output_for_a_seed() {
        // ChaCha8's output for a key is fixed, so this changes only with the generator itself;
        // then update the expected title, date and hash.
        let bytes = release_bytes(1, 0);
        let text = String::from_utf8_lossy(&bytes);
        let head: Vec<&str> = text.lines().take(3).collect();
        let title = "3,804 Students Complete APPLS's Bright Financial Literacy Toolkit";
        assert_eq!(head, [title, "", "Tue Oct 29 16:45:00 MST 2019"]);
        assert_eq!(
            crate::release::sha256_hex(&bytes),
            "92c2bb60f0803de923000deb690b6f5f4d4cff2621ff3f57b62f3d4c67200848"
        );
    }

    #[test]
    fn fill_knows_every_slot_of_every_template() {
        let publishers = publishers(1);
        let mut release = Draft::generate(1, 0, &publishers);
        let tables = [
            TITLE_TEMPLATES,
            SUMMARY_TEMPLATES,
            LEAD_TEMPLATES,
            PARTNER_SENTENCES,
            NUMBER_SENTENCES,
            QUOTE_SENTENCES,
            QUOTE_FOLLOW,
            BACKGROUND_SENTENCES,
            LIST_INTROS,
            LIST_HEADINGS,
            LIST_ITEMS,
            CLOSING_TEMPLATES,
        ];
        for template in tables.iter().flat_map(|t| t.iter()) {
            release.text.clear();
            release.fill(template);
            assert!(
                !release.text.contains(['{', '}']),
                "{template} -> {}",
                release.text
            );
            assert!(release.text.len() >= template.len() / 2, "{template}");
        }
    }

    #[test]
    fn summary_templates_fit_the_summary_rule() {
        // The parser takes a summary of at most 160 characters that does not open with a quote.
        let publishers = publishers(4);
        for index in 0..50 {
            let mut release = Draft::generate(4, index, &publishers);
            for template in SUMMARY_TEMPLATES {
                release.text.clear();
                release.fill(template);
                assert!(release.text.chars().count() <= 150, "{}", release.text);
                assert!(!release.text.starts_with(['“', '"']));
            }
        }
    }

    #[test]
    fn release_path_pads_to_one_width_so_names_sort_in_index_order() {
        assert_eq!(release_path(0, 10), PathBuf::from("0000/0000000.txt"));
        assert_eq!(
            release_path(12_345, 100_000),
            PathBuf::from("0012/0012345.txt")
        );
        assert_eq!(
            release_path(5, 20_000_000),
            PathBuf::from("00000/00000005.txt")
        );
        let paths: Vec<PathBuf> = (0..2_500).map(|i| release_path(i, 2_500)).collect();
        assert!(paths.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn release_text_averages_about_3_5_kb() {
        let n = 1_000;
        let total: usize = (0..n).map(|i| release_bytes(3, i).len()).sum();
        let mean = total / n as usize;
        assert!((3_300..=3_700).contains(&mean), "mean {mean} bytes");
    }

    #[test]
    fn release_bytes_vary_line_ends_quotes_and_encoding() {
        let files: Vec<Vec<u8>> = (0..1_000).map(|i| release_bytes(5, i)).collect();
        let count = |f: &dyn Fn(&[u8]) -> bool| files.iter().filter(|b| f(b)).count();
        let has = |b: &[u8], pat: &[u8]| b.windows(pat.len()).any(|w| w == pat);
        let crlf = count(&|b| has(b, b"\r\n"));
        let curly = count(&|b| has(b, "“".as_bytes()));
        let straight = count(&|b| has(b, b"\"") && !has(b, "“".as_bytes()));
        let bom = count(&|b| b.starts_with("\u{FEFF}".as_bytes()));
        let cp1252 = count(&|b| std::str::from_utf8(b).is_err());
        for (what, n, lo, hi) in [
            ("crlf", crlf, 80, 250),
            ("curly", curly, 350, 650),
            ("straight", straight, 350, 650),
            ("bom", bom, 5, 80),
            ("windows-1252", cp1252, 1, 40),
        ] {
            assert!((lo..=hi).contains(&n), "{what}: {n} of 1000");
        }
    }

    #[test]
    fn write_corpus_gives_the_same_files_whatever_the_thread_count() {
        let write = |threads: usize| {
            let dir = tempfile::tempdir().expect("a temp dir");
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let stats = pool
                .install(|| write_corpus(dir.path(), 1_203, 11))
                .expect("written");
            (dir, stats)
        };
        let (one, stats_one) = write(1);
        let (three, stats_three) = write(3);
        assert_eq!(stats_one, stats_three);
        assert_eq!(stats_one.files, 1_203);
        let folders: Vec<_> = std::fs::read_dir(one.path())
            .expect("listed")
            .map(|e| e.expect("entry").file_name())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(folders, ["0000", "0001"]);
        let mut bytes = 0;
        for index in [0, 999, 1_000, 1_202] {
            let path = release_path(index, 1_203);
            let a = std::fs::read(one.path().join(&path)).expect("read");
            let b = std::fs::read(three.path().join(&path)).expect("read");
            assert_eq!(a, b, "{}", path.display());
            assert_eq!(a, release_bytes(11, index));
            bytes += a.len();
        }
        assert!(bytes > 0);
        assert!(!one.path().join(release_path(1_203, 1_203)).exists());
    }

    #[test]
    fn generated_releases_parse_and_fill_every_table() {
        let seed = 2;
        let mut config = RunConfig::default();
        config.lexicon.publisher_names = publisher_names(seed);
        let fates: Vec<Fate> = (0..200u64)
            .into_par_iter()
            .map(|i| {
                let path = release_path(i, 200).to_string_lossy().replace('\\', "/");
                process_bytes(&release_bytes(seed, i), &path, &config)
            })
            .collect();
        let (mut org_types, mut roles) = (BTreeSet::new(), BTreeSet::new());
        let (mut kinds, mut qualifiers) = (BTreeSet::new(), BTreeSet::new());
        for fate in &fates {
            let (release, x) = match fate {
                Fate::Release(boxed) => &**boxed,
                Fate::Reject(reject) => panic!("rejected: {reject:?}"),
            };
            let id = &release.source_file;
            assert!(!x.programs.is_empty(), "{id}: no program");
            assert!(!x.partners.is_empty(), "{id}: no partner");
            assert!(!x.outcomes.is_empty(), "{id}: no outcome");
            assert!(!x.people.is_empty(), "{id}: no person");
            org_types.extend(x.partners.iter().map(|p| p.org_type));
            roles.extend(x.partners.iter().filter_map(|p| p.role));
            kinds.extend(x.outcomes.iter().map(|o| o.kind));
            qualifiers.extend(x.outcomes.iter().filter_map(|o| o.qualifier));
        }
        use OrgType::*;
        let all_types = [
            SchoolDistrict,
            College,
            University,
            K12School,
            Foundation,
            Nonprofit,
            Government,
            Business,
            CourtSchool,
            Other,
        ];
        assert_eq!(org_types, all_types.into_iter().collect());
        assert_eq!(roles.len(), 5, "{roles:?}");
        assert!(roles.contains(&Role::Funder));
        let all_kinds = [
            OutcomeKind::Count,
            OutcomeKind::Percent,
            OutcomeKind::Money,
            OutcomeKind::Other,
        ];
        assert_eq!(kinds, all_kinds.into_iter().collect());
        assert_eq!(qualifiers.len(), 6, "{qualifiers:?}");
        assert!(qualifiers.contains(&Qualifier::Under));
    }
}
