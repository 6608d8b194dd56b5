//! Reading declarations from CSV files with the CDD's English header (the `portal score` input).
//!
//! Columns are found by header name, in any order; `Fraud` and `Critical Fraud` may be missing.
//! Any other problem names the line (1-based, the header is line 1) and the column.

use std::io::Read;

use crate::ScoringError;
use crate::encoder::{CATEGORICAL, Declaration};

/// Columns every input needs besides the categorical ones.
pub const REQUIRED: [&str; 5] = [
    "Declaration ID",
    "Date",
    "Tax Rate",
    "Net Mass",
    "Item Price",
];

fn number(line: u64, column: &str, v: &str) -> Result<Option<f64>, ScoringError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(Some)
        .ok_or_else(|| {
            ScoringError::input(line, format!("column '{column}': '{v}' is not a number"))
        })
}

fn label(line: u64, column: &str, v: &str, critical: bool) -> Result<Option<bool>, ScoringError> {
    match (v.trim(), critical) {
        ("", _) => Ok(None),
        ("0", _) => Ok(Some(false)),
        ("1", false) => Ok(Some(true)),
        ("1", true) => Ok(Some(false)),
        ("2", true) => Ok(Some(true)),
        (other, _) => Err(ScoringError::input(
            line,
            format!("column '{column}': '{other}' is not a valid label"),
        )),
    }
}

/// Reads every declaration of a CDD-style CSV.
pub fn read_csv(input: impl Read) -> Result<Vec<Declaration>, ScoringError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header = rdr
        .headers()
        .map_err(|e| ScoringError::input(1, format!("unreadable header: {e}")))?
        .clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
    };
    let need = |name: &str| {
        find(name)
            .ok_or_else(|| ScoringError::input(1, format!("the header has no '{name}' column")))
    };
    let id = need("Declaration ID")?;
    let date = need("Date")?;
    let tax = need("Tax Rate")?;
    let mass = need("Net Mass")?;
    let price = need("Item Price")?;
    let cats = CATEGORICAL
        .iter()
        .map(|(h, _)| need(h))
        .collect::<Result<Vec<_>, _>>()?;
    let fraud = find("Fraud");
    let critical = find("Critical Fraud");
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(line, |p| p.line());
            ScoringError::input(line, format!("malformed CSV row: {e}"))
        })?;
        let get = |c: usize| rec.get(c).unwrap_or("");
        let mut d = Declaration {
            id: get(id).trim().to_owned(),
            date: get(date).trim().to_owned(),
            net_mass: number(line, "Net Mass", get(mass))?,
            item_price: number(line, "Item Price", get(price))?,
            tax_rate: number(line, "Tax Rate", get(tax))?,
            fraud: fraud
                .map(|c| label(line, "Fraud", get(c), false))
                .transpose()?
                .flatten(),
            critical: critical
                .map(|c| label(line, "Critical Fraud", get(c), true))
                .transpose()?
                .flatten(),
            ..Declaration::default()
        };
        if d.id.is_empty() {
            return Err(ScoringError::input(
                line,
                "column 'Declaration ID' is empty",
            ));
        }
        for (slot, c) in d.cats.iter_mut().zip(&cats) {
            *slot = get(*c).trim().to_owned();
        }
        out.push(d);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud";

    #[test]
    fn reads_rows_with_and_without_labels() {
        let text = format!(
            "{HEADER}\n97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,1,2\n1,2020-01-02,40,B,11,21,11,40,D,수입상사,S,,690722,CN,CN,8,A,Y,,5,,\n"
        );
        let rows = read_csv(text.as_bytes()).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cats[7], "QLRUBN9");
        assert_eq!(rows[0].fraud, Some(true));
        assert_eq!(rows[0].critical, Some(true));
        assert_eq!(rows[1].cats[7], "수입상사");
        assert_eq!(rows[1].net_mass, None);
        assert_eq!(rows[1].fraud, None);
        // Label columns may be absent.
        let no_labels = "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price\n7,2020-01-01,30,B,11,21,11,10,a,b,c,,440890,BE,BE,0,F,G,1,2\n";
        assert_eq!(
            read_csv(no_labels.as_bytes()).expect("reads")[0].fraud,
            None
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let bad_number = format!(
            "{HEADER}\n1,2020-01-01,30,B,11,21,11,10,a,b,c,,440890,BE,BE,0,F,G,heavy,2,0,0\n"
        );
        let e = read_csv(bad_number.as_bytes()).unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("Net Mass") && e.contains("heavy"),
            "{e}"
        );
        let short = format!(
            "{HEADER}\n1,2020-01-01,30,B,11,21,11,10,a,b,c,,440890,BE,BE,0,F,G,1,2,0,0\n2,2020\n"
        );
        let e = read_csv(short.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        let e = read_csv("a,b\n1,2\n".as_bytes()).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("Declaration ID"), "{e}");
        let bad_label =
            format!("{HEADER}\n1,2020-01-01,30,B,11,21,11,10,a,b,c,,440890,BE,BE,0,F,G,1,2,7,0\n");
        assert!(
            read_csv(bad_label.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("Fraud")
        );
    }
}
