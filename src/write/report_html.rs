//! The run report `report.html`: one static page with no external assets (inline CSS, an inline
//! SVG bar chart, no script) that a person opens after a run: releases per month, the programs
//! and partners named most often, the outcomes, the rejected files and the parse warnings.
//!
//! The page is built from the run's [`Summary`], gathered from the rows while they streamed to
//! the writers, so it follows [`crate::schema`] and needs no row in memory. It holds no run time,
//! host or duration: the same rows give the same bytes. Long lists are cut at a fixed length and
//! say how many rows the tables hold. Writing the file is left to [`crate::write::package`].

use std::fmt::Write as _;

use crate::schema;
use crate::summary::Summary;
pub use crate::summary::{MAX_OUTCOME_ROWS, MAX_REJECT_ROWS, MAX_WARNING_ROWS, Ranked, TOP_N};
use crate::write::package::PackageInfo;

/// The label of the bar of releases without a date.
pub const NO_DATE_LABEL: &str = "no date";

/// The page's style sheet.
const CSS: &str = "\
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;\
max-width:70rem;padding:0 1rem;color:#1d2733;background:#fff}\
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;\
border-bottom:2px solid #d6dde6;padding-bottom:.2rem}\
.lede{color:#4a5868;margin:0 0 1rem}\
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}\
.stat{border:1px solid #d6dde6;border-radius:6px;padding:.5rem .9rem;min-width:7rem}\
.stat b{display:block;font-size:1.5rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6eaf0;vertical-align:top}\
th{background:#f3f6f9}.n{text-align:right;font-variant-numeric:tabular-nums}\
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}\
@media (max-width:50rem){.cols{grid-template-columns:1fr}}\
figure{margin:0}svg text{font:12px system-ui,sans-serif;fill:#1d2733}\
.bar{fill:#2f6db5}.bar.none{fill:#9aa7b5}.note{color:#4a5868;font-size:.85rem}\
footer{margin-top:2rem;color:#4a5868;font-size:.8rem}";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The inline SVG bar chart of `bars` (label, count). It scales to the page width; with many
/// months only every k-th label is written (at most about 24), counts only above non-empty bars.
fn bar_chart(bars: &[(String, usize)]) -> String {
    const WIDTH: f64 = 1000.0;
    const LEFT: f64 = 40.0;
    const HEIGHT: f64 = 160.0;
    const TOP: f64 = 20.0;
    const BOTTOM: f64 = 60.0;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let n = bars.len().max(1);
    let slot = (WIDTH - LEFT) / n as f64;
    let bar = (slot * 0.7).min(60.0);
    let every = n.div_ceil(24);
    let total = TOP + HEIGHT + BOTTOM;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" \
         viewBox=\"0 0 {WIDTH} {total}\" aria-labelledby=\"per-month-title\">\
         <title id=\"per-month-title\">Releases per month</title>\
         <line x1=\"{LEFT}\" y1=\"{0}\" x2=\"{WIDTH}\" y2=\"{0}\" stroke=\"#9aa7b5\"/>",
        TOP + HEIGHT
    );
    for (i, (label, count)) in bars.iter().enumerate() {
        let x = LEFT + i as f64 * slot + (slot - bar) / 2.0;
        let h = *count as f64 * HEIGHT / max as f64;
        let y = TOP + HEIGHT - h;
        let mid = x + bar / 2.0;
        let undated = label == NO_DATE_LABEL;
        let class = if undated { "bar none" } else { "bar" };
        let label = escape(label);
        let _ = write!(
            svg,
            "<g class=\"month\" data-month=\"{label}\" data-count=\"{count}\">\
             <rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\">\
             <title>{label}: {count}</title></rect>"
        );
        if *count > 0 {
            let _ = write!(
                svg,
                "<text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                y - 4.0
            );
        }
        if i % every == 0 || undated {
            let ly = TOP + HEIGHT + 14.0;
            let _ = write!(
                svg,
                "<text x=\"{mid:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" \
                 transform=\"rotate(-45 {mid:.1} {ly:.1})\">{label}</text>"
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// A `<table>` with a header row and escaped cells; cells whose header starts with `#` are
/// right-aligned numbers (the `#` is not shown).
fn html_table(id: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("<table id=\"{id}\"><thead><tr>");
    for h in header {
        let class = if h.starts_with('#') {
            " class=\"n\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", escape(h.trim_start_matches('#')));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (cell, h) in row.iter().zip(header) {
            let class = if h.starts_with('#') {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The whole page, as the text of `report.html`, from the run's `summary`.
pub fn report_html(summary: &Summary, info: &PackageInfo) -> String {
    let rows_of = summary.rows;
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — run report</title><style>{CSS}</style></head><body>\n",
        escape(&info.title)
    );
    let _ = writeln!(
        page,
        "<h1>{}</h1><p class=\"lede\">Run report: what pressroom extracted from {} input files.</p>",
        escape(&info.title),
        rows_of.releases + rows_of.rejects
    );

    page.push_str("<div class=\"stats\" id=\"counts\">");
    for (name, n) in rows_of.by_table() {
        let _ = write!(
            page,
            "<div class=\"stat\" data-table=\"{name}\"><b>{n}</b>{name}</div>"
        );
    }
    page.push_str("</div>\n");

    page.push_str("<h2>Releases per month</h2><figure id=\"per-month\">");
    let months = summary.releases_per_month(NO_DATE_LABEL);
    if months.is_empty() {
        page.push_str("<p class=\"note\">No releases.</p>");
    } else {
        page.push_str(&bar_chart(&months));
    }
    page.push_str(
        "<figcaption class=\"note\">Month of publication in UTC; grey: releases without a date.\
         </figcaption></figure>\n",
    );

    page.push_str("<div class=\"cols\"><section>");
    page.push_str("<h2>Top programs</h2>");
    let rows: Vec<Vec<String>> = summary
        .top_programs()
        .into_iter()
        .map(|r| vec![r.name, r.releases.to_string(), r.mentions.to_string()])
        .collect();
    page.push_str(&html_table(
        "top-programs",
        &["program", "#releases", "#mentions"],
        &rows,
    ));
    page.push_str("</section><section><h2>Top partners</h2>");
    let rows: Vec<Vec<String>> = summary
        .top_partners()
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.detail,
                r.releases.to_string(),
                r.mentions.to_string(),
            ]
        })
        .collect();
    page.push_str(&html_table(
        "top-partners",
        &["partner", "type", "#releases", "#mentions"],
        &rows,
    ));
    page.push_str("</section></div>\n");
    if summary.top_is_approximate() {
        let _ = writeln!(
            page,
            "<p class=\"note\">More than {} distinct programs or partners: names seldom \
             named were dropped from the count along the way, so these lists may miss a name \
             or count it low.</p>",
            crate::summary::MAX_TALLY
        );
    }

    let _ = write!(
        page,
        "<h2>Outcomes</h2><p class=\"note\">{} outcomes",
        rows_of.outcomes
    );
    if rows_of.outcomes > MAX_OUTCOME_ROWS {
        let _ = write!(
            page,
            "; the first {MAX_OUTCOME_ROWS} are shown, the outcomes table holds them all"
        );
    }
    page.push_str(".</p>");
    let rows: Vec<Vec<String>> = summary
        .outcomes
        .iter()
        .map(|o| {
            let mut row = vec![o.release.clone()];
            row.extend(o.cells.iter().cloned());
            row
        })
        .collect();
    page.push_str(&html_table(
        "outcomes",
        &["release", "text", "#value", "kind", "qualifier", "object"],
        &rows,
    ));
    page.push('\n');

    let _ = write!(
        page,
        "<h2>Rejected files</h2><p class=\"note\">{} files could not be read as releases",
        rows_of.rejects
    );
    if rows_of.rejects > MAX_REJECT_ROWS {
        let _ = write!(
            page,
            "; the first {MAX_REJECT_ROWS} are shown, the rejects table holds them all"
        );
    }
    page.push_str(".</p>");
    let rows: Vec<Vec<String>> = summary.rejects.iter().map(|r| r.to_vec()).collect();
    page.push_str(&html_table(
        "rejects",
        &["file", "#line", "#column", "kind", "message"],
        &rows,
    ));
    page.push('\n');

    let rows: Vec<Vec<String>> = summary
        .warning_lines
        .iter()
        .map(|(file, warning)| vec![file.clone(), warning.clone()])
        .collect();
    let _ = write!(
        page,
        "<h2>Warnings</h2><p class=\"note\">{} warnings on parsed releases",
        summary.warnings
    );
    if summary.warnings > MAX_WARNING_ROWS {
        let _ = write!(
            page,
            "; the first {MAX_WARNING_ROWS} are shown, the releases table holds them all"
        );
    }
    page.push_str(".</p>");
    page.push_str(&html_table("warnings", &["file", "warning"], &rows));

    let _ = write!(
        page,
        "\n<footer>pressroom {} · schema version {} · publisher: {}</footer>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        schema::SCHEMA_VERSION,
        escape(&info.publisher)
    );
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::records::Reject;
    use crate::records::tests::sample_release;

    fn dated(id: &str, rfc3339: &str) -> crate::release::Release {
        let mut r = sample_release();
        r.release_id = id.into();
        r.published.as_mut().unwrap().local =
            chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap();
        r
    }

    #[test]
    fn escape_replaces_markup_characters() {
        assert_eq!(
            escape("<a href=\"x\">O'Neil & Co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; Co&lt;/a&gt;"
        );
        assert_eq!(escape("Niños — 5%"), "Niños — 5%");
    }

    #[test]
    fn report_html_is_self_contained_and_deterministic() {
        let dataset = Dataset {
            releases: vec![dated("a", "2026-01-26T08:10:00-08:00")],
            rejects: vec![Reject {
                source_file: "bad <1>.txt".into(),
                line: Some(2),
                column: Some(1),
                error_kind: crate::ErrorKind::Date,
                message: "expected a date".into(),
            }],
            ..Dataset::default()
        };
        let info = PackageInfo::default();
        let summary = Summary::of(&dataset);
        let page = report_html(&summary, &info);
        assert_eq!(page, report_html(&summary, &info));
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("data-month=\"2026-01\" data-count=\"1\""));
        assert!(page.contains("<td>bad &lt;1&gt;.txt</td>"), "{page}");
        for external in ["<script", "<link", "src=", "url(", "@import"] {
            assert!(!page.contains(external), "{external}");
        }
    }
}
