//! Reading declarations from CSV files (the `portal score` input): with the CDD's English header
//! for the fraud model; for the price model with either that header or the portal's own column
//! names (a CSV extract of `import_declaration` downloaded from the portal).
//!
//! Columns are found by header name, in any order; labels may be missing. Any other problem
//! names the line (1-based, the header is line 1) and the column.

use std::io::Read;

use crate::ScoringError;
use crate::encoder::{CATEGORICAL, Declaration};
use crate::price::PriceRow;

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

/// The header of `rdr`, each name without a byte-order mark or surrounding spaces.
fn header_of(rdr: &mut csv::Reader<impl Read>) -> Result<Vec<String>, ScoringError> {
    Ok(rdr
        .headers()
        .map_err(|e| ScoringError::input(1, format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect())
}

/// Calls `each(line, record)` for every record of `rdr` (line 1-based, the header is line 1);
/// a malformed row fails naming its line.
fn for_each_record(
    rdr: &mut csv::Reader<impl Read>,
    mut each: impl FnMut(u64, &csv::StringRecord) -> Result<(), ScoringError>,
) -> Result<(), ScoringError> {
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(line, |p| p.line());
            ScoringError::input(line, format!("malformed CSV row: {e}"))
        })?;
        each(line, &rec)?;
    }
    Ok(())
}

/// Reads every declaration of a CDD-style CSV.
pub fn read_csv(input: impl Read) -> Result<Vec<Declaration>, ScoringError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header = header_of(&mut rdr)?;
    let find = |name: &str| header.iter().position(|h| h == name);
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
    for_each_record(&mut rdr, |line, rec| {
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
        Ok(())
    })?;
    Ok(out)
}

/// Columns of the price model's input: the portal's name and the CDD's English name; the first
/// four are required.
const PRICE_COLUMNS: [(&str, &str); 7] = [
    ("declaration_id", "Declaration ID"),
    ("hs6", "HS6 Code"),
    ("net_mass", "Net Mass"),
    ("item_price", "Item Price"),
    ("country_origin", "Country of Origin"),
    ("transport_mode", "Mode of Transport"),
    ("quantity", "Quantity"),
];

/// Reads the price model's rows from a CSV with the portal's column names or the CDD's header.
pub fn read_price_csv(input: impl Read) -> Result<Vec<PriceRow>, ScoringError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header = header_of(&mut rdr)?;
    let find =
        |(snake, english): (&str, &str)| header.iter().position(|h| h == snake || h == english);
    let mut cols = [None; PRICE_COLUMNS.len()];
    for (i, names) in PRICE_COLUMNS.iter().enumerate() {
        cols[i] = find(*names);
        if i < 4 && cols[i].is_none() {
            return Err(ScoringError::input(
                1,
                format!("the header has no '{}' (or '{}') column", names.0, names.1),
            ));
        }
    }
    let mut out = Vec::new();
    for_each_record(&mut rdr, |line, rec| {
        let get = |k: usize| cols[k].and_then(|c| rec.get(c)).unwrap_or("").trim();
        let num = |k: usize| number(line, PRICE_COLUMNS[k].0, get(k));
        let row = PriceRow {
            id: get(0).to_owned(),
            hs6: get(1).to_owned(),
            net_mass: num(2)?,
            item_price: num(3)?,
            origin: get(4).to_owned(),
            transport_mode: get(5).to_owned(),
            quantity: num(6)?,
            ..PriceRow::default()
        };
        if row.id.is_empty() {
            return Err(ScoringError::input(
                line,
                "column 'declaration_id' is empty",
            ));
        }
        out.push(row);
        Ok(())
    })?;
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

    #[test]
    fn price_rows_read_either_header_and_name_bad_lines() {
        let portal = "\u{feff}declaration_id,hs6,country_origin,net_mass,item_price,quantity\nD1,851712,CN,10,1000,4\nD2,851712,,,,\n";
        let rows = read_price_csv(portal.as_bytes()).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].unit_value(), rows[0].quantity),
            (Some(100.0), Some(4.0))
        );
        assert_eq!((rows[1].net_mass, rows[1].origin.as_str()), (None, ""));
        let cdd = format!(
            "{HEADER}\nD3,2021-01-01,030,B,11,21,11,10,D1,I1,S1,,851712,CN,CN,8,A,Y,2.5,500,0,0\n"
        );
        let rows = read_price_csv(cdd.as_bytes()).expect("reads the CDD header");
        assert_eq!(
            (rows[0].hs6.as_str(), rows[0].transport_mode.as_str()),
            ("851712", "10")
        );
        assert_eq!(rows[0].unit_value(), Some(200.0));
        let missing = "declaration_id,hs6,net_mass\nD1,851712,1\n";
        let e = read_price_csv(missing.as_bytes()).expect_err("no price column");
        assert!(e.to_string().contains("item_price"), "{e}");
        let bad = "declaration_id,hs6,net_mass,item_price\nD1,851712,1,2\nD2,851712,heavy,2\n";
        let e = read_price_csv(bad.as_bytes()).expect_err("bad number");
        assert_eq!(
            e.to_string(),
            "line 3: column 'net_mass': 'heavy' is not a number"
        );
        let short = "declaration_id,hs6,net_mass,item_price\nD1,851712,1\n";
        assert!(matches!(
            read_price_csv(short.as_bytes()),
            Err(ScoringError::Input { line: 2, .. })
        ));
    }
}
