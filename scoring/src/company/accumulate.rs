//! Building a company's facts row by row as they stood on the cut-off day, and reading its
//! outcome in the months after. Every row dated after the cut-off is ignored here, and a
//! payment made after it counts as unpaid on that day: the features cannot look ahead,
//! whatever the caller passes.

use super::{
    ARREARS_DAYS, CompanyFacts, LATE_CAP_DAYS, MATERIAL_TAX_KRW, OUTCOME_DAYS, PRIOR_FROM_DAYS,
    Payments, RECENT_DAYS, Statement, YEAR_DAYS,
};

impl Payments {
    /// Adds a payment of `amount_krw` (duty and VAT on a customs value of `value_krw`) due on
    /// `due` and paid on `paid` (none: never), as it stood on `cutoff`.
    pub fn add(
        &mut self,
        cutoff: i32,
        due: i32,
        paid: Option<i32>,
        amount_krw: f64,
        value_krw: f64,
    ) {
        if due > cutoff {
            return;
        }
        let paid = paid.filter(|p| *p <= cutoff);
        let overdue = paid.unwrap_or(cutoff) - due;
        let late = overdue > 0;
        let days = f64::from(overdue.clamp(0, LATE_CAP_DAYS));
        self.due += 1;
        if late {
            self.late += 1;
            self.late_days += days;
        }
        if due > cutoff - RECENT_DAYS {
            self.recent_due += 1;
            if late {
                self.recent_late += 1;
                self.recent_late_days += days;
            }
        }
        if due > cutoff - YEAR_DAYS && due <= cutoff - PRIOR_FROM_DAYS {
            self.prior_due += 1;
            self.prior_late += u32::from(late);
        }
        if overdue > ARREARS_DAYS {
            self.arrears += 1;
        }
        if paid.is_none() {
            self.outstanding_krw += amount_krw;
            self.oldest_overdue_days = self.oldest_overdue_days.max(overdue);
        }
        if due > cutoff - YEAR_DAYS {
            self.duty_year_krw += amount_krw;
            self.value_year_krw += value_krw;
        }
    }
}

impl CompanyFacts {
    /// Adds the statement filed on `reported`, if filed by `cutoff`: it becomes the latest or
    /// the previous one by fiscal year.
    pub fn add_statement(&mut self, cutoff: i32, reported: i32, s: Statement) {
        if reported > cutoff {
            return;
        }
        match self.latest {
            Some(l) if l.year >= s.year => {
                if l.year > s.year && self.previous.is_none_or(|p| p.year < s.year) {
                    self.previous = Some(s);
                }
            }
            latest => {
                self.previous = latest;
                self.latest = Some(s);
            }
        }
    }

    /// Adds a remittance of `amount_krw` on `day` for `purpose` (`goods`, or fees and
    /// royalties), if within the year before `cutoff`.
    pub fn add_remittance(&mut self, cutoff: i32, day: i32, amount_krw: f64, purpose: &str) {
        if day > cutoff || day <= cutoff - YEAR_DAYS {
            return;
        }
        if purpose == "goods" {
            self.goods_remitted_krw += amount_krw;
        } else {
            self.service_remitted_krw += amount_krw;
        }
    }

    /// Adds an audit started on `start` that assessed `tax_krw`, if started by `cutoff`.
    pub fn add_audit(&mut self, cutoff: i32, start: i32, tax_krw: f64) {
        if start > cutoff {
            return;
        }
        self.audits += 1;
        if tax_krw > 0.0 {
            self.audits_assessed += 1;
            self.assessed_krw += tax_krw;
        }
        self.last_audit = Some(self.last_audit.map_or(start, |d| d.max(start)));
    }

    /// Adds a declaration of `day` found fraudulent, if declared by `cutoff`.
    pub fn add_fraud(&mut self, cutoff: i32, day: i32) {
        if day <= cutoff {
            self.frauds += 1;
        }
    }
}

/// What happened to a company in the [`OUTCOME_DAYS`] after the cut-off: the models' labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// A payment due then was paid more than [`ARREARS_DAYS`] late or not at all.
    pub arrears: bool,
    /// An audit started then.
    pub audited: bool,
    /// An audit started then assessed at least [`MATERIAL_TAX_KRW`] of additional tax.
    pub assessed: bool,
}

impl Outcome {
    fn within(cutoff: i32, day: i32) -> bool {
        day > cutoff && day <= cutoff + OUTCOME_DAYS
    }

    /// Adds a payment due on `due` and paid on `paid` (none: not by the data's end).
    pub fn add_payment(&mut self, cutoff: i32, due: i32, paid: Option<i32>) {
        if Self::within(cutoff, due) && paid.is_none_or(|p| p - due > ARREARS_DAYS) {
            self.arrears = true;
        }
    }

    /// Adds an audit started on `start` that assessed `tax_krw`.
    pub fn add_audit(&mut self, cutoff: i32, start: i32, tax_krw: f64) {
        if Self::within(cutoff, start) {
            self.audited = true;
            self.assessed |= tax_krw >= MATERIAL_TAX_KRW;
        }
    }
}
