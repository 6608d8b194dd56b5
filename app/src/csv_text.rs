//! The text of a CSV file written in memory (the lists an officer downloads or attaches).

/// The text `w` wrote (empty if it could not flush, which a `Vec` never refuses).
pub fn csv_text(w: csv::Writer<Vec<u8>>) -> String {
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}
