//! Rule tables of the number recognizer: number words, multipliers, percent words, currencies,
//! measure units and range qualifiers. Word entries are matched case-insensitively on whole
//! tokens unless the entry says otherwise; multi-word entries are token sequences (`"u", ".",
//! "s"` is the three tokens of "u.s"). Matchers pick the longest entry that fits, so order only
//! matters for readability. A new rule is one line here plus one test in `numbers.rs`.

/// Number words below twenty. "nought"/"naught" are British zero.
pub const CARDINALS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("nought", 0.0),
    ("naught", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

/// Tens words; they combine with a following unit ("fifty-two", "fifty two").
pub const TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fourty", 40.0), // common misspelling
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Scale words: "hundred" multiplies the group below a thousand, the others close a group.
pub const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Plural scale words; they only end a number that has a count ("five hundreds", never
/// "hundreds of students" alone).
pub const SCALE_PLURALS: &[(&str, f64)] = &[
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
    ("trillions", 1e12),
];

/// Ordinal words with their rank. The plural ("fifths") is the word plus "s" and names a
/// fraction's denominator. "nineth" is a frequent misspelling of "ninth".
pub const ORDINALS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("nineth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 1e2),
    ("thousandth", 1e3),
    ("millionth", 1e6),
    ("billionth", 1e9),
    ("trillionth", 1e12),
];

/// Fraction nouns that are not ordinals: (word, denominator, plural).
pub const FRACTION_NOUNS: &[(&str, f64, bool)] = &[
    ("half", 2.0, false),
    ("halves", 2.0, true),
    ("quarter", 4.0, false),
    ("quarters", 4.0, true),
];

/// Words for twelve of something ("a dozen", "3 dzs").
pub const DOZENS: &[&str] = &["dozen", "dozens", "dz", "dzs", "doz", "dozs"];

/// Articles that stand for "one" before a scale or fraction ("a hundred", "a third"), never alone.
pub const ARTICLES: &[&str] = &["a", "an"];

/// Words that make the next number negative.
pub const MINUS_WORDS: &[&str] = &["minus", "negative"];

/// The spoken decimal point ("two point five").
pub const POINT_WORDS: &[&str] = &["point"];

/// Suffixes of ordinals written in digits ("21st", "2nd", "33rd", "11th").
pub const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

/// Multipliers written right after digits: (text, value, may stand after a space). Matched with
/// exact case: "10M" is ten million but "1m" is a metre and "1 MB" a megabyte.
/// "G" needs two digits or a decimal before it ("10G", "1,674.5 G"), so the network
/// generations "4G"/"5G" stay out; "b"/"B" need a decimal or a currency sign ("1.2b", "$5B"),
/// so "Suite 200B" stays a name.
pub const SCALE_ABBREVS: &[(&str, f64, bool)] = &[
    ("k", 1e3, true),
    ("K", 1e3, true),
    ("M", 1e6, true),
    ("MM", 1e6, false),
    ("mln", 1e6, true),
    ("mn", 1e6, false),
    ("G", 1e9, true),
    ("b", 1e9, false),
    ("B", 1e9, false),
    ("bn", 1e9, true),
    ("bln", 1e9, true),
    ("tn", 1e12, false),
    ("tln", 1e12, true),
];

/// Words right before "one" that make it a pronoun ("the one you mentioned", "which one").
pub const PRONOUN_ONE_BEFORE: &[&str] = &[
    "the",
    "this",
    "that",
    "which",
    "each",
    "every",
    "any",
    "no",
    "another",
    "what",
    "whichever",
    "little",
    "last",
    "next",
    "right",
    "wrong",
    "same",
    "other",
];

/// Words right after "one" that make it a pronoun ("one another").
pub const PRONOUN_ONE_AFTER: &[&str] = &["another"];

/// Words that mark a percentage after a number.
pub const PERCENT_WORDS: &[&[&str]] = &[
    &["per", "cent"],
    &["percent"],
    &["percents"],
    &["percentage"],
    &["pct"],
];

/// Currency symbols before or after an amount.
pub const CURRENCY_SYMBOLS: &[(char, &str)] = &[
    ('$', "USD"),
    ('€', "EUR"),
    ('£', "GBP"),
    ('¥', "JPY"),
    ('₹', "INR"),
];

/// A word (or token sequence) written before "$" that names which dollar it is.
#[derive(Debug, Clone, Copy)]
pub struct DollarPrefix {
    /// Tokens, compared case-insensitively unless `exact_case`.
    pub words: &'static [&'static str],
    /// ISO code of the currency.
    pub iso: &'static str,
    /// Only when written against the "$" ("A$", not "a $").
    pub attached_only: bool,
    /// Compare with exact case (single capital letters).
    pub exact_case: bool,
}

/// Dollar prefixes ("US$", "c $", "hk $", "Mex$"). Single letters only count written against
/// the sign in capitals, so the article in "a $ 4 billion" stays an article.
pub const DOLLAR_PREFIXES: &[DollarPrefix] = &[
    dp(&["u", ".", "s", "."], "USD", false, false),
    dp(&["u", ".", "s"], "USD", false, false),
    dp(&["us"], "USD", false, false),
    dp(&["usd"], "USD", false, false),
    // Lowercased newswire text writes the Canadian dollar "c $".
    dp(&["c"], "CAD", false, false),
    dp(&["ca"], "CAD", true, false),
    dp(&["can"], "CAD", true, false),
    dp(&["cad"], "CAD", false, false),
    dp(&["hk"], "HKD", false, false),
    dp(&["hkd"], "HKD", false, false),
    dp(&["A"], "AUD", true, true),
    dp(&["au"], "AUD", false, false),
    dp(&["aud"], "AUD", false, false),
    dp(&["nz"], "NZD", false, false),
    dp(&["nzd"], "NZD", false, false),
    dp(&["mex"], "MXN", false, false),
    dp(&["mxn"], "MXN", false, false),
    dp(&["S"], "SGD", true, true),
    dp(&["sgd"], "SGD", false, false),
    dp(&["R"], "BRL", true, true),
];

const fn dp(
    words: &'static [&'static str],
    iso: &'static str,
    attached_only: bool,
    exact_case: bool,
) -> DollarPrefix {
    DollarPrefix {
        words,
        iso,
        attached_only,
        exact_case,
    }
}

/// ISO currency codes written before or after an amount ("USD 200", "115USD", "10 rmb"):
/// (code, unit, any case). Codes that are English words ("ALL", "BOB", "PEN", "GEL", "MAD",
/// "TRY", "CUP", "TOP") are left out or need capitals, so "All 70 of us" has no money.
pub const CURRENCY_CODES: &[(&str, &str, bool)] = &[
    ("USD", "USD", true),
    ("EUR", "EUR", true),
    ("GBP", "GBP", true),
    ("JPY", "JPY", true),
    ("CNY", "CNY", true),
    ("RMB", "CNY", true),
    ("CAD", "CAD", true),
    ("AUD", "AUD", true),
    ("NZD", "NZD", true),
    ("MXN", "MXN", true),
    ("HKD", "HKD", true),
    ("SGD", "SGD", true),
    ("CHF", "CHF", true),
    ("INR", "INR", true),
    ("SEK", "SEK", true),
    ("NOK", "NOK", true),
    ("DKK", "DKK", true),
    ("KRW", "KRW", true),
    ("BRL", "BRL", true),
    ("ZAR", "ZAR", true),
    ("PLN", "PLN", true),
    ("BTC", "BTC", true),
    ("RUB", "RUB", false),
    ("TRY", "TRY", false),
];

/// What a currency word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denomination {
    /// A main unit with a hundredth sub-unit ("3 dollars 50" is 3.50).
    Main,
    /// The hundredth sub-unit itself ("cents").
    Sub,
    /// A unit with no cents reading ("yen", "bitcoin").
    Plain,
    /// "pounds": money with a scale word ("361 million pounds") or "sterling", else weight.
    PoundAmbiguous,
}

/// Currency words after an amount: (tokens, unit, denomination). Country adjectives come
/// first so "australian dollars" wins over "dollars".
pub const CURRENCY_WORDS: &[(&[&str], &str, Denomination)] = &[
    (&["us", "dollars"], "USD", Denomination::Main),
    (&["us", "dollar"], "USD", Denomination::Main),
    (&["u", ".", "s", ".", "dollars"], "USD", Denomination::Main),
    (&["american", "dollars"], "USD", Denomination::Main),
    (&["canadian", "dollars"], "CAD", Denomination::Main),
    (&["canadian", "dollar"], "CAD", Denomination::Main),
    (&["australian", "dollars"], "AUD", Denomination::Main),
    (&["australian", "dollar"], "AUD", Denomination::Main),
    (&["hong", "kong", "dollars"], "HKD", Denomination::Main),
    (&["new", "zealand", "dollars"], "NZD", Denomination::Main),
    (&["singapore", "dollars"], "SGD", Denomination::Main),
    (&["taiwan", "dollars"], "TWD", Denomination::Main),
    (&["dollars"], "USD", Denomination::Main),
    (&["dollar"], "USD", Denomination::Main),
    (&["bucks"], "USD", Denomination::Main),
    (&["cents"], "Cent", Denomination::Sub),
    (&["cent"], "Cent", Denomination::Sub),
    (&["pennies"], "Penny", Denomination::Sub),
    (&["penny"], "Penny", Denomination::Sub),
    (&["pence"], "Pence", Denomination::Sub),
    (&["euros"], "EUR", Denomination::Main),
    (&["euro"], "EUR", Denomination::Main),
    (&["pounds", "sterling"], "GBP", Denomination::Main),
    (&["pound", "sterling"], "GBP", Denomination::Main),
    (&["british", "pounds"], "GBP", Denomination::Main),
    (&["pounds"], "GBP", Denomination::PoundAmbiguous),
    (&["pound"], "GBP", Denomination::PoundAmbiguous),
    (&["chinese", "yuan"], "CNY", Denomination::Plain),
    (&["yuan"], "CNY", Denomination::Plain),
    (&["renminbi"], "CNY", Denomination::Plain),
    (&["japanese", "yen"], "JPY", Denomination::Plain),
    (&["yen"], "JPY", Denomination::Plain),
    (&["swiss", "francs"], "CHF", Denomination::Main),
    (&["swiss", "franc"], "CHF", Denomination::Main),
    (&["francs"], "Franc", Denomination::Main),
    (&["franc"], "Franc", Denomination::Main),
    (&["finnish", "markka"], "Finnish markka", Denomination::Main),
    (&["markka"], "Finnish markka", Denomination::Main),
    (
        &["dutch", "guilders"],
        "Netherlands guilder",
        Denomination::Main,
    ),
    (&["guilders"], "Netherlands guilder", Denomination::Main),
    (&["pesetas"], "Peseta", Denomination::Plain),
    (&["peseta"], "Peseta", Denomination::Plain),
    (&["turkish", "lira"], "TRY", Denomination::Main),
    (&["lira"], "Lira", Denomination::Main),
    (&["indian", "rupees"], "INR", Denomination::Main),
    (&["rupees"], "Rupee", Denomination::Main),
    (&["rupee"], "Rupee", Denomination::Main),
    (&["mexican", "pesos"], "MXN", Denomination::Main),
    (&["pesos"], "Peso", Denomination::Main),
    (&["peso"], "Peso", Denomination::Main),
    (&["rubles"], "RUB", Denomination::Main),
    (&["roubles"], "RUB", Denomination::Main),
    (&["bitcoins"], "BTC", Denomination::Plain),
    (&["bitcoin"], "BTC", Denomination::Plain),
    (&["satoshis"], "Satoshi", Denomination::Plain),
    (&["satoshi"], "Satoshi", Denomination::Plain),
];

/// A measure unit after a number.
#[derive(Debug, Clone, Copy)]
pub struct MeasureUnit {
    /// Tokens, compared case-insensitively unless `exact_case`.
    pub words: &'static [&'static str],
    /// Unit name reported in `NumberMatch::unit`.
    pub unit: &'static str,
    /// Compare with exact case ("MB" megabyte, "mb" megabit).
    pub exact_case: bool,
    /// Only written against the digits ("100t", "2L"), never after a space.
    pub attached_only: bool,
}

const fn mu(words: &'static [&'static str], unit: &'static str) -> MeasureUnit {
    MeasureUnit {
        words,
        unit,
        exact_case: false,
        attached_only: false,
    }
}

const fn mu_exact(
    words: &'static [&'static str],
    unit: &'static str,
    attached_only: bool,
) -> MeasureUnit {
    MeasureUnit {
        words,
        unit,
        exact_case: true,
        attached_only,
    }
}

/// Measure units. "in" is not an inch on its own ("2 in april"); it only counts after feet
/// ("5 ft 2 in"). "pm"/"am" are never units.
pub const MEASURE_UNITS: &[MeasureUnit] = &[
    // Speed.
    mu(&["miles", "per", "hour"], "Mile per hour"),
    mu(&["miles", "an", "hour"], "Mile per hour"),
    mu(&["mile", "per", "hour"], "Mile per hour"),
    mu(&["mph"], "Mile per hour"),
    mu(&["kilometers", "per", "hour"], "Kilometer per hour"),
    mu(&["kilometres", "per", "hour"], "Kilometer per hour"),
    mu(&["kilometer", "per", "hour"], "Kilometer per hour"),
    mu(&["km", "/", "hr"], "Kilometer per hour"),
    mu(&["km", "/", "h"], "Kilometer per hour"),
    mu(&["kmph"], "Kilometer per hour"),
    mu(&["kph"], "Kilometer per hour"),
    // Area.
    mu(&["square", "feet"], "Square foot"),
    mu(&["square", "-", "foot"], "Square foot"), // "a 5,000-square-foot building"
    mu(&["square", "-", "mile"], "Square mile"),
    mu(&["square", "foot"], "Square foot"),
    mu(&["sq", ".", "ft", "."], "Square foot"),
    mu(&["sq", ".", "ft"], "Square foot"),
    mu(&["sq", "ft"], "Square foot"),
    mu(&["square", "meters"], "Square meter"),
    mu(&["square", "metres"], "Square meter"),
    mu(&["square", "meter"], "Square meter"),
    mu(&["square", "metre"], "Square meter"),
    mu(&["m2"], "Square meter"),
    mu(&["square", "kilometers"], "Square kilometer"),
    mu(&["square", "kilometres"], "Square kilometer"),
    mu(&["km2"], "Square kilometer"),
    mu(&["square", "miles"], "Square mile"),
    mu(&["square", "mile"], "Square mile"),
    mu(&["acres"], "Acre"),
    mu(&["acre"], "Acre"),
    mu(&["hectares"], "Hectare"),
    mu(&["hectare"], "Hectare"),
    // Volume.
    mu(&["cubic", "feet"], "Cubic foot"),
    mu(&["cubic", "foot"], "Cubic foot"),
    mu(&["cubic", "meters"], "Cubic meter"),
    mu(&["cubic", "metres"], "Cubic meter"),
    mu(&["cubic", "yards"], "Cubic yard"),
    mu(&["m3"], "Cubic meter"),
    mu(&["gallons"], "Gallon"),
    mu(&["gallon"], "Gallon"),
    mu(&["gal"], "Gallon"),
    mu(&["liters"], "Liter"),
    mu(&["litres"], "Liter"),
    mu(&["liter"], "Liter"),
    mu(&["litre"], "Liter"),
    mu_exact(&["L"], "Liter", true),
    mu(&["milliliters"], "Milliliter"),
    mu(&["millilitres"], "Milliliter"),
    mu(&["ml"], "Milliliter"),
    mu(&["barrels"], "Barrel"),
    mu(&["barrel"], "Barrel"),
    mu(&["bbl"], "Barrel"),
    // Length.
    mu(&["miles"], "Mile"),
    mu(&["mile"], "Mile"),
    mu(&["mi"], "Mile"),
    mu(&["feet"], "Foot"),
    mu(&["foot"], "Foot"),
    mu(&["ft"], "Foot"),
    mu(&["inches"], "Inch"),
    mu(&["inch"], "Inch"),
    mu(&["yards"], "Yard"),
    mu(&["yard"], "Yard"),
    mu(&["yds"], "Yard"),
    mu(&["yd"], "Yard"),
    mu(&["kilometers"], "Kilometer"),
    mu(&["kilometres"], "Kilometer"),
    mu(&["kilometer"], "Kilometer"),
    mu(&["kilometre"], "Kilometer"),
    mu(&["km"], "Kilometer"),
    mu(&["meters"], "Meter"),
    mu(&["metres"], "Meter"),
    mu(&["meter"], "Meter"),
    mu(&["metre"], "Meter"),
    mu_exact(&["m"], "Meter", false),
    mu(&["centimeters"], "Centimeter"),
    mu(&["centimetres"], "Centimeter"),
    mu(&["cm"], "Centimeter"),
    mu(&["millimeters"], "Millimeter"),
    mu(&["millimetres"], "Millimeter"),
    mu(&["mm"], "Millimeter"),
    // Weight.
    mu(&["metric", "tons"], "Metric ton"),
    mu(&["metric", "ton"], "Metric ton"),
    mu(&["tonnes"], "Metric ton"),
    mu(&["tonne"], "Metric ton"),
    mu(&["tons"], "Ton"),
    mu(&["ton"], "Ton"),
    mu_exact(&["t"], "Ton", true),
    mu(&["pounds"], "Pound"),
    mu(&["pound"], "Pound"),
    mu(&["lbs"], "Pound"),
    mu(&["lb"], "Pound"),
    mu(&["ounces"], "Ounce"),
    mu(&["ounce"], "Ounce"),
    mu(&["oz"], "Ounce"),
    mu(&["kilograms"], "Kilogram"),
    mu(&["kilogram"], "Kilogram"),
    mu(&["kgs"], "Kilogram"),
    mu(&["kg"], "Kilogram"),
    mu(&["grams"], "Gram"),
    mu(&["gram"], "Gram"),
    mu(&["milligrams"], "Milligram"),
    mu(&["milligram"], "Milligram"),
    mu(&["mg"], "Milligram"),
    mu(&["micrograms"], "Microgram"),
    mu(&["microgram"], "Microgram"),
    mu(&["mcg"], "Microgram"),
    // Information.
    mu(&["bits"], "Bit"),
    mu(&["bit"], "Bit"),
    mu(&["bytes"], "Byte"),
    mu(&["byte"], "Byte"),
    mu(&["kilobytes"], "Kilobyte"),
    mu(&["megabytes"], "Megabyte"),
    mu(&["gigabytes"], "Gigabyte"),
    mu(&["terabytes"], "Terabyte"),
    mu(&["megabits"], "Megabit"),
    mu_exact(&["KB"], "Kilobyte", false),
    mu_exact(&["MB"], "Megabyte", false),
    mu_exact(&["GB"], "Gigabyte", false),
    mu_exact(&["TB"], "Terabyte", false),
    mu_exact(&["mb"], "Megabit", false),
    mu_exact(&["Mbps"], "Megabit per second", false),
];

/// Inch words that may follow a length in feet ("5 ft 2 in", "5 feet and 2 inches").
pub const INCH_WORDS: &[&str] = &["inches", "inch", "in"];

/// Which side of a range a qualifier bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Lower bound: "more than 30" is min 30.
    Min,
    /// Upper bound: "up to 700" is max 700.
    Max,
    /// Both bounds: "equal to 20" is [20, 20].
    Exact,
}

/// Qualifiers before a number that make it a one-sided range.
pub const RANGE_PREFIXES: &[(&[&str], Side)] = &[
    (&["greater", "than", "or", "equal", "to"], Side::Min),
    (&["more", "than", "or", "equal", "to"], Side::Min),
    (&["higher", "than", "or", "equal", "to"], Side::Min),
    (&["larger", "than", "or", "equal", "to"], Side::Min),
    (&["bigger", "than", "or", "equal", "to"], Side::Min),
    (&["equal", "to", "or", "more", "than"], Side::Min),
    (&["equal", "to", "or", "greater", "than"], Side::Min),
    (&["equal", "to", "or", "higher", "than"], Side::Min),
    (&["equal", "to", "or", "larger", "than"], Side::Min),
    (&["equal", "to", "or", "bigger", "than"], Side::Min),
    (&["greater", "or", "equal", "than"], Side::Min),
    (&["greater", "or", "equal", "to"], Side::Min),
    (&["higher", "or", "equal", "than"], Side::Min),
    (&["higher", "or", "equal", "to"], Side::Min),
    (&["bigger", "or", "equal", "than"], Side::Min),
    (&["larger", "or", "equal", "than"], Side::Min),
    (&["more", "or", "equal", "than"], Side::Min),
    (&["at", "least", "or", "equal", "to"], Side::Min),
    (&["at", "least"], Side::Min),
    (&["no", "less", "than"], Side::Min),
    (&["not", "less", "than"], Side::Min),
    (&["no", "fewer", "than"], Side::Min),
    (&["not", "fewer", "than"], Side::Min),
    (&["no", "lower", "than"], Side::Min),
    (&["no", "smaller", "than"], Side::Min),
    (&["a", "minimum", "of"], Side::Min),
    (&["upwards", "of"], Side::Min),
    (&["upward", "of"], Side::Min),
    (&["in", "excess", "of"], Side::Min),
    (&["more", "than"], Side::Min),
    (&["greater", "than"], Side::Min),
    (&["larger", "than"], Side::Min),
    (&["bigger", "than"], Side::Min),
    (&["higher", "than"], Side::Min),
    (&["over"], Side::Min),
    (&["above"], Side::Min),
    (&["exceed"], Side::Min),
    (&["exceeds"], Side::Min),
    (&["exceeded"], Side::Min),
    (&["exceeding"], Side::Min),
    (&["surpass"], Side::Min),
    (&["surpasses"], Side::Min),
    (&["surpassed"], Side::Min),
    (&["surpassing"], Side::Min),
    (&["less", "than", "or", "equal", "to"], Side::Max),
    (&["fewer", "than", "or", "equal", "to"], Side::Max),
    (&["smaller", "than", "or", "equal", "to"], Side::Max),
    (&["lower", "than", "or", "equal", "to"], Side::Max),
    (&["equal", "to", "or", "less", "than"], Side::Max),
    (&["equal", "to", "or", "fewer", "than"], Side::Max),
    (&["equal", "to", "or", "smaller", "than"], Side::Max),
    (&["equal", "to", "or", "lower", "than"], Side::Max),
    (&["less", "or", "equal", "than"], Side::Max),
    (&["less", "or", "equal", "to"], Side::Max),
    (&["smaller", "or", "equal", "than"], Side::Max),
    (&["smaller", "or", "equal", "to"], Side::Max),
    (&["lower", "or", "equal", "than"], Side::Max),
    (&["lower", "or", "equal", "to"], Side::Max),
    (&["at", "most"], Side::Max),
    (&["no", "more", "than"], Side::Max),
    (&["not", "more", "than"], Side::Max),
    (&["no", "greater", "than"], Side::Max),
    (&["not", "greater", "than"], Side::Max),
    (&["no", "higher", "than"], Side::Max),
    (&["no", "larger", "than"], Side::Max),
    (&["no", "bigger", "than"], Side::Max),
    (&["a", "maximum", "of"], Side::Max),
    (&["up", "to"], Side::Max),
    (&["as", "many", "as"], Side::Max),
    (&["as", "much", "as"], Side::Max),
    (&["less", "than"], Side::Max),
    (&["fewer", "than"], Side::Max),
    (&["smaller", "than"], Side::Max),
    (&["lower", "than"], Side::Max),
    (&["under"], Side::Max),
    (&["below"], Side::Max),
    (&["equals", "to"], Side::Exact),
    (&["equal", "to"], Side::Exact),
    (&["equaling", "to"], Side::Exact),
    (&["equalling", "to"], Side::Exact),
    (&["equals"], Side::Exact),
    (&["equaling"], Side::Exact),
    (&["equalling"], Side::Exact),
];

/// Words after a number that make it a one-sided range ("500 or more", "65 and over"). A
/// trailing "than" is taken only when no number follows ("200 or greater than").
pub const RANGE_POSTFIXES: &[(&[&str], Side)] = &[
    (&["or", "more", "than"], Side::Min),
    (&["or", "greater", "than"], Side::Min),
    (&["or", "higher", "than"], Side::Min),
    (&["or", "larger", "than"], Side::Min),
    (&["or", "more"], Side::Min),
    (&["and", "more"], Side::Min),
    (&["or", "greater"], Side::Min),
    (&["or", "higher"], Side::Min),
    (&["or", "larger"], Side::Min),
    (&["or", "bigger"], Side::Min),
    (&["or", "above"], Side::Min),
    (&["and", "above"], Side::Min),
    (&["or", "over"], Side::Min),
    (&["and", "over"], Side::Min),
    (&["or", "less", "than"], Side::Max),
    (&["or", "fewer", "than"], Side::Max),
    (&["or", "lower", "than"], Side::Max),
    (&["or", "smaller", "than"], Side::Max),
    (&["or", "less"], Side::Max),
    (&["and", "less"], Side::Max),
    (&["or", "fewer"], Side::Max),
    (&["and", "fewer"], Side::Max),
    (&["or", "lower"], Side::Max),
    (&["or", "smaller"], Side::Max),
    (&["or", "below"], Side::Max),
    (&["and", "below"], Side::Max),
    (&["or", "under"], Side::Max),
    (&["and", "under"], Side::Max),
];

/// Words after a one-sided range that only repeat it ("less than 5000 or equal").
pub const RANGE_OR_EQUAL: &[&[&str]] = &[&["or", "equal", "to"], &["or", "equal"]];

/// Words between the two ends of a closed range ("20 through 100", "1000 - 5000"), and whether
/// the connector is a dash (dashes also join dates, phone numbers and codes, which are checked).
pub const RANGE_CONNECTORS: &[(&[&str], bool)] = &[
    (&["to"], false),
    (&["through"], false),
    (&["thru"], false),
    (&["-"], true),
    (&["–"], true),
    (&["—"], true),
];

/// Words between two one-sided ranges that close one range ("more than 10 and less than 40").
pub const RANGE_JOINERS: &[&[&str]] = &[&[",", "and"], &[",", "but"], &["and"], &["but"], &[","]];

/// Words before a number after which "2 in 5" is not a fraction ("more than 2 in 5").
pub const RANGE_LAST_WORDS: &[&str] = &[
    "than",
    "over",
    "above",
    "under",
    "below",
    "least",
    "most",
    "to",
    "of",
    "exceed",
    "exceeds",
    "exceeded",
    "exceeding",
    "surpass",
    "surpassed",
    "between",
    "from",
];

/// Words that may follow the bare cents of an amount ("15 dollars and 15 more"); any other
/// word after it makes it a count of something else ("$500 and 20 students").
pub const CENTS_FOLLOWERS: &[&str] = &["and", "or", "more", "less", "only"];

/// Units whose amounts have no cents reading ("10 rmb 20" is not 10.20).
pub const NO_CENTS_UNITS: &[&str] = &["JPY", "CNY", "KRW", "BTC", "INR"];

/// Years written in digits: "5 in 2023" is not a fraction.
pub const YEAR_MIN: f64 = 1800.0;
/// Upper end of [`YEAR_MIN`].
pub const YEAR_MAX: f64 = 2199.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(w: &str) -> bool {
        w == w.to_lowercase()
    }

    #[test]
    fn tables_case_insensitive_entries_are_lowercase() {
        let words = CARDINALS
            .iter()
            .chain(TENS)
            .chain(SCALES)
            .chain(SCALE_PLURALS)
            .chain(ORDINALS)
            .map(|(w, _)| *w)
            .chain(DOZENS.iter().copied())
            .chain(PRONOUN_ONE_BEFORE.iter().copied())
            .chain(CENTS_FOLLOWERS.iter().copied())
            .chain(RANGE_LAST_WORDS.iter().copied());
        for w in words {
            assert!(lower(w), "{w}");
        }
        let phrases = PERCENT_WORDS
            .iter()
            .copied()
            .chain(CURRENCY_WORDS.iter().map(|(w, _, _)| *w))
            .chain(RANGE_PREFIXES.iter().map(|(w, _)| *w))
            .chain(RANGE_POSTFIXES.iter().map(|(w, _)| *w))
            .chain(
                MEASURE_UNITS
                    .iter()
                    .filter(|u| !u.exact_case)
                    .map(|u| u.words),
            )
            .chain(
                DOLLAR_PREFIXES
                    .iter()
                    .filter(|p| !p.exact_case)
                    .map(|p| p.words),
            );
        for p in phrases {
            assert!(p.iter().all(|w| lower(w)), "{p:?}");
        }
    }

    #[test]
    fn tables_currency_codes_are_three_capitals() {
        for (code, _, _) in CURRENCY_CODES {
            assert!(
                code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()),
                "{code}"
            );
        }
    }

    #[test]
    fn tables_phrases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (w, _) in RANGE_PREFIXES.iter().chain(RANGE_POSTFIXES) {
            assert!(seen.insert(*w), "{w:?}");
        }
        let mut units = std::collections::HashSet::new();
        for u in MEASURE_UNITS {
            assert!(units.insert(u.words), "{:?}", u.words);
        }
    }
}
