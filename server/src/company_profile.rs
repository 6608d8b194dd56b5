//! One company's profile (업체 프로파일, `GET /api/companies/{id}`): its master row, statements,
//! imports and exports by month and by goods and country, duty payments and arrears,
//! inspections and frauds, audits, the parties it trades with, its place among the companies of
//! its industry, and the models' features at the end of each quarter (the browser scores them:
//! the score history). Every section is made of the rows the user's scope may see; a company
//! with no such rows is not found.

use std::collections::{BTreeMap, HashMap};

use arrow_array::RecordBatch;
use datafusion::common::JoinType;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::prelude::{col, ident, lit};
use portal_core::company::{
    ArrearsLine, AuditLine, CompanyProfile, FinancialYear, InspectionSummary, Monthly,
    PaymentSummary, PeerFigure, Share, Snapshot, Stakeholder,
};
use portal_core::datasets::{
    CARGO_MANIFEST, COMPANY, COMPANY_FINANCIALS, CUSTOMS_AUDIT, DUTY_PAYMENT, DatasetDef,
    EXPORT_DECLARATION, IMPORT_DECLARATION, INSPECTION,
};
use portal_core::date::{days_from_civil, format_days};

use crate::columns::{days, flags, floats, ints, strings, texts};
use crate::company_risk::cutoff;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;

/// Keys shown per breakdown (HS6, countries, parties).
const TOP: usize = 10;
/// Arrears lines shown.
const ARREARS_SHOWN: usize = 20;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning the company profile", e)
}

async fn collect(df: DataFrame) -> Result<Vec<RecordBatch>, Error> {
    df.collect()
        .await
        .map_err(|e| Error::internal("reading the company profile", e))
}

/// `YYYY-MM` of a day.
fn month(day: i32) -> String {
    format_days(day)[..7].to_owned()
}

/// The end of each quarter of 2020 up to the models' cut-off: the score history's days.
pub fn quarter_ends() -> [i32; 4] {
    [
        days_from_civil(2020, 3, 31),
        days_from_civil(2020, 6, 30),
        days_from_civil(2020, 9, 30),
        cutoff(),
    ]
}

/// Sums (lines, value) per key, largest value first, at most `TOP` (or every key, by key, when
/// `by_key`).
fn ranked(totals: HashMap<String, (u64, f64)>, by_key: bool) -> Vec<Share> {
    let mut v: Vec<Share> = totals
        .into_iter()
        .map(|(key, (lines, value_krw))| Share {
            key,
            lines,
            value_krw,
        })
        .collect();
    if by_key {
        v.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        v.sort_by(|a, b| b.value_krw.total_cmp(&a.value_krw).then(a.key.cmp(&b.key)));
        v.truncate(TOP);
    }
    v
}

fn monthly(totals: HashMap<String, (u64, f64)>) -> Vec<Monthly> {
    ranked(totals, true)
        .into_iter()
        .map(|s| Monthly {
            month: s.key,
            lines: s.lines,
            value_krw: s.value_krw,
        })
        .collect()
}

fn add(totals: &mut HashMap<String, (u64, f64)>, key: &str, value: f64) {
    let t = totals.entry(key.to_owned()).or_default();
    t.0 += 1;
    t.1 += value;
}

/// Share (0–100) of `values` below `x`, and their median.
fn place(values: &mut [f64], x: f64) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let below = values.partition_point(|v| *v < x);
    let median = values.get(values.len() / 2).copied().unwrap_or(0.0);
    (100.0 * below as f64 / values.len().max(1) as f64, median)
}

/// The parties of an import declaration: its column and the role the master gives them.
const IMPORT_SIDES: [(&str, &str); 3] = [
    ("importer_id", "importer"),
    ("seller_id", "seller"),
    ("declarant_id", "declarant"),
];

/// The import declarations' column that names a company of `role` in the master (an importer's
/// when the role is another or unknown).
fn import_side(role: Option<&str>) -> &'static str {
    IMPORT_SIDES
        .iter()
        .find(|(_, r)| Some(*r) == role)
        .map_or("importer_id", |(c, _)| c)
}

impl Engine {
    async fn rows_of(
        &self,
        ds: &DatasetDef,
        scope: &Scope,
        column: &str,
        id: &str,
    ) -> Result<Option<Vec<RecordBatch>>, Error> {
        if !self.has(ds.name) {
            return Ok(None);
        }
        let df = self
            .scoped_table(ds, scope)
            .await?
            .filter(ident(column).eq(lit(id)))
            .map_err(planning)?;
        Ok(Some(collect(df).await?))
    }

    /// The profile of company `id` as `scope` sees it (404 when it has no rows there).
    pub async fn company_profile(&self, scope: &Scope, id: &str) -> Result<CompanyProfile, Error> {
        self.need_company_risk()?;
        let mut p = CompanyProfile {
            company_id: id.to_owned(),
            name: None,
            role: None,
            industry: None,
            region: None,
            registration_date: None,
            compliance_grade: None,
            employees: None,
            manufacturer: None,
            home_office: None,
            financials: Vec::new(),
            imports_by_month: Vec::new(),
            imports_by_hs: Vec::new(),
            imports_by_origin: Vec::new(),
            exports_by_month: Vec::new(),
            exports_by_destination: Vec::new(),
            payments: PaymentSummary::default(),
            arrears: Vec::new(),
            inspections: InspectionSummary::default(),
            audits: Vec::new(),
            stakeholders: Vec::new(),
            peers: Vec::new(),
            history: Vec::new(),
        };
        let mut seen = false;
        for b in self
            .rows_of(&COMPANY, scope, "company_id", id)
            .await?
            .unwrap_or_default()
        {
            let (name, role, industry, region, grade) = (
                texts(&b, "name")?,
                texts(&b, "role")?,
                texts(&b, "industry")?,
                texts(&b, "region")?,
                texts(&b, "compliance_grade")?,
            );
            let registered = days(&b, "registration_date")?;
            let employees = crate::columns::optional_ints(&b, "employees")?;
            let makes = crate::columns::optional_flags(&b, "manufacturer")?;
            if b.num_rows() > 0 {
                p.name.clone_from(&name[0]);
                p.role.clone_from(&role[0]);
                p.industry.clone_from(&industry[0]);
                p.region.clone_from(&region[0]);
                p.compliance_grade.clone_from(&grade[0]);
                p.registration_date = registered[0].map(format_days);
                p.employees = employees[0];
                p.manufacturer = makes[0];
            }
        }
        for b in self
            .rows_of(&COMPANY_FINANCIALS, scope, "company_id", id)
            .await?
            .unwrap_or_default()
        {
            let office = strings(&b, "office_id")?;
            let (year, staff) = (ints(&b, "fiscal_year")?, ints(&b, "employees")?);
            let reported = days(&b, "reported_date")?;
            let (revenue, assets, debt, margin) = (
                floats(&b, "revenue_krw")?,
                floats(&b, "assets_krw")?,
                floats(&b, "debt_ratio")?,
                floats(&b, "operating_margin")?,
            );
            let tax = flags(&b, "national_tax_arrears")?;
            for i in 0..b.num_rows() {
                seen = true;
                p.home_office = Some(office[i].clone());
                p.financials.push(FinancialYear {
                    year: year[i],
                    reported: reported[i].map(format_days).unwrap_or_default(),
                    revenue_krw: revenue[i],
                    assets_krw: assets[i],
                    debt_ratio: debt[i],
                    operating_margin: margin[i],
                    employees: staff[i],
                    national_tax_arrears: tax[i],
                });
            }
        }
        p.financials.sort_by_key(|f| f.year);
        // Imports, with the parties behind them: the declarations the company is on in its role
        // of the master (an overseas seller's or a declarant's lines, an importer's otherwise).
        let side = import_side(p.role.as_deref());
        let mut by_month = HashMap::new();
        let mut by_hs = HashMap::new();
        let mut by_origin = HashMap::new();
        let mut parties: HashMap<(String, &'static str), u64> = HashMap::new();
        for b in self
            .rows_of(&IMPORT_DECLARATION, scope, side, id)
            .await?
            .unwrap_or_default()
        {
            let when = days(&b, "declaration_date")?;
            let (hs6, origin) = (strings(&b, "hs6")?, strings(&b, "country_origin")?);
            let value = floats(&b, "item_price")?;
            let others = IMPORT_SIDES
                .iter()
                .filter(|(c, _)| *c != side)
                .map(|(c, role)| Ok((texts(&b, c)?, *role)))
                .collect::<Result<Vec<_>, Error>>()?;
            for i in 0..b.num_rows() {
                seen = true;
                if let Some(d) = when[i] {
                    add(&mut by_month, &month(d), value[i]);
                }
                add(&mut by_hs, &hs6[i], value[i]);
                add(&mut by_origin, &origin[i], value[i]);
                for (column, role) in &others {
                    if let Some(party) = column[i].as_ref().filter(|s| !s.is_empty()) {
                        *parties.entry((party.clone(), role)).or_default() += 1;
                    }
                }
            }
        }
        p.imports_by_month = monthly(by_month);
        p.imports_by_hs = ranked(by_hs, false);
        p.imports_by_origin = ranked(by_origin, false);
        // Manifest lines: a forwarder's consignees, or a consignee's forwarders.
        let (mine, other, role) = if p.role.as_deref() == Some("forwarder") {
            ("forwarder_id", "consignee_id", "importer")
        } else {
            ("consignee_id", "forwarder_id", "forwarder")
        };
        for b in self
            .rows_of(&CARGO_MANIFEST, scope, mine, id)
            .await?
            .unwrap_or_default()
        {
            seen |= b.num_rows() > 0;
            for f in texts(&b, other)?
                .into_iter()
                .flatten()
                .filter(|f| !f.is_empty())
            {
                *parties.entry((f, role)).or_default() += 1;
            }
        }
        let mut by_month = HashMap::new();
        let mut by_destination = HashMap::new();
        for b in self
            .rows_of(&EXPORT_DECLARATION, scope, "exporter_id", id)
            .await?
            .unwrap_or_default()
        {
            let when = days(&b, "export_date")?;
            let to = strings(&b, "destination_country")?;
            let fob = floats(&b, "fob_krw")?;
            for i in 0..b.num_rows() {
                seen = true;
                if let Some(d) = when[i] {
                    add(&mut by_month, &month(d), fob[i]);
                }
                add(&mut by_destination, &to[i], fob[i]);
            }
        }
        p.exports_by_month = monthly(by_month);
        p.exports_by_destination = ranked(by_destination, false);
        for b in self
            .rows_of(&DUTY_PAYMENT, scope, "importer_id", id)
            .await?
            .unwrap_or_default()
        {
            let declaration = strings(&b, "declaration_id")?;
            let (due, paid) = (days(&b, "due_date")?, days(&b, "paid_date")?);
            let (duty, vat, owed) = (
                floats(&b, "duty_krw")?,
                floats(&b, "vat_krw")?,
                floats(&b, "arrears_krw")?,
            );
            let owed_days = ints(&b, "arrears_days")?;
            for i in 0..b.num_rows() {
                seen = true;
                let amount = duty[i] + vat[i];
                let due = due[i].unwrap_or_default();
                let late = paid[i].map_or(owed_days[i] > 0, |d| d > due);
                let days_late = paid[i].map_or(owed_days[i], |d| i64::from(d - due));
                let s = &mut p.payments;
                s.payments += 1;
                s.assessed_krw += amount;
                s.late += u64::from(late);
                s.outstanding_krw += owed[i];
                if days_late > i64::from(portal_scoring::company::ARREARS_DAYS) {
                    s.arrears += 1;
                    p.arrears.push(ArrearsLine {
                        declaration_id: declaration[i].clone(),
                        due_date: format_days(due),
                        paid_date: paid[i].map(format_days),
                        amount_krw: amount,
                        days: days_late,
                    });
                }
            }
        }
        p.arrears.sort_by(|a, b| {
            b.amount_krw
                .total_cmp(&a.amount_krw)
                .then(a.declaration_id.cmp(&b.declaration_id))
        });
        p.arrears.truncate(ARREARS_SHOWN);
        if self.has(INSPECTION.name) && self.has(IMPORT_DECLARATION.name) {
            let theirs = self
                .scoped_table(&IMPORT_DECLARATION, scope)
                .await?
                .filter(ident(side).eq(lit(id)))
                .and_then(|df| df.select(vec![ident("declaration_id").alias("theirs")]))
                .map_err(planning)?;
            let inspected = self
                .scoped_table(&INSPECTION, scope)
                .await?
                .join(
                    theirs,
                    JoinType::LeftSemi,
                    &["declaration_id"],
                    &["theirs"],
                    None,
                )
                .and_then(|df| {
                    df.aggregate(
                        vec![],
                        vec![
                            sum(crate::pattern_stats::one_if(ident("selected"))).alias("inspected"),
                            sum(crate::pattern_stats::one_if(ident("fraud"))).alias("frauds"),
                            sum(crate::pattern_stats::one_if(ident("critical_fraud")))
                                .alias("critical"),
                            sum(ident("additional_duty")).alias("duty"),
                        ],
                    )
                })
                .map_err(planning)?;
            for b in collect(inspected).await? {
                if b.num_rows() > 0 {
                    let s = &mut p.inspections;
                    s.inspected = ints(&b, "inspected")?[0] as u64;
                    s.frauds = ints(&b, "frauds")?[0] as u64;
                    s.critical = ints(&b, "critical")?[0] as u64;
                    s.additional_duty_krw = floats(&b, "duty")?[0];
                }
            }
        }
        for b in self
            .rows_of(&CUSTOMS_AUDIT, scope, "company_id", id)
            .await?
            .unwrap_or_default()
        {
            let (audit, kind, result) = (
                strings(&b, "audit_id")?,
                strings(&b, "audit_type")?,
                strings(&b, "result")?,
            );
            let (start, end) = (days(&b, "start_date")?, days(&b, "end_date")?);
            let tax = floats(&b, "additional_tax_krw")?;
            for i in 0..b.num_rows() {
                seen = true;
                p.audits.push(AuditLine {
                    audit_id: audit[i].clone(),
                    audit_type: kind[i].clone(),
                    start_date: start[i].map(format_days).unwrap_or_default(),
                    end_date: end[i].map(format_days).unwrap_or_default(),
                    additional_tax_krw: tax[i],
                    result: result[i].clone(),
                });
            }
        }
        p.audits.sort_by(|a, b| b.start_date.cmp(&a.start_date));
        if !seen {
            return Err(Error::client(
                ErrorCode::NotFound,
                format!("company {id} has no rows you can see"),
            ));
        }
        self.add_stakeholders(scope, &mut p, parties).await?;
        self.add_peers(scope, &mut p).await?;
        let inputs = self
            .company_inputs(scope, &quarter_ends(), Some(&[id.to_owned()]))
            .await?;
        p.history = inputs
            .cutoffs
            .iter()
            .enumerate()
            .map(|(c, &day)| Snapshot {
                cutoff: format_days(day),
                features: inputs.facts[c][0].features(day).to_vec(),
            })
            .collect();
        Ok(p)
    }

    /// The parties with the most lines, named from the master.
    async fn add_stakeholders(
        &self,
        scope: &Scope,
        p: &mut CompanyProfile,
        parties: HashMap<(String, &'static str), u64>,
    ) -> Result<(), Error> {
        let mut v: Vec<((String, &str), u64)> = parties.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(TOP * 2);
        let ids: Vec<_> = v.iter().map(|((id, _), _)| lit(id.as_str())).collect();
        let mut names = HashMap::new();
        if !ids.is_empty() {
            let df = self
                .scoped_table(&COMPANY, scope)
                .await?
                .filter(col("company_id").in_list(ids, false))
                .and_then(|df| df.select(vec![ident("company_id"), ident("name")]))
                .map_err(planning)?;
            for b in collect(df).await? {
                let (id, name) = (strings(&b, "company_id")?, texts(&b, "name")?);
                names.extend(id.into_iter().zip(name));
            }
        }
        p.stakeholders = v
            .into_iter()
            .map(|((company_id, role), lines)| Stakeholder {
                name: names.get(&company_id).cloned().flatten(),
                company_id,
                role: role.to_owned(),
                lines,
            })
            .collect();
        Ok(())
    }

    /// Where the company stands among the companies of its industry on its latest statement's
    /// figures and on its import value.
    async fn add_peers(&self, scope: &Scope, p: &mut CompanyProfile) -> Result<(), Error> {
        let (Some(industry), Some(latest)) = (p.industry.clone(), p.financials.last().cloned())
        else {
            return Ok(());
        };
        let peers = self
            .scoped_table(&COMPANY, scope)
            .await?
            .filter(
                col("industry")
                    .eq(lit(industry.as_str()))
                    .and(col("role").eq(lit("importer"))),
            )
            .and_then(|df| df.select(vec![ident("company_id").alias("peer")]))
            .map_err(planning)?;
        let statements = self
            .scoped_table(&COMPANY_FINANCIALS, scope)
            .await?
            .filter(col("fiscal_year").eq(lit(latest.year)))
            .and_then(|df| {
                df.join(
                    peers.clone(),
                    JoinType::LeftSemi,
                    &["company_id"],
                    &["peer"],
                    None,
                )
            })
            .map_err(planning)?;
        let mut figures: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for b in collect(statements).await? {
            for (name, values) in [
                ("revenue_krw", floats(&b, "revenue_krw")?),
                ("debt_ratio", floats(&b, "debt_ratio")?),
                ("operating_margin", floats(&b, "operating_margin")?),
                ("employees", floats(&b, "employees")?),
            ] {
                figures.entry(name).or_default().extend(values);
            }
        }
        let own = [
            ("revenue_krw", latest.revenue_krw),
            ("debt_ratio", latest.debt_ratio),
            ("operating_margin", latest.operating_margin),
            ("employees", latest.employees as f64),
        ];
        let imports = self
            .scoped_table(&IMPORT_DECLARATION, scope)
            .await?
            .join(peers, JoinType::LeftSemi, &["importer_id"], &["peer"], None)
            .and_then(|df| {
                df.aggregate(
                    vec![ident("importer_id")],
                    vec![sum(ident("item_price")).alias("value")],
                )
            })
            .map_err(planning)?;
        let mut values = Vec::new();
        let mut mine = 0.0;
        for b in collect(imports).await? {
            let (who, v) = (strings(&b, "importer_id")?, floats(&b, "value")?);
            for i in 0..b.num_rows() {
                if who[i] == p.company_id {
                    mine = v[i];
                }
                values.push(v[i]);
            }
        }
        for (figure, value) in own {
            let mut v = figures.remove(figure).unwrap_or_default();
            let peers = v.len() as u64;
            let (percentile, median) = place(&mut v, value);
            p.peers.push(PeerFigure {
                figure: figure.to_owned(),
                value,
                median,
                percentile,
                peers,
            });
        }
        if !values.is_empty() {
            let peers = values.len() as u64;
            let (percentile, median) = place(&mut values, mine);
            p.peers.push(PeerFigure {
                figure: "import_value_krw".to_owned(),
                value: mine,
                median,
                percentile,
                peers,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_a_value_among_its_peers() {
        let mut v = vec![5.0, 1.0, 3.0, 2.0];
        assert_eq!(place(&mut v, 3.0), (50.0, 3.0));
        assert_eq!(place(&mut Vec::new(), 3.0), (0.0, 0.0));
    }

    #[test]
    fn breakdowns_keep_the_largest_and_months_keep_their_order() {
        let mut t = HashMap::new();
        for (k, v) in [("CN", 5.0), ("US", 9.0), ("CN", 7.0)] {
            add(&mut t, k, v);
        }
        let r = ranked(t.clone(), false);
        assert_eq!(
            (r[0].key.as_str(), r[0].lines, r[0].value_krw),
            ("CN", 2, 12.0)
        );
        assert_eq!(ranked(t, true)[1].key, "US");
        assert_eq!(month(18_262), "2020-01");
    }
}
