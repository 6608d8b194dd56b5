//! The typed rows of the datasets, one field per column, named as the column: whatever
//! writes a dataset (the generator, the CDD import) fills one of these and a
//! [`super::table::RowWriter`] sets each column by name.

use portal_core::datasets::{
    CARGO_MANIFEST, COMPANY, COMPANY_FINANCIALS, CUSTOMS_AUDIT, DUTY_DRAWBACK, DUTY_PAYMENT,
    EXPORT_DECLARATION, FTA_AGREEMENT, FX_REMITTANCE, IMPORT_DECLARATION, INSPECTION,
    ORIGIN_CERTIFICATE, VESSEL_CALL,
};

use super::table::table_row;

table_row! {
    /// A row of `import_declaration`.
    pub struct DeclarationRow<'a> in Declarations for IMPORT_DECLARATION {
        declaration_id: text,
        declaration_date: date,
        office_id: text,
        process_type: text,
        import_type: text,
        import_use: text,
        payment_type: text,
        transport_mode: text,
        declarant_id: text,
        importer_id: text,
        seller_id: text,
        courier_id: text,
        hs6: text,
        country_departure: text,
        country_origin: text,
        tax_rate: float,
        tax_type: text,
        origin_indicator: text,
        net_mass: float,
        item_price: float,
        fraud: int,
        critical_fraud: int,
        hs10: text,
        item_description: text,
        quantity: float,
        quantity_unit: text,
        declared_value: float,
        currency: text,
        fta_claim: bool,
        co_number: text,
        manifest_key: text,
        source: text,
        risk_pattern: text,
        unit_price: float,
    }
}

table_row! {
    /// A row of `cargo_manifest`.
    pub struct ManifestRow<'a> in Manifests for CARGO_MANIFEST {
        manifest_key: text,
        bl_no: text,
        house_bl_no: text,
        call_id: text,
        transport_mode: text,
        vessel_flight: text,
        loading_port: text,
        arrival_date: date,
        office_id: text,
        forwarder_id: text,
        carrier_id: text,
        departure_country: text,
        consignor_id: text,
        consignee_id: text,
        storage_location: text,
        packages: int,
        gross_weight: float,
    }
}

table_row! {
    /// A row of `inspection`.
    pub struct InspectionRow<'a> in Inspections for INSPECTION {
        declaration_id: text,
        office_id: text,
        selected: bool,
        selection_type: text,
        inspection_date: date,
        result: text,
        fraud: bool,
        critical_fraud: bool,
        additional_duty: float,
    }
}

table_row! {
    /// A row of `company`.
    pub struct CompanyRow<'a> in Companies for COMPANY {
        company_id: text,
        role: text,
        name: text,
        industry: text,
        region: text,
        registration_date: date,
        compliance_grade: text,
        planted_role: text,
        manufacturer: bool,
        factory_registered: bool,
        employees: int,
    }
}

table_row! {
    /// A row of `export_declaration`.
    pub struct ExportRow<'a> in Exports for EXPORT_DECLARATION {
        export_id: text,
        export_date: date,
        office_id: text,
        exporter_id: text,
        manufacturer_id: text,
        hs6: text,
        hs10: text,
        item_description: text,
        destination_country: text,
        declared_origin: text,
        fob_krw: float,
        fob_usd: float,
        net_mass: float,
        transport_mode: text,
        bl_number: text,
        co_requested: bool,
        risk_pattern: text,
    }
}

table_row! {
    /// A row of `origin_certificate`.
    pub struct CertificateRow<'a> in Certificates for ORIGIN_CERTIFICATE {
        co_number: text,
        direction: text,
        export_id: text,
        declaration_id: text,
        office_id: text,
        company_id: text,
        agreement: text,
        hs6: text,
        issuer: text,
        issuer_country: text,
        registered_issuer: bool,
        issue_date: date,
        criterion: text,
        rvc_pct: float,
        planted_issue: text,
    }
}

table_row! {
    /// A row of `fta_agreement`.
    pub struct AgreementRow<'a> in Agreements for FTA_AGREEMENT {
        agreement: text,
        name_ko: text,
        name_en: text,
        partners: text,
        in_force: date,
        hs_chapter: text,
        criterion: text,
        rvc_threshold_pct: float,
        rate_types: text,
        source: text,
    }
}

table_row! {
    /// A row of `duty_drawback`.
    pub struct DrawbackRow<'a> in Drawbacks for DUTY_DRAWBACK {
        drawback_id: text,
        declaration_id: text,
        office_id: text,
        claimant_id: text,
        export_date: date,
        claim_date: date,
        refund_amount: float,
        status: text,
    }
}

table_row! {
    /// A row of `duty_payment`.
    pub struct PaymentRow<'a> in Payments for DUTY_PAYMENT {
        declaration_id: text,
        assessed_date: date,
        office_id: text,
        importer_id: text,
        customs_value_krw: float,
        duty_krw: float,
        vat_krw: float,
        due_date: date,
        paid_date: date,
        paid_krw: float,
        instalments: int,
        arrears_krw: float,
        arrears_days: int,
    }
}

table_row! {
    /// A row of `company_financials`.
    pub struct FinancialsRow<'a> in Financials for COMPANY_FINANCIALS {
        company_id: text,
        office_id: text,
        fiscal_year: int,
        reported_date: date,
        revenue_krw: float,
        assets_krw: float,
        debt_ratio: float,
        operating_margin: float,
        employees: int,
        years_in_business: int,
        national_tax_arrears: bool,
    }
}

table_row! {
    /// A row of `fx_remittance`.
    pub struct RemittanceRow<'a> in Remittances for FX_REMITTANCE {
        remittance_id: text,
        remittance_date: date,
        office_id: text,
        importer_id: text,
        amount: float,
        currency: text,
        amount_krw: float,
        counterparty_country: text,
        purpose: text,
        bank: text,
    }
}

table_row! {
    /// A row of `customs_audit`.
    pub struct AuditRow<'a> in Audits for CUSTOMS_AUDIT {
        audit_id: text,
        company_id: text,
        office_id: text,
        audit_type: text,
        start_date: date,
        end_date: date,
        additional_tax_krw: float,
        result: text,
    }
}

table_row! {
    /// A row of `vessel_call`.
    pub struct VesselCallRow<'a> in VesselCalls for VESSEL_CALL {
        call_id: text,
        transport_mode: text,
        vessel_flight: text,
        port: text,
        office_id: text,
        previous_port: text,
        arrival_date: date,
        departure_date: date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::{Row, RowWriter, Table};

    fn covers<T: Table>() {
        let tmp = tempfile::tempdir().expect("tempdir");
        RowWriter::<T>::create(&tmp.path().join("t.parquet")).expect("row type fits its dataset");
        let (columns, ds) = (
            <T::Row<'static> as Row>::COLUMNS,
            <T::Row<'static> as Row>::DATASET,
        );
        assert_eq!(columns.len(), ds.columns.len());
    }

    #[test]
    fn every_row_type_names_every_column_of_its_dataset_with_its_type() {
        covers::<Declarations>();
        covers::<Manifests>();
        covers::<Inspections>();
        covers::<Companies>();
        covers::<Drawbacks>();
        covers::<VesselCalls>();
        covers::<Exports>();
        covers::<Certificates>();
        covers::<Agreements>();
        covers::<Payments>();
        covers::<Financials>();
        covers::<Remittances>();
        covers::<Audits>();
    }

    #[test]
    fn rows_are_written_and_counted() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut w = RowWriter::<Companies>::create(&tmp.path().join("c.parquet")).expect("create");
        w.write(&CompanyRow {
            company_id: Some("I0000001"),
            role: Some("importer"),
            name: Some("대한무역 1"),
            industry: Some("도소매업"),
            region: Some("서울"),
            registration_date: Some(9_000),
            compliance_grade: Some("A"),
            planted_role: None,
            manufacturer: Some(false),
            factory_registered: Some(false),
            employees: Some(3),
        })
        .expect("whole row");
        assert_eq!(w.finish().expect("close"), 1);
    }
}
