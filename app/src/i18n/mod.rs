//! Every visible string of the client, one table per language ([`ko`], [`en`]).
//!
//! Components never hold literal UI text: they ask [`I18n::t`] for a [`Key`], or [`I18n::tf`] for
//! a sentence with parameters (`{name}` in both tables, filled by [`fill`]). Both tables are
//! exhaustive matches, so a key without a translation does not compile, and a test checks that
//! both languages use the same parameters. Korean is the default; the choice persists in
//! `localStorage` under [`STORAGE_KEY`].

mod en;
mod ko;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

/// `localStorage` key holding the chosen language code.
pub const STORAGE_KEY: &str = "portal.lang";

portal_core::string_enum! {
    /// A UI language; the string is its BCP 47 code, as stored and as written to `<html lang>`.
    #[derive(Default)]
    pub enum Lang {
        /// Korean, the default.
        #[default]
        Ko = "ko",
        /// English.
        En = "en",
    }
}

macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// Identifier of one visible string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $name,)*
        }

        impl Key {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$name,)*];
        }
    };
}

keys! {
    /// Product name in the header and the document title.
    AppTitle,
    /// Short line under the product name.
    AppTagline,
    /// Link that jumps over the navigation.
    SkipToContent,
    /// Accessible name of the main navigation.
    NavLabel,
    /// Section: home.
    NavHome,
    /// Section: data map.
    NavDataMap,
    /// Section: self-service analysis.
    NavAnalysis,
    /// Section: AI risk scoring.
    NavScoring,
    /// Party role: importer (consignee).
    PartyImporter,
    /// Party role: overseas seller (consignor).
    PartySeller,
    /// Party role: freight forwarder.
    PartyForwarder,
    /// Party role: bonded carrier.
    PartyCarrier,
    /// Party role: declarant (customs broker).
    PartyDeclarant,
    /// Party role: planned storage location.
    PartyStorage,
    /// Party role: vessel or flight.
    PartyVessel,
    /// Button: hide the party.
    NetworkHide,
    /// Label: attach the relations to a request.
    NetworkAttach,
    /// Card: shipments shared with another party by month.
    NetworkTimeline,
    /// Card: the other party of the timeline.
    NetworkTimelineWith,
    /// A network widget's size: {parties}, {edges}, {frauds}.
    NetworkWidgetSummary,
    /// Link from a network widget to the network page.
    OpenInNetwork,
    /// Heading of the patterns page.
    PatternsTitle,
    /// One sentence under the patterns page's title.
    PatternsSummary,
    /// Label of the pattern choice.
    PatternsPattern,
    /// Pattern 1.
    Pattern1,
    /// Pattern 2.
    Pattern2,
    /// Pattern 3.
    Pattern3,
    /// Pattern 4.
    Pattern4,
    /// Column: inspections.
    PatternsInspections,
    /// Column: smoothed hit rate.
    PatternsHitRate,
    /// Column: lift over the base rate.
    PatternsLift,
    /// Caption of a pattern table: {n} combinations.
    PatternsCaption,
    /// Section: the stakeholder network.
    NavNetwork,
    /// One sentence under the network page's title.
    NetworkSummary,
    /// Label of the party search field.
    NetworkParty,
    /// Placeholder of the party search field.
    NetworkPartyHint,
    /// Label of the hops choice.
    NetworkHops,
    /// Label of the least shipments of an edge.
    NetworkMinShipments,
    /// Label of the HS chapter filter.
    NetworkChapter,
    /// Label of the first day.
    NetworkFrom,
    /// Label of the last day.
    NetworkTo,
    /// Button: search parties.
    NetworkSearch,
    /// Button: draw the network of the typed ID.
    NetworkOpen,
    /// Heading of a drawn network: {party}.
    NetworkOf,
    /// Button: back to the picture.
    NetworkShowPicture,
    /// Button: show the tables.
    NetworkShowTable,
    /// Button: rank hidden accomplices of the offenders.
    NetworkAccomplices,
    /// Button: nodes as CSV.
    NetworkExportNodes,
    /// Button: edges as CSV.
    NetworkExportEdges,
    /// Network size: {parties}, {edges}.
    NetworkCounts,
    /// Layout progress: {done} of {total}, {ms} per iteration.
    NetworkLayoutProgress,
    /// Measures done: {modularity}, {ms}.
    NetworkMeasured,
    /// Heading of the party search results.
    NetworkResults,
    /// No party matched.
    NetworkNoResults,
    /// Accessible name of the legend.
    NetworkLegend,
    /// Legend: a red ring marks frauds.
    NetworkFraudRing,
    /// Heading of the party card.
    NetworkCard,
    /// Column: party ID.
    NetworkPartyId,
    /// Column: role.
    NetworkRole,
    /// Card: company name.
    NetworkName,
    /// Card: industry and region.
    NetworkIndustry,
    /// Card: compliance grade.
    NetworkGrade,
    /// Column: shipments.
    NetworkShipments,
    /// Column: value.
    NetworkValue,
    /// Column: frauds.
    NetworkFrauds,
    /// Card: first to last shipment.
    NetworkPeriod,
    /// Column: degree centrality.
    NetworkDegree,
    /// Column: betweenness centrality.
    NetworkBetweenness,
    /// Button: add the party's own relations.
    NetworkExpand,
    /// Button: shortest path to the centre.
    NetworkPathToCentre,
    /// Button: hidden accomplices of this party.
    NetworkAccomplicesOf,
    /// Heading of the accomplice ranking.
    NetworkAccomplicesTitle,
    /// How the ranking is made: {ms}.
    NetworkAccomplicesNote,
    /// Column: accomplice score.
    NetworkScore,
    /// Column: the chain of relations to a seed.
    NetworkPath,
    /// Column: shipments along the chain.
    NetworkEvidence,
    /// Caption: the parties table.
    NetworkPartiesTable,
    /// Caption: the relations table.
    NetworkEdgesTable,
    /// Column: community.
    NetworkCommunity,
    /// Column: consignee of an edge.
    NetworkSource,
    /// Column: the other party of an edge.
    NetworkTarget,
    /// Column: first shipment.
    NetworkFirstSeen,
    /// Column: last shipment.
    NetworkLastSeen,
    /// Column: hop of an edge.
    NetworkHop,
    /// No party with frauds to start from.
    NetworkNoSeeds,
    /// Accessible name of the picture.
    NetworkPicture,
    /// Button: fit the picture.
    NetworkFit,
    /// Section: analysis requests.
    NavRequests,
    /// Section: personal dashboards.
    NavDashboards,
    /// What the home page is for.
    HomeSummary,
    /// What the data map is for.
    DataMapSummary,
    /// What self-service analysis is for.
    AnalysisSummary,
    /// What risk scoring is for.
    ScoringSummary,
    /// What analysis requests are for.
    RequestsSummary,
    /// What personal dashboards are for.
    DashboardsSummary,
    /// Home heading above the section cards.
    HomeSectionsHeading,
    /// Note on pages whose features are still being built.
    InPreparation,
    /// Accessible name of the language switch.
    LanguageLabel,
    /// Name of Korean, in Korean.
    LangKo,
    /// Name of English, in English.
    LangEn,
    /// Accessible name of the server status badge.
    HealthLabel,
    /// Badge text while the first check runs.
    HealthChecking,
    /// Badge text when the server and its data directory are healthy.
    HealthOk,
    /// Badge text when the server cannot be reached or is unhealthy.
    HealthDown,
    /// Footer line naming the operator.
    FooterOperator,
    /// Title of the 404 page.
    NotFoundTitle,
    /// Body of the 404 page.
    NotFoundBody,
    /// Link from the 404 page back home.
    NotFoundHome,
    /// Label of the catalog search box.
    DataMapSearchLabel,
    /// Placeholder of the catalog search box.
    DataMapSearchHint,
    /// Shown when a search finds nothing.
    DataMapNoResults,
    /// Heading of search results.
    DataMapResults,
    /// Accessible name of the process flow.
    DataMapFlow,
    /// Stage: arrival and manifest.
    StageArrival,
    /// Stage: declaration.
    StageDeclaration,
    /// Stage: inspection.
    StageInspection,
    /// Stage: duty drawback.
    StageDrawback,
    /// Stage: export.
    StageExport,
    /// Stage: certificates of origin.
    StageOrigin,
    /// Master data beside the process.
    StageMaster,
    /// Stage: other agencies' data.
    StageExternal,
    /// Stage: duty payment.
    StagePayment,
    /// Stage: post-clearance audit.
    StageAudit,
    /// Unit after a row count.
    RowsUnit,
    /// Label of a row count.
    RowCount,
    /// Label of a date range.
    DateRange,
    /// Label of a stage.
    StageLabel,
    /// Heading of the column table.
    Schema,
    /// Column table header: name.
    ColumnName,
    /// Column table header: type.
    ColumnType,
    /// Column table header: unit.
    ColumnUnit,
    /// Column table header: description.
    ColumnDescription,
    /// Column table header: sensitivity.
    ColumnSensitivity,
    /// Sensitivity: public.
    SensitivityPublic,
    /// Sensitivity: internal.
    SensitivityInternal,
    /// Sensitivity: confidential.
    SensitivityConfidential,
    /// Heading of the lineage graph.
    Lineage,
    /// Heading of the sign-in page.
    LoginTitle,
    /// Text above the sign-in form.
    LoginIntro,
    /// Label: user name.
    Username,
    /// Label: password.
    Password,
    /// Button: sign in.
    SignIn,
    /// Button: sign out.
    SignOut,
    /// Wrong user name or password.
    LoginFailed,
    /// Too many failed attempts.
    LoginThrottled,
    /// Validation: both fields are required.
    LoginRequired,
    /// Role name: analyst.
    RoleAnalyst,
    /// Role name: reviewer.
    RoleReviewer,
    /// Role name: bureau.
    RoleBureau,
    /// Role name: admin.
    RoleAdmin,
    /// Title of the audit log page.
    AuditTitle,
    /// What the audit log page shows.
    AuditSummary,
    /// Column/filter: action.
    AuditAction,
    /// Column/filter: user.
    AuditUser,
    /// Column: time.
    AuditTime,
    /// Column: client address.
    AuditAddress,
    /// Column: detail.
    AuditDetail,
    /// Filter option: every action.
    AuditAllActions,
    /// Button: apply filters.
    AuditApply,
    /// Button: load older entries.
    AuditMore,
    /// No entries match.
    AuditEmpty,
    /// Shown to users without the right role.
    Forbidden,
    /// Button/link: new request.
    ReqNew,
    /// Heading of the new-request form.
    ReqNewTitle,
    /// Field: title.
    ReqTitle,
    /// Field: purpose.
    ReqPurpose,
    /// Field: content.
    ReqContent,
    /// Field: datasets wanted.
    ReqDatasets,
    /// Field: desired date.
    ReqDesiredDate,
    /// Button: submit the request.
    ReqSubmit,
    /// Validation: required fields.
    ReqRequired,
    /// Validation: too long.
    ReqTooLong,
    /// No requests yet.
    ReqNone,
    /// Accessible name of the step tracker.
    ReqProgress,
    /// Step 1.
    StepApplied,
    /// Step 2.
    StepReview,
    /// Step 3.
    StepBureau,
    /// Step 4.
    StepAnalysis,
    /// Step 5.
    StepDone,
    /// State: rejected.
    StateRejected,
    /// State: withdrawn.
    StateWithdrawn,
    /// State: needs changes.
    StateNeedsChanges,
    /// Label: applicant.
    ReqApplicant,
    /// Label: assigned people.
    ReqAssigned,
    /// Heading: results.
    ReqResults,
    /// Heading: history.
    ReqHistory,
    /// Heading: comments.
    ReqComments,
    /// Label of the comment box.
    ReqCommentAdd,
    /// Button: post comment.
    ReqCommentSubmit,
    /// Heading: actions.
    ReqActions,
    /// Action: approve.
    ActApprove,
    /// Action: reject.
    ActReject,
    /// Action: request changes.
    ActRequestChanges,
    /// Action: resubmit.
    ActResubmit,
    /// Action: withdraw.
    ActWithdraw,
    /// Action: confirm cooperation.
    ActConfirm,
    /// Action: start.
    ActStart,
    /// Action: complete.
    ActComplete,
    /// Field: bureau liaison user name.
    ReqBureauUser,
    /// Field: analyst user name.
    ReqAnalystUser,
    /// Field: result link.
    ReqResultLink,
    /// Field: note.
    ReqNote,
    /// Someone else changed the request.
    ReqConflict,
    /// Accessible name of the notification bell.
    Notifications,
    /// A person and their office (`{person}`, `{office}`).
    PersonOfOffice,
    /// The support line with the server's own message (`{code}`, `{message}`).
    ErrDetailMessage,
    /// Axis title of the precision/recall curve.
    PrecisionRecall,
    /// One reason of a risk score: the field and the points it adds (`{field}`, `{points}`).
    ReasonEffect,
    /// An attachment's size and who added it (`{size}` bytes, `{uploader}`).
    AttachmentMeta,
    /// An auto-refresh interval (`{n}` minutes).
    EveryMinutes,
    /// A dashboard's owner and what the reader may do (`{owner}`, `{access}`).
    OwnerAccess,
    /// Accessible name of the bell with unread notifications (`{n}`).
    NotificationsUnread,
    /// Queue: every visible request.
    QueueAll,
    /// Queue: filed by me.
    QueueMine,
    /// Queue: waiting for review.
    QueueReview,
    /// Queue: waiting for the bureau.
    QueueBureau,
    /// Queue: assigned analyses.
    QueueAssigned,
    /// Accessible name of the queue switch.
    Queues,
    /// Heading: attachments.
    ReqAttachments,
    /// Label of the file input.
    ReqAttach,
    /// Accessible name of the lineage drawing.
    LineageGraph,
    /// Edge label: joins to.
    LineageJoins,
    /// Edge label: derives from.
    LineageDerives,
    /// Heading of the first rows table.
    FirstRows,
    /// Shown while data loads.
    Loading,
    /// Shown when data cannot be loaded.
    LoadFailed,
    /// Link back to the data map.
    BackToDataMap,
    /// Shown when a dataset has no rows.
    NoData,
    /// An extract that matched no rows, and what to do.
    NoRows,
    /// Button: add an aggregate row.
    AddAggregate,
    /// Button: add a filter row.
    AddFilter,
    /// Button: add a group-by key.
    AddGroup,
    /// Aggregate: mean.
    AggAvg,
    /// Label of an aggregate's column.
    AggColumnLabel,
    /// Aggregate: count.
    AggCount,
    /// Aggregate: distinct count.
    AggCountDistinct,
    /// Label of an aggregate's function.
    AggFuncLabel,
    /// Aggregate: maximum.
    AggMax,
    /// Aggregate: minimum.
    AggMin,
    /// Aggregate: median.
    AggP50,
    /// Aggregate: 90th percentile.
    AggP90,
    /// Aggregate: 99th percentile.
    AggP99,
    /// Aggregate: sum.
    AggSum,
    /// Legend of the aggregates.
    AggregatesLabel,
    /// Label of the auto-refresh choice.
    AutoRefresh,
    /// Link back to the dashboard list.
    BackToDashboards,
    /// Date bucket: as is (day).
    BucketDay,
    /// Label of a date bucket choice.
    BucketLabel,
    /// Date bucket: month.
    BucketMonth,
    /// Date bucket: week.
    BucketWeek,
    /// Date bucket: year.
    BucketYear,
    /// Heading of the analysis form.
    BuilderHeading,
    /// Button: cancel a running analysis.
    Cancel,
    /// Chart kind: bar.
    ChartBar,
    /// Chart kind: ranked bars by country.
    ChartCountry,
    /// Chart kind: heatmap.
    ChartHeatmap,
    /// Chart kind: histogram.
    ChartHistogram,
    /// Label of the chart kind picker.
    ChartKindLabel,
    /// Chart kind: line.
    ChartLine,
    /// Caption when no chart fits the result.
    ChartNone,
    /// Chart kind: scatter.
    ChartScatter,
    /// Button: back from the table view to the chart.
    ChartShowChart,
    /// Button: show the chart's data as a table.
    ChartShowTable,
    /// Chart kind: stacked bar.
    ChartStackedBar,
    /// Marks the suggested chart kind.
    ChartSuggested,
    /// Chart kind: table only.
    ChartTable,
    /// Caption note when categories were cut.
    ChartTruncated,
    /// Summary of the column picker.
    ColumnsLabel,
    /// Placeholder for comma-separated values.
    CommaSeparated,
    /// Confirmation before deleting a dashboard.
    ConfirmDelete,
    /// Button: create a dashboard.
    CreateDashboard,
    /// Summary of the owner's settings.
    DashboardSettings,
    /// Label of a dashboard title.
    DashboardTitle,
    /// Label of the dataset picker.
    DatasetLabel,
    /// Heading: most used datasets.
    DatasetRanking,
    /// How many datasets (`{n}`).
    DatasetsCount,
    /// Button: delete.
    Delete,
    /// Label before the download buttons.
    DownloadLabel,
    /// Button: download the chart as PNG.
    DownloadPng,
    /// Button: download the chart as SVG.
    DownloadSvg,
    /// Button: duplicate a dashboard.
    Duplicate,
    /// Label of a filter's column.
    FilterColumnLabel,
    /// Label of a filter's operator.
    FilterOpLabel,
    /// Label of a range's upper bound.
    FilterValue2Label,
    /// Label of a filter's value.
    FilterValueLabel,
    /// Legend of the filters.
    FiltersLabel,
    /// Legend of the group-by keys.
    GroupByLabel,
    /// Heading of the home figures.
    HomeFigures,
    /// Label of the row limit.
    LimitLabel,
    /// Shown when a shared analysis link cannot be read.
    LinkUnreadable,
    /// Marks the user's own dashboard.
    Mine,
    /// Button: move a widget earlier.
    MoveEarlier,
    /// Button: move a widget later.
    MoveLater,
    /// Heading: my recent activity.
    MyActivity,
    /// Heading: my requests.
    MyRequests,
    /// Button: make a widget narrower.
    Narrower,
    /// Option: a new dashboard.
    NewDashboard,
    /// Shown when the user has no dashboards.
    NoDashboards,
    /// Shown on an empty dashboard.
    NoWidgets,
    /// Shown for an empty ranking.
    NothingYet,
    /// Option: off.
    Off,
    /// Heading: access by customs office.
    OfficeRanking,
    /// Filter operator: contains.
    OpContains,
    /// Filter operator: equals.
    OpEq,
    /// Filter operator: one of.
    OpIn,
    /// Filter operator: missing.
    OpIsNull,
    /// Filter operator: present.
    OpNotNull,
    /// Filter operator: between.
    OpRange,
    /// Link: open the dashboard.
    OpenDashboard,
    /// Link: open a widget in the analysis page.
    OpenInAnalysis,
    /// The period the rankings cover (`{days}`).
    RankingWindow,
    /// Marks a dashboard shared read-only.
    ReadOnlyShared,
    /// Button: refresh one widget.
    Refresh,
    /// Button: refresh every widget.
    RefreshAll,
    /// Button: remove a row or widget.
    Remove,
    /// Accessible name of a column resize handle.
    ResizeColumn,
    /// Heading of the result table.
    ResultTable,
    /// Heading of the results.
    ResultsHeading,
    /// Option: count rows (no column).
    RowsAll,
    /// Button: run the analysis.
    RunAnalysis,
    /// Shown after the user cancelled.
    RunCancelled,
    /// Button: save.
    Save,
    /// Label of the dashboard to save to.
    SaveToDashboard,
    /// Shown after saving a widget.
    SavedTo,
    /// Heading: popular search terms.
    SearchTerms,
    /// Button: save the sharing.
    Share,
    /// Checkbox: share with my office.
    ShareWithOffice,
    /// Label: users to share with.
    ShareWithUsers,
    /// Marks a dashboard shared with the user.
    SharedWithMe,
    /// Button: make a widget shorter.
    Shorter,
    /// Tooltip of a sortable column header.
    SortByColumn,
    /// Checkbox: sort largest first.
    SortDescending,
    /// Label of the sort column.
    SortLabel,
    /// Option: no sorting.
    SortNone,
    /// Button: make a widget taller.
    Taller,
    /// Label of the record total.
    TotalRecords,
    /// Button: make a widget wider.
    Wider,
    /// Label of a widget title.
    WidgetTitle,
    /// A dashboard card: its owner, widgets and access (`{owner}`, `{n}`, `{access}`).
    WidgetsCount,
    /// Heading of the extract to score.
    ScoringExtract,
    /// Label of the model choice.
    ScoringModel,
    /// Name of the fraud model.
    FraudModelName,
    /// Label of the first date.
    DateFrom,
    /// Label of the last date.
    DateTo,
    /// Label of an office code filter.
    OfficeCode,
    /// Button: score.
    RunScoring,
    /// Shown while the extract loads.
    ScoringExtracting,
    /// Shown while the model downloads.
    ModelDownloading,
    /// Shown when scoring finished.
    ScoringDone,
    /// Heading of the HS suggestion box.
    HsSuggestHeading,
    /// Label of the item description.
    ItemDescription,
    /// Button: suggest HS codes.
    Suggest,
    /// Shown when nothing was suggested.
    NoSuggestions,
    /// Heading of the ranked declarations.
    RankedHeading,
    /// Label of the inspection-rate slider.
    InspectionRate,
    /// Caption of the precision/recall table.
    PrCaption,
    /// Column: rank.
    Rank,
    /// Column: declaration number.
    DeclarationId,
    /// Column: risk score 0-999.
    RiskScore,
    /// Column: grade 01-10.
    Grade,
    /// Column: fields behind the score.
    Reasons,
    /// Column: known fraud label.
    KnownFraud,
    /// Label: the request to attach the scored result to.
    AttachToRequest,
    /// Button: attach.
    Attach,
    /// Shown after attaching.
    Attached,
    /// Name of the price model.
    PriceModelName,
    /// The share of labelled frauds in the extract, what random inspection finds (`{p}`).
    BaseRate,
    /// Name of the portal's high-risk model.
    HighRiskModelName,
    /// Name of the supply-chain model.
    SupplyChainModelName,
    /// The supply-chain model needs both dates.
    SupplyChainNeedsDates,
    /// Hint: what the supply-chain model scores.
    SupplyChainHint,
    /// Reason of a supply-chain score: a combination, its hit rate and lift ({what}, {pct},
    /// {lift}).
    ReasonChain,
    /// The consignee alone, as a combination of a supply-chain reason.
    ChainConsignee,
    /// Reason: the declared unit value against the expected one (`{pct}`).
    ReasonPrice,
    /// Reason: no unit value (price or mass missing).
    ReasonNoPrice,
    /// Reason: the declared HS code's place for the item description (`{rank}`).
    ReasonHsRank,
    /// Reason: the declared HS code is not in the HS 2022 nomenclature.
    ReasonHsUnknown,
    /// Reason: the origin's share of the goods' lines (`{pct}`).
    ReasonOrigin,
    /// Reason: an FTA rate claimed without a certificate of origin.
    ReasonNoCertificate,
    /// Reason: a certificate of origin not in the origin's issuing format.
    ReasonBadCertificate,
    /// Reason: an FTA rate claimed.
    ReasonFtaClaim,
    /// Reason: the importer's earlier lines found fraudulent (`{pct}`).
    ReasonImporterHistory,
    /// Reason: the overseas seller's earlier lines found fraudulent (`{pct}`).
    ReasonSellerHistory,
    /// Reason: the declarant's earlier lines found fraudulent (`{pct}`).
    ReasonDeclarantHistory,
    /// Reason: the office, types and goods of the declaration.
    ReasonProfile,
    /// Column: expected unit value.
    ExpectedUnitValue,
    /// Column: declared unit value.
    DeclaredUnitValue,
    /// Column: declared over expected.
    ValueRatio,
    /// Column: shortfall score 0-999.
    ShortfallScore,
    /// Badge: likely under-valued.
    LikelyUndervalued,
    /// Column: planted under-valuation label.
    KnownUndervaluation,
    /// Text after the count of flagged lines.
    FlaggedBelowHalf,
    /// Note under the save form of a scored result.
    SaveScoredHint,
    /// Caption of a scored widget's table.
    ScoredWidgetTop,
    /// Link: open a scored widget in the studio.
    OpenInStudio,
    /// Column: what the expected value rests on.
    PriceBasis,
    /// Precision (of inspections, the share that were frauds).
    Precision,
    /// Recall (of frauds, the share inspected).
    Recall,
    /// Precision and recall at the slider ({p}, {r}).
    RateMetrics,
    /// An API path the server does not have.
    ErrRouteNotFound,
    /// A method the route does not take.
    ErrMethodNotAllowed,
    /// A body the server could not read.
    ErrInvalidJson,
    /// A value the server refused.
    ErrBadRequest,
    /// Nothing found (or not visible).
    ErrNotFound,
    /// A form or file the server refused.
    ErrInvalidInput,
    /// An unknown dataset.
    ErrUnknownDataset,
    /// An unknown column.
    ErrUnknownColumn,
    /// A value of the wrong type.
    ErrTypeMismatch,
    /// Settings that do not fit together.
    ErrInvalidSpec,
    /// More rows than allowed.
    ErrTooManyRows,
    /// A spec over the size bounds.
    ErrSpecTooLarge,
    /// A password the policy refuses.
    ErrWeakPassword,
    /// Too many extracts running.
    ErrBusy,
    /// A query over the time limit.
    ErrQueryTimeout,
    /// Error: the query needs more memory than allowed.
    ErrQueryTooLarge,
    /// Data or a model not prepared.
    ErrDataUnavailable,
    /// The query cluster did not answer.
    ErrClusterUnavailable,
    /// No session.
    ErrUnauthenticated,
    /// Wrong credentials.
    ErrInvalidCredentials,
    /// A wrong CSRF token.
    ErrCsrfRejected,
    /// Throttled.
    ErrTooManyAttempts,
    /// Not allowed for the role.
    ErrForbidden,
    /// Changed by someone else.
    ErrConflict,
    /// Not at this step.
    ErrWrongState,
    /// Too large.
    ErrPayloadTooLarge,
    /// A server fault.
    ErrInternal,
    /// The server cannot be reached.
    ErrNetwork,
    /// An error status without a body ({status}).
    ErrHttp,
    /// An unreadable answer.
    ErrDecode,
    /// The model could not run in the browser.
    ErrWorker,
    /// The browser could not do it.
    ErrBrowser,
    /// Form field: the dataset ({problem}).
    FieldDataset,
    /// Form field: filter row {n} ({problem}).
    FieldFilter,
    /// Form field: group-by row {n} ({problem}).
    FieldGroupBy,
    /// Form field: aggregate row {n} ({problem}).
    FieldAggregate,
    /// Form field: the row limit ({problem}).
    FieldLimit,
    /// No dataset picked.
    ProblemPickDataset,
    /// No column picked.
    ProblemPickColumn,
    /// An operator that does not fit.
    ProblemPickOperator,
    /// An empty value.
    ProblemEnterValue,
    /// Not a whole number ({text}).
    ProblemNotWholeNumber,
    /// Not a number ({text}).
    ProblemNotNumber,
    /// Not a date ({text}).
    ProblemNotDate,
    /// Not yes/no ({text}).
    ProblemNotBool,
    /// No values in an 'in' filter.
    ProblemEnterValues,
    /// A range without bounds.
    ProblemEnterBound,
    /// A 'contains' filter without text.
    ProblemEnterText,
    /// An unknown date bucket ({text}).
    ProblemUnknownBucket,
    /// A bucket on a non-date column.
    ProblemBucketNeedsDate,
    /// An unknown function ({text}).
    ProblemUnknownFunction,
    /// A numeric function on a non-number column.
    ProblemNeedsNumber,
    /// A limit that is not positive.
    ProblemPositiveLimit,
    /// An ungrouped analysis without a limit.
    ProblemNeedsLimit,
    /// Result line ({rows}, {mb}, {ms}).
    ResultStatus,
    /// A number of rows ({n}).
    RowsCount,
    /// Progress of rows ({rows}, {mb}).
    ProgressRows,
    /// Scatter summary ({kind}, {x}, {y}, {n}, {r}).
    ChartSummaryScatter,
    /// Chart without values ({kind}).
    ChartSummaryEmpty,
    /// Line summary ({kind}, {x}, {y}, {n}, {first}, {last}, {hi}, {hi_v}, {lo}, {lo_v}).
    ChartSummaryLine,
    /// Bar summary ({kind}, {x}, {y}, {n}, {hi}, {hi_v}, {lo}, {lo_v}).
    ChartSummaryBars,
    /// Bar summary with series ({kind}, {x}, {y}, {n}, {s}, {hi}, {hi_v}, {lo}, {lo_v}).
    ChartSummarySeries,
    /// Chart in a sentence: bar.
    ChartNameBar,
    /// Chart in a sentence: stacked bar.
    ChartNameStackedBar,
    /// Chart in a sentence: line.
    ChartNameLine,
    /// Chart in a sentence: scatter.
    ChartNameScatter,
    /// Chart in a sentence: histogram.
    ChartNameHistogram,
    /// Chart in a sentence: heatmap.
    ChartNameHeatmap,
    /// Chart in a sentence: ranked bars by country.
    ChartNameCountry,
    /// Chart in a sentence: table.
    ChartNameTable,
    /// Column type: text.
    TypeText,
    /// Column type: whole number.
    TypeInt,
    /// Column type: number.
    TypeFloat,
    /// Column type: date.
    TypeDate,
    /// Column type: yes/no.
    TypeBool,
    /// A correlation that cannot be computed.
    CorrelationUndefined,
    /// The value axis of a histogram.
    HistogramCount,
    /// Rows scored ({done}, {total}).
    ScoringProgress,
    /// The slider's split ({rate}, {k}, {rest}).
    InspectionSplit,
    /// Lines of the same HS6 and origin ({n}).
    BasisOrigin,
    /// Lines of the same HS6 ({n}).
    BasisHs6,
    /// An expectation from the heading or chapter.
    BasisParent,
    /// Under-valued lines ({flagged}, {total}).
    FlaggedCount,
    /// A scored fraud widget's line ({rows}, {k}).
    ScoredWidgetSummary,
    /// Output column: a count of rows.
    OutputCount,
    /// Output column: function of a column ({func}, {column}).
    OutputAgg,
    /// Output column: date bucket ({column}, {bucket}).
    OutputBucket,
    /// Output column: a percentile ({p}, {column}).
    OutputPercentile,
    /// A label and its unit ({label}, {unit}).
    WithUnit,
    /// A code value with its name ({name}, {code}).
    CodeName,
    /// Unit of amounts in won.
    UnitWon,
    /// Unit of amounts in hundreds of millions (ko) or billions (en) of won.
    UnitEok,
    /// Unit of mass.
    UnitKg,
    /// Unit of unit values.
    UnitWonPerKg,
    /// Unit of rates.
    UnitPercent,
    /// Unit of counts.
    UnitCount,
    /// One activity line ({action}, {subject}).
    ActivityLine,
    /// Home: no activity yet.
    HomeNoActivity,
    /// Home: no dashboards yet.
    HomeNoDashboards,
    /// Home: no requests yet.
    HomeNoRequests,
    /// A ranking without entries ({days}).
    RankingEmpty,
    /// Audit action: sign-in.
    AuditLoginSuccess,
    /// Audit action: failed sign-in.
    AuditLoginFailure,
    /// Audit action: sign-in throttled.
    AuditLoginThrottled,
    /// My account.
    AccountTitle,
    /// Your sign-in details, password and sessions.
    AccountSummary,
    /// Current password.
    CurrentPassword,
    /// New password.
    NewPassword,
    /// New password again.
    ConfirmPassword,
    /// Change password.
    ChangePassword,
    /// Your password was changed.
    PasswordChangedNotice,
    /// The two new passwords differ.
    PasswordsDiffer,
    /// A password needs at least {min} characters.
    PasswordTooShort,
    /// A password may not contain the user name.
    PasswordHasUsername,
    /// That password is too common.
    PasswordIsCommon,
    /// Sign out everywhere.
    SignOutEverywhere,
    /// Ends every session of your account, on every computer, this .
    SignOutEverywhereHint,
    /// Users.
    UsersTitle,
    /// Create accounts, change roles and offices, disable accounts .
    UsersSummary,
    /// Display name.
    DisplayName,
    /// Role.
    RoleLabel,
    /// Office.
    OfficeLabel,
    /// State.
    AccountState,
    /// Active.
    AccountActive,
    /// Disabled.
    AccountDisabled,
    /// Disable.
    DisableAccount,
    /// Enable.
    EnableAccount,
    /// Set a new password.
    ResetPassword,
    /// Create account.
    CreateUser,
    /// Account {user} was created.
    UserCreatedNotice,
    /// A new password was set for {user}; their sessions were signe.
    PasswordResetNotice,
    /// New password for {user}.
    NewPasswordFor,
    /// Actions.
    Actions,
    /// Audit action: sign-out.
    AuditLogout,
    /// Audit action: signed out everywhere.
    AuditLogoutEverywhere,
    /// Audit action: own password changed.
    AuditPasswordChanged,
    /// Audit action: account created.
    AuditUserCreated,
    /// Audit action: account changed.
    AuditUserUpdated,
    /// Audit action: password set by an administrator.
    AuditPasswordReset,
    /// Audit action: extract started.
    AuditExtractStarted,
    /// Audit action: extract refused.
    AuditExtractRefused,
    /// Audit action: model file downloaded.
    AuditModelDownloaded,
    /// Audit action: supply-chain pattern statistics read.
    AuditPatternsRead,
    /// Audit action: ego network read.
    AuditNetworkRead,
    /// Audit action: manifest lines with inspection histories read (supply-chain model).
    AuditShipmentsRead,
    /// Audit action: exporters of the origin analysis read.
    AuditOriginRead,
    /// Audit action: FTA verification queue read.
    AuditFtaQueueRead,
    /// Audit action: company ranking read.
    AuditCompanyScoresRead,
    /// Audit action: company profile read.
    AuditCompanyProfileRead,
    /// Audit action: attachment downloaded.
    AuditAttachmentDownloaded,
    /// Audit action: extract ended.
    AuditExtract,
    /// Audit action: download.
    AuditDownload,
    /// Audit action: data-map search.
    AuditCatalogSearch,
    /// Audit action: request filed.
    AuditRequestCreated,
    /// Audit action: request moved.
    AuditRequestTransition,
    /// Audit action: comment.
    AuditRequestComment,
    /// Audit action: attachment.
    AuditAttachmentAdded,
    /// Audit action: dashboard created.
    AuditDashboardCreated,
    /// Audit action: dashboard changed.
    AuditDashboardUpdated,
    /// Audit action: widget added.
    AuditWidgetAdded,
    /// Audit action: dashboard deleted.
    AuditDashboardDeleted,
    /// Audit action: dashboard shared.
    AuditDashboardShared,
    /// Section: origin analyses.
    NavOrigin,
    /// Origin section summary.
    OriginSummary,
    /// Tab: rerouting.
    OriginTabRerouting,
    /// Tab: FTA verification.
    OriginTabFta,
    /// Rerouting: scoring in progress; {n} exporters.
    ReroutingScoring,
    /// Rerouting table caption; {shown} of {n}.
    ReroutingCaption,
    /// Rerouting: no exporters in scope.
    ReroutingNone,
    /// Column: rank.
    ColRank,
    /// Column: exporter.
    ColExporter,
    /// Column: exports declared Korean.
    ColKrExports,
    /// Column: matched to Chinese imports.
    ColMatched,
    /// Column: median lag days.
    ColLag,
    /// Column: export/import value ratio.
    ColValueRatio,
    /// Column: manufactures.
    ColManufacturer,
    /// Column: share to US/EU.
    ColUsEu,
    /// Column: evidence.
    ColEvidence,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Unknown value.
    Unknown,
    /// Evidence sentence; {kr} {matched} {lag} {ratio}.
    ReroutingEvidence,
    /// Evidence without matches; {kr}.
    ReroutingNoMatch,
    /// Destination sentence; {share} {shift}.
    ReroutingShift,
    /// Button: export ranked exporters as CSV.
    ReroutingExport,
    /// Attach ranked exporters to a request.
    ReroutingAttach,
    /// Button: open an exporter's flows; {id}.
    ReroutingOpen,
    /// Exporter flows heading; {id}.
    FlowsTitle,
    /// Company facts; {name} {industry} {manufacturer} {factory} {employees}.
    FlowsFacts,
    /// Timeline figure title.
    FlowsTimeline,
    /// Route figure title.
    FlowsSankey,
    /// Flows table caption; {n}.
    FlowsCaption,
    /// No matched flows.
    FlowsNone,
    /// Column: import declaration.
    ColImport,
    /// Column: import date.
    ColImportDate,
    /// Column: export declaration.
    ColExport,
    /// Column: export date.
    ColExportDate,
    /// Column: destination.
    ColDestination,
    /// Column: lag days.
    ColLagDays,
    /// Column: same HS6.
    ColSameHs6,
    /// Column: FOB KRW.
    ColFob,
    /// Widget link: open in the origin page.
    OpenInOrigin,
    /// Column: import value.
    ColImportValue,
    /// FTA filter: agreement.
    FtaAgreement,
    /// FTA filter: all agreements.
    FtaAll,
    /// FTA totals; {claims} {failing} {duty}.
    FtaTotals,
    /// FTA queue caption; {shown}.
    FtaQueueCaption,
    /// FTA totals by office.
    FtaByOffice,
    /// FTA totals by agreement.
    FtaByAgreement,
    /// FTA totals by importer.
    FtaByImporter,
    /// Column: group key.
    ColKey,
    /// Column: claims.
    ColClaims,
    /// Column: failing claims.
    ColFailing,
    /// Column: duty at stake.
    ColDutyAtStake,
    /// Column: declaration.
    ColDeclaration,
    /// Column: date.
    ColDate,
    /// Column: office.
    ColOffice,
    /// Column: importer.
    ColImporter,
    /// Column: origin.
    ColOrigin,
    /// Column: HS6.
    ColHs6,
    /// Column: failed checks.
    ColFailedChecks,
    /// Column: C/O number.
    ColCoNumber,
    /// Column: issuing country.
    ColIssuer,
    /// Button: export verification list.
    FtaExport,
    /// Attach the verification list.
    FtaAttach,
    /// FTA check.
    CheckMissingCertificate,
    /// FTA check.
    CheckMalformedNumber,
    /// FTA check.
    CheckUnregisteredIssuer,
    /// FTA check.
    CheckIssuerCountry,
    /// FTA check.
    CheckIssuedAfterImport,
    /// FTA check.
    CheckCriterionNotMet,
    /// FTA check.
    CheckRvcBelowThreshold,
    /// FTA check.
    CheckNoAgreement,
    /// Page: company risk ranking.
    NavCompanies,
    /// What the company ranking is for.
    CompaniesSummary,
    /// Label: which company model.
    CompaniesModel,
    /// Company model: delinquency.
    ModelDelinquency,
    /// Company model: tax risk.
    ModelTaxRisk,
    /// Companies being scored; {n}.
    CompaniesScoring,
    /// Ranking caption; {shown} of {n}.
    CompaniesCaption,
    /// No company matches.
    CompaniesNone,
    /// Filter option: everything.
    FilterAll,
    /// Filter: audit history.
    FilterAudit,
    /// Audited within {years} years.
    AuditedWithin,
    /// Not audited within {years} years.
    NotAuditedWithin,
    /// Column: company id.
    ColCompany,
    /// Column: name.
    ColName,
    /// Column: industry.
    ColIndustry,
    /// Column: region.
    ColRegion,
    /// Column: business factor.
    ColFactor,
    /// Column: what raised the score.
    ColReasons,
    /// Button: export the ranking.
    CompaniesExport,
    /// Attach the ranking.
    CompaniesAttach,
    /// A company reason; {feature}, {value}, {points}.
    CompanyReason,
    /// Business factor.
    FactorOverdueArrears,
    /// Business factor.
    FactorNationalTaxArrears,
    /// Business factor.
    FactorRecentLatePayments,
    /// Business factor.
    FactorRemittancesOverDeclared,
    /// Business factor.
    FactorAssessedBefore,
    /// Business factor.
    FactorFraudsFound,
    /// Business factor.
    FactorLowComplianceGrade,
    /// No business factor applies.
    FactorNone,
    /// Company feature.
    FeaturePayments,
    /// Company feature.
    FeatureLateShare,
    /// Company feature.
    FeatureMeanLateDays,
    /// Company feature.
    FeatureRecentLateShare,
    /// Company feature.
    FeatureRecentMeanLateDays,
    /// Company feature.
    FeaturePriorLateShare,
    /// Company feature.
    FeatureLateShareTrend,
    /// Company feature.
    FeatureArrears,
    /// Company feature.
    FeatureOutstanding,
    /// Company feature.
    FeatureOldestOverdueDays,
    /// Company feature.
    FeatureDutyYear,
    /// Company feature.
    FeatureDebtRatio,
    /// Company feature.
    FeatureDebtRatioChange,
    /// Company feature.
    FeatureOperatingMargin,
    /// Company feature.
    FeatureOperatingMarginChange,
    /// Company feature.
    FeatureNationalTaxArrears,
    /// Company feature.
    FeatureRevenue,
    /// Company feature.
    FeatureYearsInBusiness,
    /// Company feature.
    FeatureComplianceGrade,
    /// Company feature.
    FeatureEmployees,
    /// Company feature.
    FeatureGoodsRemittanceRatio,
    /// Company feature.
    FeatureRemittanceRatio,
    /// Company feature.
    FeatureServiceRemittanceShare,
    /// Company feature.
    FeatureAudits,
    /// Company feature.
    FeatureAuditsAssessed,
    /// Company feature.
    FeatureYearsSinceAudit,
    /// Company feature.
    FeatureAssessed,
    /// Company feature.
    FeatureManufacturer,
    /// Company feature.
    FeatureFrauds,
    /// Profile heading; {name}.
    CompanyTitle,
    /// What the profile is for.
    CompanySummary,
    /// Profile section.
    CompanyOverview,
    /// Profile section.
    CompanyScores,
    /// Profile section.
    CompanyFinancials,
    /// Profile section.
    CompanyImports,
    /// Profile section.
    CompanyExports,
    /// Profile section.
    CompanyPayments,
    /// Profile section.
    CompanyInspections,
    /// Profile section.
    CompanyAudits,
    /// Profile section.
    CompanyStakeholders,
    /// Profile section.
    CompanyPeers,
    /// Overview: role in the master.
    CompanyRole,
    /// Overview: registration date.
    CompanyRegistered,
    /// Overview: home office.
    CompanyHomeOffice,
    /// Score line; {model}, {score}, {grade}, {cutoff}.
    CompanyScoreNow,
    /// Chart: score by quarter.
    CompanyScoreHistory,
    /// Column: quarter end.
    ColQuarter,
    /// Column: fiscal year.
    ColYear,
    /// Column: filed on.
    ColReported,
    /// Column: assets.
    ColAssets,
    /// Column: lines.
    ColLines,
    /// Column: value.
    ColValueKrw,
    /// Column: month.
    ColMonth,
    /// Chart.
    ChartImportsByMonth,
    /// Chart.
    ChartImportsByHs,
    /// Chart.
    ChartImportsByOrigin,
    /// Chart.
    ChartExportsByMonth,
    /// Chart.
    ChartExportsByDestination,
    /// Payments; {payments}, {assessed}, {late}, {arrears}, {outstanding}.
    PaymentsSummaryLine,
    /// Arrears table caption.
    ArrearsCaption,
    /// Column: due date.
    ColDueDate,
    /// Column: paid date.
    ColPaidDate,
    /// Column: amount.
    ColAmountKrw,
    /// Column: days past due.
    ColDaysOverdue,
    /// Not paid.
    Unpaid,
    /// Inspections; {inspected}, {frauds}, {critical}, {duty}.
    InspectionsLine,
    /// Column: audit id.
    ColAuditId,
    /// Column: audit type.
    ColAuditType,
    /// Column: start.
    ColStart,
    /// Column: end.
    ColEnd,
    /// Column: additional tax.
    ColAdditionalTax,
    /// Column: result.
    ColResult,
    /// Audit type.
    AuditRegular,
    /// Audit type.
    AuditTargeted,
    /// Audit type.
    AuditAdHoc,
    /// Audit result.
    AuditAssessed,
    /// Audit result.
    AuditNoFinding,
    /// Column: role.
    ColRole,
    /// Column: figure.
    ColFigure,
    /// Column: the company's value.
    ColThisCompany,
    /// Column: median of peers.
    ColMedian,
    /// Column: percentile.
    ColPercentile,
    /// Column: peers.
    ColPeers,
    /// Peer figure: import value.
    PeerImportValue,
    /// A profile section without rows.
    CompanyEmpty,
    /// Link from the scoring page.
    CompaniesLink,
    /// Link from a company widget to the ranking.
    OpenInCompanies,
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Ko => ko::text(key),
        Lang::En => en::text(key),
    }
}

/// `template` with each `{name}` replaced by its value in `args` (a name not in `args` stays).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The sentence of `key` in `lang` with its parameters filled.
pub fn textf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    fill(text(lang, key), args)
}

/// The current language, shared through Leptos context. Copy it into closures freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked: a closure that calls it re-runs on a switch).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, not tracked (for one-off computations).
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Switches the language; the choice is persisted by the effect in [`provide_i18n`].
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The text of `key` in the current language (tracked).
    pub fn t(&self, key: Key) -> &'static str {
        text(self.lang.get(), key)
    }

    /// The sentence of `key` in the current language with its parameters filled (tracked).
    pub fn tf(&self, key: Key, args: &[(&str, &str)]) -> String {
        textf(self.lang.get(), key, args)
    }
}

/// Creates the language context from `localStorage` (Korean when absent or unknown), keeps
/// `localStorage`, `<html lang>` and the document title in step with it, and returns it.
pub fn provide_i18n() -> I18n {
    let stored = LocalStorage::get::<String>(STORAGE_KEY)
        .ok()
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default();
    let i18n = I18n {
        lang: RwSignal::new(stored),
    };
    provide_context(i18n);
    Effect::new(move |_| {
        let lang = i18n.lang();
        if let Err(e) = LocalStorage::set(STORAGE_KEY, lang.as_str()) {
            leptos::logging::warn!("cannot persist the language: {e}");
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.as_str());
            }
            doc.set_title(text(lang, Key::AppTitle));
        }
    });
    i18n
}

/// The language context provided by [`provide_i18n`].
///
/// # Panics
/// When called outside the component tree of [`crate::App`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_has_non_empty_text_in_both_languages() {
        for &key in Key::ALL {
            for &lang in Lang::ALL {
                let s = text(lang, key);
                assert!(!s.trim().is_empty(), "{key:?} empty in {lang:?}");
                assert_eq!(s, s.trim(), "{key:?} has stray whitespace in {lang:?}");
            }
        }
    }

    #[test]
    fn korean_table_is_korean_and_english_is_not() {
        let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        // Language names are written in their own language in both tables; units and pure
        // formats (parameters and punctuation only) are the same in both.
        let neutral = [
            Key::LangKo,
            Key::LangEn,
            Key::UnitKg,
            Key::UnitPercent,
            Key::OutputBucket,
            Key::OutputAgg,
            Key::WithUnit,
            Key::CodeName,
            Key::ActivityLine,
            Key::PersonOfOffice,
            Key::OwnerAccess,
            Key::ReasonEffect,
        ];
        for &key in Key::ALL {
            if neutral.contains(&key) {
                continue;
            }
            assert!(hangul(text(Lang::Ko, key)), "{key:?} not Korean");
            assert!(
                !hangul(text(Lang::En, key)),
                "{key:?} has Hangul in English"
            );
        }
        assert_eq!(text(Lang::Ko, Key::LangKo), text(Lang::En, Key::LangKo));
    }

    fn parameters(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn both_languages_take_the_same_parameters() {
        for &key in Key::ALL {
            assert_eq!(
                parameters(text(Lang::Ko, key)),
                parameters(text(Lang::En, key)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn templates_fill_their_parameters() {
        assert_eq!(
            fill("{n}행 · {mb} MB", &[("n", "1,234"), ("mb", "0.5")]),
            "1,234행 · 0.5 MB"
        );
        assert_eq!(fill("{a} {missing}", &[("a", "x")]), "x {missing}");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { end", &[]), "open { end");
        assert_eq!(textf(Lang::En, Key::RowsCount, &[("n", "3")]), "3 rows");
    }

    #[test]
    fn navigation_labels_are_distinct() {
        let nav = [
            Key::NavHome,
            Key::NavDataMap,
            Key::NavAnalysis,
            Key::NavScoring,
            Key::NavNetwork,
            Key::NavRequests,
            Key::NavDashboards,
        ];
        for &lang in Lang::ALL {
            let set: HashSet<_> = nav.iter().map(|&k| text(lang, k)).collect();
            assert_eq!(set.len(), nav.len(), "{lang:?}");
        }
    }

    #[test]
    fn language_codes_round_trip() {
        for &lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.as_str()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::default(), Lang::Ko);
    }
}
