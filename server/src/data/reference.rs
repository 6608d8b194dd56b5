//! The real reference data in `../shared/data`: the KCS Customs Import Declaration Datasets (CDD)
//! and the HS nomenclature. Readers name the file, line and column of any malformed value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use portal_core::date::parse_days;

use crate::error::{Error, ErrorCode};

/// The CDD English header, in file order. `Fraud` and `Critical Fraud` may be absent.
pub const CDD_HEADER: [&str; 22] = [
    "Declaration ID",
    "Date",
    "Office ID",
    "Process Type",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Declarant ID",
    "Importer ID",
    "Seller ID",
    "Courier ID",
    "HS6 Code",
    "Country of Departure",
    "Country of Origin",
    "Tax Rate",
    "Tax Type",
    "Country of Origin Indicator",
    "Net Mass",
    "Item Price",
    "Fraud",
    "Critical Fraud",
];

/// The CDD train and validation files, relative to the CDD directory.
pub const CDD_FILES: [(&str, &str); 2] = [
    ("train", "df_syn_train_eng.csv"),
    ("valid", "df_syn_valid_eng.csv"),
];

/// One CDD row, typed.
#[expect(
    missing_docs,
    reason = "fields are named after the CDD columns they hold"
)]
#[derive(Debug, Clone, PartialEq)]
pub struct CddRecord {
    pub declaration_id: String,
    /// Days since 1970-01-01.
    pub date: i32,
    pub office_id: String,
    pub process_type: String,
    pub import_type: String,
    pub import_use: String,
    pub payment_type: String,
    pub transport_mode: String,
    pub declarant_id: String,
    pub importer_id: String,
    pub seller_id: Option<String>,
    pub courier_id: Option<String>,
    pub hs6: String,
    pub country_departure: String,
    pub country_origin: String,
    pub tax_rate: f64,
    pub tax_type: String,
    pub origin_indicator: String,
    pub net_mass: f64,
    pub item_price: f64,
    /// `None` when the file has no `Fraud` column.
    pub fraud: Option<i64>,
    /// `None` when the file has no `Critical Fraud` column.
    pub critical_fraud: Option<i64>,
}

fn bad_input(message: String) -> Error {
    Error::client(ErrorCode::InvalidInput, message)
}

/// Reads a CDD CSV with the English header. `Fraud`/`Critical Fraud` are optional columns;
/// every other column must be present. Errors name the file, the 1-based line and the column.
pub fn read_cdd(path: &Path) -> Result<Vec<CddRecord>, Error> {
    let file = std::fs::File::open(path)
        .map_err(|e| bad_input(format!("cannot open CDD file {}: {e}", path.display())))?;
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let headers = rdr
        .headers()
        .map_err(|e| bad_input(format!("{}: unreadable header: {e}", path.display())))?
        .clone();
    let mut index = [usize::MAX; 22];
    for (i, name) in CDD_HEADER.iter().enumerate() {
        match headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == *name)
        {
            Some(p) => index[i] = p,
            None if i >= 20 => {}
            None => {
                return Err(bad_input(format!(
                    "{}: line 1: missing column '{name}'",
                    path.display()
                )));
            }
        }
    }
    let mut out = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let line = n + 2;
        let rec = rec.map_err(|e| bad_input(format!("{}: line {line}: {e}", path.display())))?;
        let field = |i: usize| -> Option<&str> {
            (index[i] != usize::MAX).then(|| rec.get(index[i]).unwrap_or_default().trim())
        };
        let err = |i: usize, what: &str| {
            bad_input(format!(
                "{}: line {line}, column '{}': {what} (got '{}')",
                path.display(),
                CDD_HEADER[i],
                field(i).unwrap_or_default()
            ))
        };
        let text = |i: usize| -> Result<String, Error> {
            match field(i) {
                Some(s) if !s.is_empty() => Ok(s.to_owned()),
                _ => Err(err(i, "value is required")),
            }
        };
        let opt_text = |i: usize| field(i).filter(|s| !s.is_empty()).map(str::to_owned);
        let num = |i: usize| -> Result<f64, Error> {
            field(i)
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| err(i, "expected a non-negative number"))
        };
        let label = |i: usize, max: i64| -> Result<Option<i64>, Error> {
            match field(i) {
                None => Ok(None),
                Some(s) => s
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.fract() == 0.0 && *v >= 0.0 && *v <= max as f64)
                    .map(|v| Some(v as i64))
                    .ok_or_else(|| err(i, &format!("expected an integer 0..={max}"))),
            }
        };
        let hs6 = text(12)?;
        if !hs6.bytes().all(|b| b.is_ascii_digit()) || hs6.len() > 6 {
            return Err(err(12, "expected up to 6 digits"));
        }
        out.push(CddRecord {
            declaration_id: text(0)?,
            date: field(1)
                .and_then(parse_days)
                .ok_or_else(|| err(1, "expected a YYYY-MM-DD date"))?,
            office_id: text(2)?,
            process_type: text(3)?,
            import_type: text(4)?,
            import_use: text(5)?,
            payment_type: text(6)?,
            transport_mode: text(7)?,
            declarant_id: text(8)?,
            importer_id: text(9)?,
            seller_id: opt_text(10),
            courier_id: opt_text(11),
            hs6: format!("{hs6:0>6}"),
            country_departure: text(13)?,
            country_origin: text(14)?,
            tax_rate: num(15)?,
            tax_type: text(16)?,
            origin_indicator: text(17)?,
            net_mass: num(18)?,
            item_price: num(19)?,
            fraud: label(20, 1)?,
            critical_fraud: label(21, 2)?,
        });
    }
    Ok(out)
}

/// HS10 codes of the Korean-header CDD copy, by declaration ID (9-digit codes padded to 10).
/// Missing file: empty map.
pub fn read_hs10(path: &Path) -> Result<HashMap<String, String>, Error> {
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| bad_input(format!("cannot open {}: {e}", path.display())))?;
    let mut out = HashMap::new();
    for (n, rec) in rdr.deserialize::<Hs10Row>().enumerate() {
        let rec = rec.map_err(|e| bad_input(format!("{}: line {}: {e}", path.display(), n + 2)))?;
        if !rec.hs10.is_empty() && rec.hs10.bytes().all(|b| b.is_ascii_digit()) {
            out.insert(rec.id, format!("{:0>10}", rec.hs10));
        }
    }
    Ok(out)
}

/// The two columns of the Korean-header CDD copy that the import takes.
#[derive(serde::Deserialize)]
struct Hs10Row {
    #[serde(rename = "신고번호")]
    id: String,
    #[serde(rename = "HS10단위부호")]
    hs10: String,
}

/// The columns of `harmonized-system.csv` that the portal reads.
#[derive(serde::Deserialize)]
struct HsRow {
    section: String,
    hscode: String,
    description: String,
}

/// HS 2022 descriptions of subheadings (6 digits), headings (4) and chapters (2), and the
/// section (Roman numeral) of each subheading.
#[expect(
    missing_docs,
    reason = "fields are named after the CDD columns they hold"
)]
#[derive(Debug, Default, Clone)]
pub struct HsNomenclature {
    pub subheadings: HashMap<String, String>,
    pub headings: HashMap<String, String>,
    pub chapters: HashMap<String, String>,
    pub sections: HashMap<String, String>,
}

/// Every row of the CSV file `path` (with a header) as `T`; an error names the file and line.
pub fn read_csv_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    let mut rdr = csv::Reader::from_path(path)
        .map_err(|e| bad_input(format!("cannot open {}: {e}", path.display())))?;
    rdr.deserialize()
        .enumerate()
        .map(|(n, r)| r.map_err(|e| bad_input(format!("{}: line {}: {e}", path.display(), n + 2))))
        .collect()
}

/// Reads `harmonized-system.csv` (`section,hscode,description,parent,level`).
pub fn read_hs(path: &Path) -> Result<HsNomenclature, Error> {
    let mut hs = HsNomenclature::default();
    for row in read_csv_rows::<HsRow>(path)? {
        let HsRow {
            section,
            hscode,
            description,
        } = row;
        match hscode.len() {
            6 => {
                hs.sections.insert(hscode.clone(), section);
                hs.subheadings.insert(hscode, description)
            }
            4 => hs.headings.insert(hscode, description),
            2 => hs.chapters.insert(hscode, description),
            _ => None,
        };
    }
    Ok(hs)
}

/// Where the reference data is: `$PORTAL_REFERENCE_DIR`, else the first `shared/data` found
/// beside the current directory or one of its ancestors.
pub fn find_reference_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PORTAL_REFERENCE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .map(|a| a.join("shared").join("data"))
        .find(|p| p.join("cdd").is_dir())
}
