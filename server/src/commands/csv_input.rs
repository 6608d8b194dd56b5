//! Reading the CSV a command is given (often one of the portal's own extracts, which start with
//! a byte-order mark): columns found by name in the header, each field read with an error that
//! names the file, the line and the column. Every such error is a client fault.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use portal_core::date::parse_days;

use crate::error::{Error, ErrorCode};

/// A client error about `path`.
pub fn bad(path: &Path, m: impl std::fmt::Display) -> Error {
    Error::client(ErrorCode::InvalidInput, format!("{}: {m}", path.display()))
}

/// A CSV input with its header read.
pub struct CsvInput<'p> {
    path: &'p Path,
    reader: csv::Reader<BufReader<File>>,
    headers: Vec<String>,
}

/// A column: its name and position.
#[derive(Debug, Clone, Copy)]
pub struct Column<'n> {
    name: &'n str,
    at: usize,
}

impl<'p> CsvInput<'p> {
    /// Opens `path` and reads its header (trimmed, without a byte-order mark).
    pub fn open(path: &'p Path) -> Result<CsvInput<'p>, Error> {
        let file = File::open(path).map_err(|e| bad(path, format!("cannot read: {e}")))?;
        let mut reader = csv::Reader::from_reader(BufReader::new(file));
        let headers = reader
            .headers()
            .map_err(|e| bad(path, format!("unreadable header: {e}")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
            .collect();
        Ok(CsvInput {
            path,
            reader,
            headers,
        })
    }

    /// The column `name`, which must be in the header.
    pub fn column<'n>(&self, name: &'n str) -> Result<Column<'n>, Error> {
        self.optional_column(name)
            .ok_or_else(|| bad(self.path, format!("no column {name} in the header")))
    }

    /// The column `name` if the header has it.
    pub fn optional_column<'n>(&self, name: &'n str) -> Option<Column<'n>> {
        self.headers
            .iter()
            .position(|h| h == name)
            .map(|at| Column { name, at })
    }

    /// Calls `each` with every row, in order; stops at the first error.
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for (i, rec) in self.reader.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| bad(self.path, format!("line {line}: {e}")))?;
            each(&Row {
                path: self.path,
                line,
                rec: &rec,
            })?;
        }
        Ok(())
    }
}

/// A row of a [`CsvInput`].
pub struct Row<'a> {
    path: &'a Path,
    line: usize,
    rec: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The error of a field: file, line and column named.
    pub fn fail(&self, col: Column<'_>, what: &str) -> Error {
        bad(
            self.path,
            format!("line {}, column {}: {what}", self.line, col.name),
        )
    }

    /// The field's text, trimmed (empty when the row is short).
    pub fn text(&self, col: Column<'_>) -> &str {
        self.rec.get(col.at).unwrap_or("").trim()
    }

    /// The field's text, which must not be empty.
    pub fn required(&self, col: Column<'_>) -> Result<&str, Error> {
        Some(self.text(col))
            .filter(|v| !v.is_empty())
            .ok_or_else(|| self.fail(col, "empty"))
    }

    /// A number ≥ 0 (thousands separators allowed); empty is 0.
    pub fn amount(&self, col: Column<'_>) -> Result<f64, Error> {
        let v = self.text(col);
        if v.is_empty() {
            return Ok(0.0);
        }
        v.replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| self.fail(col, &format!("'{v}' is not a number")))
    }

    /// A date (days since 1970-01-01).
    pub fn date(&self, col: Column<'_>) -> Result<i32, Error> {
        let v = self.text(col);
        parse_days(v).ok_or_else(|| self.fail(col, &format!("'{v}' is not a date")))
    }

    /// A flag: `true`/`1` or `false`/`0`/empty.
    pub fn flag(&self, col: Column<'_>) -> Result<bool, Error> {
        match self.text(col).to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" | "" => Ok(false),
            v => Err(self.fail(col, &format!("'{v}' is not true or false"))),
        }
    }
}
