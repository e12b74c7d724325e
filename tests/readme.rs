//! The README documents every table and column of `src/schema.rs`, in order.

#[test]
fn readme_documents_every_column_in_order() {
    let readme = include_str!("../README.md");
    for table in pressroom::schema::TABLES {
        let heading = format!("### `{}`", table.name);
        let at = readme
            .find(&heading)
            .unwrap_or_else(|| panic!("README has no section {heading}"));
        let mut pos = at;
        for col in table.columns {
            let row = format!("| `{}` |", col.name);
            let found = readme[pos..].find(&row).unwrap_or_else(|| {
                panic!(
                    "README {heading}: column {} missing or out of order",
                    col.name
                )
            });
            pos += found + row.len();
        }
    }
}
