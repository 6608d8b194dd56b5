//! Korean UI text (the default language).

use super::Key;

/// The Korean text of `key`.
pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppTitle => "관세 빅데이터 포털",
        Key::AppTagline => "통관 전 과정의 데이터를 한곳에서",
        Key::SkipToContent => "본문으로 건너뛰기",
        Key::NavLabel => "주 메뉴",
        Key::NavHome => "홈",
        Key::NavDataMap => "데이터 지도",
        Key::NavAnalysis => "셀프 분석",
        Key::NavScoring => "AI 위험 분석",
        Key::PartyImporter => "수입자",
        Key::PartySeller => "해외공급자",
        Key::PartyForwarder => "포워더",
        Key::PartyCarrier => "보세운송업자",
        Key::PartyDeclarant => "신고인(관세사)",
        Key::PartyStorage => "장치장",
        Key::PartyVessel => "선박·항공편",
        Key::NetworkHide => "이 관계자 숨기기",
        Key::NetworkAttach => "관계 CSV를 분석의뢰에 첨부",
        Key::NetworkTimeline => "월별 공동 화물",
        Key::NetworkTimelineWith => "상대 관계자",
        Key::NetworkWidgetSummary => "관계자 {parties}명 · 관계 {edges}건 · 적발 {frauds}건",
        Key::OpenInNetwork => "관계망에서 열기",
        Key::PatternsTitle => "고위험 패턴",
        Key::PatternsSummary => {
            "관세청 공급망 모형의 네 가지 고위험 패턴별로, 함께 나타난 조합의 화물·검사·적발 건수와 적중률, 기준 대비 배율(lift)을 높은 순으로 보여 줍니다."
        }
        Key::PatternsPattern => "패턴",
        Key::Pattern1 => "1. 포워더 + 해외공급자 + 장치장",
        Key::Pattern2 => "2. 보세운송업자 + 도착세관 + 출발국",
        Key::Pattern3 => "3. 수입자 + 도착세관",
        Key::Pattern4 => "4. 수입자 + 품목(HS6)",
        Key::PatternsInspections => "검사",
        Key::PatternsHitRate => "적중률",
        Key::PatternsLift => "배율(lift)",
        Key::PatternsCaption => "조합 {n}개 (배율 높은 순)",
        Key::NavNetwork => "관계망",
        Key::NetworkSummary => {
            "업체 하나를 찾아 함께 화물을 다룬 관계자들의 관계망을 그리고, 중심성·공동체·숨은 공범을 분석합니다."
        }
        Key::NetworkParty => "업체 부호 또는 상호",
        Key::NetworkPartyHint => "예: C000123, 무역",
        Key::NetworkHops => "단계(홉)",
        Key::NetworkMinShipments => "최소 건수",
        Key::NetworkChapter => "HS 류(2자리)",
        Key::NetworkFrom => "시작일",
        Key::NetworkTo => "종료일",
        Key::NetworkSearch => "업체 검색",
        Key::NetworkOpen => "이 부호로 관계망 보기",
        Key::NetworkOf => "{party}의 관계망",
        Key::NetworkShowPicture => "그림으로 보기",
        Key::NetworkShowTable => "표로 보기",
        Key::NetworkAccomplices => "숨은 공범 찾기",
        Key::NetworkExportNodes => "관계자 CSV",
        Key::NetworkExportEdges => "관계 CSV",
        Key::NetworkCounts => "관계자 {parties}명, 관계 {edges}건",
        Key::NetworkLayoutProgress => "배치 {done}/{total}회 (회당 {ms}ms)",
        Key::NetworkMeasured => "공동체 모듈성 {modularity} ({ms}ms)",
        Key::NetworkResults => "검색된 업체",
        Key::NetworkNoResults => {
            "일치하는 업체가 없습니다. 부호를 그대로 넣고 '이 부호로 관계망 보기'를 눌러 보세요."
        }
        Key::NetworkLegend => "범례",
        Key::NetworkFraudRing => "빨간 테두리: 적발 이력",
        Key::NetworkCard => "관계자 정보",
        Key::NetworkPartyId => "부호",
        Key::NetworkRole => "역할",
        Key::NetworkName => "상호",
        Key::NetworkIndustry => "업종 · 지역",
        Key::NetworkGrade => "성실도 등급",
        Key::NetworkShipments => "건수",
        Key::NetworkValue => "금액(원)",
        Key::NetworkFrauds => "적발",
        Key::NetworkPeriod => "기간",
        Key::NetworkDegree => "연결 중심성",
        Key::NetworkBetweenness => "매개 중심성",
        Key::NetworkExpand => "이 관계자 확장",
        Key::NetworkPathToCentre => "중심까지 경로",
        Key::NetworkAccomplicesOf => "이 관계자의 숨은 공범",
        Key::NetworkAccomplicesTitle => "숨은 공범 후보",
        Key::NetworkAccomplicesNote => {
            "적발 이력이 없는 수입자를 시드(적발 관계자)로부터의 개인화 페이지랭크로 순위를 매겼습니다 ({ms}ms). 경로를 누르면 그림에 표시됩니다."
        }
        Key::NetworkScore => "점수",
        Key::NetworkPath => "연결 경로",
        Key::NetworkEvidence => "경로의 화물 건수",
        Key::NetworkPartiesTable => "관계자",
        Key::NetworkEdgesTable => "관계",
        Key::NetworkCommunity => "공동체",
        Key::NetworkSource => "수입자",
        Key::NetworkTarget => "상대",
        Key::NetworkFirstSeen => "최초",
        Key::NetworkLastSeen => "최근",
        Key::NetworkHop => "단계",
        Key::NetworkNoSeeds => {
            "이 관계망에는 적발 이력이 있는 수입자가 없습니다. 관계자를 하나 골라 '이 관계자의 숨은 공범'을 눌러 보세요."
        }
        Key::NetworkPicture => "관계망 그림 (표로 보기에서 같은 내용을 읽을 수 있습니다)",
        Key::NetworkFit => "화면에 맞추기",
        Key::NavRequests => "분석의뢰",
        Key::NavDashboards => "내 대시보드",
        Key::HomeSummary => "포털 이용 현황과 내 작업을 한눈에 봅니다.",
        Key::DataMapSummary => {
            "적하목록부터 환급, 수출과 원산지까지, 통관 단계별 데이터와 그 정의를 찾습니다."
        }
        Key::AnalysisSummary => "코드 없이 데이터를 골라 집계하고 차트로 봅니다.",
        Key::ScoringSummary => {
            "브라우저에서 AI 모델로 신고건의 위험도를 평가하고 HS 코드를 추천받습니다."
        }
        Key::RequestsSummary => "빅데이터센터에 분석을 의뢰하고 진행 단계를 확인합니다.",
        Key::DashboardsSummary => "저장한 분석을 모아 나만의 대시보드로 보고 공유합니다.",
        Key::HomeSectionsHeading => "포털 메뉴",
        Key::InPreparation => "이 화면의 기능은 준비 중입니다.",
        Key::LanguageLabel => "언어 선택",
        Key::LangKo => "한국어",
        Key::LangEn => "English",
        Key::HealthLabel => "서버 상태",
        Key::HealthChecking => "확인 중",
        Key::HealthOk => "정상",
        Key::HealthDown => "응답 없음",
        Key::FooterOperator => "관세청 빅데이터 포털 (데모)",
        Key::NotFoundTitle => "페이지를 찾을 수 없습니다",
        Key::NotFoundBody => "주소가 바뀌었거나 없는 페이지입니다.",
        Key::NotFoundHome => "홈으로 가기",
        Key::DataMapSearchLabel => "데이터 검색",
        Key::DataMapSearchHint => "데이터셋, 컬럼, 설명 (예: 원산지)",
        Key::DataMapNoResults => {
            "검색 결과가 없습니다. 다른 낱말(예: 수입신고, HS, 세관)로 찾거나 아래 목록에서 데이터셋을 고르세요."
        }
        Key::DataMapResults => "검색 결과",
        Key::DataMapFlow => "통관 단계별 데이터 흐름",
        Key::StageArrival => "입항·적하목록",
        Key::StageDeclaration => "수입신고",
        Key::StageInspection => "검사",
        Key::StageDrawback => "환급",
        Key::StageExport => "수출",
        Key::StageOrigin => "원산지",
        Key::StageMaster => "기준 정보",
        Key::StageExternal => "외부 기관 정보",
        Key::StagePayment => "납부",
        Key::StageAudit => "기업 심사",
        Key::RowsUnit => "건",
        Key::RowCount => "건수",
        Key::DateRange => "기간",
        Key::StageLabel => "단계",
        Key::Schema => "스키마 (컬럼 정의)",
        Key::ColumnName => "컬럼",
        Key::ColumnType => "유형",
        Key::ColumnUnit => "단위",
        Key::ColumnDescription => "설명",
        Key::ColumnSensitivity => "민감도",
        Key::SensitivityPublic => "공개",
        Key::SensitivityInternal => "내부",
        Key::SensitivityConfidential => "기밀",
        Key::Lineage => "연계 관계",
        Key::LineageJoins => "연결",
        Key::LineageDerives => "파생",
        Key::FirstRows => "처음 20행 미리보기",
        Key::Loading => "불러오는 중…",
        Key::LoadFailed => "불러오지 못했습니다",
        Key::BackToDataMap => "데이터 지도로 돌아가기",
        Key::NoData => {
            "이 데이터셋에는 아직 데이터가 없습니다. 데이터 준비는 관리자에게 요청하세요."
        }
        Key::NoRows => "조건에 맞는 자료가 없습니다. 기간을 넓히거나 필터를 줄여 다시 실행하세요.",
        Key::LineageGraph => "데이터셋 연계 관계 그래프",
        Key::LoginTitle => "로그인",
        Key::LoginIntro => "관세청 직원 계정으로 로그인하세요.",
        Key::Username => "아이디",
        Key::Password => "비밀번호",
        Key::SignIn => "로그인",
        Key::SignOut => "로그아웃",
        Key::LoginFailed => "아이디 또는 비밀번호가 올바르지 않습니다.",
        Key::LoginThrottled => "로그인 실패가 많아 잠시 후 다시 시도해야 합니다.",
        Key::LoginRequired => "아이디와 비밀번호를 입력하세요.",
        Key::RoleAnalyst => "분석 담당",
        Key::RoleReviewer => "빅데이터센터 검토",
        Key::RoleBureau => "업무국 협조",
        Key::RoleAdmin => "관리자",
        Key::AuditTitle => "감사 로그",
        Key::AuditSummary => "로그인, 데이터 추출과 다운로드 기록을 조회합니다 (관리자 전용).",
        Key::AuditAction => "작업",
        Key::AuditUser => "사용자",
        Key::AuditTime => "시각 (UTC)",
        Key::AuditAddress => "접속 주소",
        Key::AuditDetail => "상세",
        Key::AuditAllActions => "전체 작업",
        Key::AuditApply => "조회",
        Key::AuditMore => "이전 기록 더 보기",
        Key::AuditEmpty => {
            "조건에 맞는 기록이 없습니다. 작업이나 사용자 조건을 비우고 다시 조회하세요."
        }
        Key::Forbidden => "이 화면을 볼 권한이 없습니다.",
        Key::ReqNew => "새 분석의뢰",
        Key::ReqNewTitle => "분석의뢰 신청",
        Key::ReqTitle => "제목",
        Key::ReqPurpose => "분석 목적",
        Key::ReqContent => "분석 내용",
        Key::ReqDatasets => "사용할 데이터",
        Key::ReqDesiredDate => "희망 완료일",
        Key::ReqSubmit => "신청",
        Key::ReqRequired => "제목, 분석 목적, 분석 내용을 모두 입력하세요.",
        Key::ReqTooLong => "제목은 200자, 나머지는 10,000자 이내로 입력하세요.",
        Key::ReqNone => "분석의뢰가 없습니다.",
        Key::ReqProgress => "진행 단계",
        Key::StepApplied => "분석신청",
        Key::StepReview => "검토/승인",
        Key::StepBureau => "업무국 협조",
        Key::StepAnalysis => "분석 진행",
        Key::StepDone => "분석완료",
        Key::StateRejected => "반려",
        Key::StateWithdrawn => "철회",
        Key::StateNeedsChanges => "보완 요청",
        Key::ReqApplicant => "신청자",
        Key::ReqAssigned => "담당",
        Key::ReqResults => "분석 결과",
        Key::ReqHistory => "처리 이력",
        Key::ReqComments => "의견",
        Key::ReqCommentAdd => "의견 남기기",
        Key::ReqCommentSubmit => "등록",
        Key::ReqActions => "처리",
        Key::ActApprove => "승인 및 배정",
        Key::ActReject => "반려",
        Key::ActRequestChanges => "보완 요청",
        Key::ActResubmit => "재신청",
        Key::ActWithdraw => "철회",
        Key::ActConfirm => "협조 확인",
        Key::ActStart => "분석 시작",
        Key::ActComplete => "분석 완료",
        Key::ReqBureauUser => "업무국 담당자 아이디",
        Key::ReqAnalystUser => "분석 담당자 아이디",
        Key::ReqResultLink => "결과 링크 (예: /data-map/import_declaration)",
        Key::ReqNote => "처리 의견",
        Key::ReqConflict => "다른 사용자가 먼저 처리했습니다. 새로 불러왔습니다.",
        Key::Notifications => "알림",
        Key::PersonOfOffice => "{person} ({office})",
        Key::ErrDetailMessage => "오류 코드: {code} — {message}",
        Key::PrecisionRecall => "정밀도 / 재현율",
        Key::ReasonEffect => "{field} (+{points})",
        Key::AttachmentMeta => "{size}바이트 · {uploader}",
        Key::EveryMinutes => "{n}분마다",
        Key::OwnerAccess => "{owner} · {access}",
        Key::NotificationsUnread => "알림 {n}건",
        Key::QueueAll => "전체",
        Key::QueueMine => "내 신청",
        Key::QueueReview => "검토 대기",
        Key::QueueBureau => "협조 대기",
        Key::QueueAssigned => "배정된 분석",
        Key::Queues => "업무 목록",
        Key::ReqAttachments => "첨부 파일",
        Key::ReqAttach => "파일 첨부 (PDF, CSV, 엑셀, 이미지, 10MB 이하)",
        Key::AddAggregate => "집계 추가",
        Key::AddFilter => "필터 추가",
        Key::AddGroup => "그룹 기준 추가",
        Key::AggAvg => "평균",
        Key::AggColumnLabel => "집계 대상 열",
        Key::AggCount => "건수",
        Key::AggCountDistinct => "고유값 수",
        Key::AggFuncLabel => "집계 함수",
        Key::AggMax => "최댓값",
        Key::AggMin => "최솟값",
        Key::AggP50 => "중앙값 (50%)",
        Key::AggP90 => "90% 백분위",
        Key::AggP99 => "99% 백분위",
        Key::AggSum => "합계",
        Key::AggregatesLabel => "집계",
        Key::AutoRefresh => "자동 새로고침",
        Key::BackToDashboards => "← 내 대시보드",
        Key::BucketDay => "일",
        Key::BucketLabel => "날짜 단위",
        Key::BucketMonth => "월",
        Key::BucketWeek => "주",
        Key::BucketYear => "연",
        Key::BuilderHeading => "분석 조건",
        Key::Cancel => "취소",
        Key::ChartBar => "막대",
        Key::ChartCountry => "원산지 국가별 순위",
        Key::ChartHeatmap => "히트맵",
        Key::ChartHistogram => "히스토그램",
        Key::ChartKindLabel => "차트 종류",
        Key::ChartLine => "선 (시계열)",
        Key::ChartNone => "이 결과에는 표가 가장 알맞습니다.",
        Key::ChartScatter => "산점도",
        Key::ChartShowChart => "차트로 보기",
        Key::ChartShowTable => "표로 보기",
        Key::ChartStackedBar => "누적 막대",
        Key::ChartSuggested => "(추천)",
        Key::ChartTable => "표만",
        Key::ChartTruncated => "(상위 항목만 표시)",
        Key::ColumnsLabel => "열 선택 (비우면 전체)",
        Key::CommaSeparated => "쉼표로 구분",
        Key::ConfirmDelete => "이 대시보드를 삭제할까요? 되돌릴 수 없습니다.",
        Key::CreateDashboard => "대시보드 만들기",
        Key::DashboardSettings => "설정과 공유",
        Key::DashboardTitle => "대시보드 제목",
        Key::DatasetLabel => "데이터셋",
        Key::DatasetRanking => "많이 이용한 데이터",
        Key::DatasetsCount => "데이터셋 {n}개",
        Key::Delete => "삭제",
        Key::DownloadLabel => "결과 내려받기:",
        Key::DownloadPng => "PNG 저장",
        Key::DownloadSvg => "SVG 저장",
        Key::Duplicate => "복제",
        Key::FilterColumnLabel => "필터 열",
        Key::FilterOpLabel => "조건",
        Key::FilterValue2Label => "상한",
        Key::FilterValueLabel => "값",
        Key::FiltersLabel => "필터",
        Key::GroupByLabel => "그룹 기준",
        Key::HomeFigures => "포털 현황",
        Key::LimitLabel => "최대 행 수",
        Key::LinkUnreadable => "분석 링크를 읽을 수 없습니다. 새 분석으로 시작합니다.",
        Key::Mine => "내 것",
        Key::MoveEarlier => "앞으로 이동",
        Key::MoveLater => "뒤로 이동",
        Key::MyActivity => "최근 내 활동",
        Key::MyRequests => "내 분석의뢰",
        Key::Narrower => "좁게",
        Key::NewDashboard => "새 대시보드",
        Key::NoDashboards => "아직 대시보드가 없습니다.",
        Key::NoWidgets => "위젯이 없습니다. 셀프 분석에서 결과를 저장하세요:",
        Key::NothingYet => "아직 기록이 없습니다.",
        Key::Off => "끄기",
        Key::OfficeRanking => "세관별 이용 순위",
        Key::OpContains => "포함",
        Key::OpEq => "같음 (=)",
        Key::OpIn => "다음 중 하나",
        Key::OpIsNull => "값 없음",
        Key::OpNotNull => "값 있음",
        Key::OpRange => "범위",
        Key::OpenDashboard => "대시보드 열기",
        Key::OpenInAnalysis => "분석 열기",
        Key::RankingWindow => "순위는 최근 {days}일 기준",
        Key::ReadOnlyShared => "공유받음 (읽기 전용)",
        Key::Refresh => "새로고침",
        Key::RefreshAll => "전체 새로고침",
        Key::Remove => "삭제",
        Key::ResizeColumn => "열 너비 조절",
        Key::ResultTable => "결과 표",
        Key::ResultsHeading => "분석 결과",
        Key::RowsAll => "(행 전체)",
        Key::RunAnalysis => "분석 실행",
        Key::RunCancelled => "분석을 취소했습니다.",
        Key::Save => "저장",
        Key::SaveToDashboard => "대시보드에 저장",
        Key::SavedTo => "저장했습니다.",
        Key::SearchTerms => "인기 검색어",
        Key::Share => "공유 저장",
        Key::ShareWithOffice => "우리 세관 전체와 공유",
        Key::ShareWithUsers => "공유할 사용자 (쉼표로 구분)",
        Key::SharedWithMe => "공유받음",
        Key::Shorter => "낮게",
        Key::SortByColumn => "눌러서 정렬",
        Key::SortDescending => "내림차순",
        Key::SortLabel => "정렬 기준",
        Key::SortNone => "(정렬 안 함)",
        Key::Taller => "높게",
        Key::TotalRecords => "누적 데이터 건수",
        Key::Wider => "넓게",
        Key::WidgetTitle => "위젯 제목",
        Key::WidgetsCount => "{owner} · 위젯 {n}개 · {access}",
        Key::ScoringExtract => "채점할 신고 자료",
        Key::ScoringModel => "모델",
        Key::FraudModelName => "수입신고 우범 모델 (fraud)",
        Key::DateFrom => "시작일",
        Key::DateTo => "종료일",
        Key::OfficeCode => "세관부호",
        Key::RunScoring => "위험도 분석 실행",
        Key::ScoringExtracting => "신고 자료를 불러오는 중",
        Key::ModelDownloading => "모델을 내려받는 중 (처음 한 번)",
        Key::ScoringDone => "채점 완료",
        Key::HsSuggestHeading => "HS 부호 추천",
        Key::ItemDescription => "품명 (한국어·영어·중국어·일본어·베트남어·태국어)",
        Key::Suggest => "추천",
        Key::NoSuggestions => {
            "추천할 부호가 없습니다. 품명을 더 자세히(재질, 용도 포함) 적어 보세요."
        }
        Key::RankedHeading => "위험도 순위",
        Key::InspectionRate => "검사 비율",
        Key::PrCaption => "검사 비율별 정밀도와 재현율 (실제 적발 여부가 있는 자료)",
        Key::Rank => "순위",
        Key::DeclarationId => "신고번호",
        Key::RiskScore => "위험점수",
        Key::Grade => "등급",
        Key::Reasons => "주요 사유",
        Key::KnownFraud => "적발",
        Key::AttachToRequest => "채점 결과를 분석의뢰에 첨부",
        Key::Attach => "첨부",
        Key::Attached => "첨부했습니다:",
        Key::PriceModelName => "수입신고 가격 모델 — 저가신고 의심 (price)",
        Key::BaseRate => "전체 적발률 {p} (무작위 검사의 정밀도)",
        Key::HighRiskModelName => "고위험 신고 모델 — 포털 데이터 (high-risk)",
        Key::SupplyChainModelName => "공급망 모델 — 적하목록 관계자 조합 (supply-chain)",
        Key::SupplyChainNeedsDates => "공급망 모델은 입항일 기간(시작일과 종료일)이 필요합니다.",
        Key::SupplyChainHint => {
            "공급망 모델은 기간 중 입항한 적하목록 건을 관계자 조합(4대 위험 유형과 수입자)의 이전 검사 이력으로 평가합니다. 이력은 조회 권한 범위의 자료로만 계산됩니다."
        }
        Key::ReasonChain => "{what}: 적발률 {pct}% (평균의 {lift}배)",
        Key::ChainConsignee => "수입자 단독",
        Key::ReasonPrice => "신고 단가가 예상의 {pct}%",
        Key::ReasonNoPrice => "단가 없음 (가격 또는 중량 누락)",
        Key::ReasonHsRank => "신고 HS 부호가 품명 기준 {rank}위",
        Key::ReasonHsUnknown => "신고 HS 부호가 HS 2022 품목표에 없음",
        Key::ReasonOrigin => "이 물품 중 해당 원산지 비중 {pct}%",
        Key::ReasonNoCertificate => "원산지증명서 없이 FTA 협정세율 신청",
        Key::ReasonBadCertificate => "원산지증명서가 원산지국 발급 형식이 아님",
        Key::ReasonFtaClaim => "FTA 협정세율 신청",
        Key::ReasonImporterHistory => "수입자 이전 신고 적발률 {pct}%",
        Key::ReasonSellerHistory => "해외거래처 이전 신고 적발률 {pct}%",
        Key::ReasonDeclarantHistory => "신고인 이전 신고 적발률 {pct}%",
        Key::ReasonProfile => "세관·신고 유형·품목 구성",
        Key::ExpectedUnitValue => "예상 단가 (원/kg)",
        Key::DeclaredUnitValue => "신고 단가 (원/kg)",
        Key::ValueRatio => "신고/예상",
        Key::ShortfallScore => "저가 점수",
        Key::LikelyUndervalued => "저가 의심",
        Key::KnownUndervaluation => "실제 저가",
        Key::FlaggedBelowHalf => "건이 예상 단가의 50% 미만으로 신고되었습니다.",
        Key::SaveScoredHint => {
            "대시보드 위젯은 열 때마다 같은 조건의 자료를 브라우저에서 다시 채점합니다."
        }
        Key::ScoredWidgetTop => "위험 상위",
        Key::OpenInStudio => "AI 위험 분석에서 열기",
        Key::PriceBasis => "근거",
        Key::ErrRouteNotFound => {
            "요청한 기능이 서버에 없습니다. 화면을 새로 고치고, 계속되면 관리자에게 알려 주세요."
        }
        Key::ErrMethodNotAllowed => {
            "이 기능은 그런 방식으로 요청할 수 없습니다. 화면을 새로 고쳐 다시 시도하세요."
        }
        Key::ErrInvalidJson => {
            "보낸 내용을 서버가 읽지 못했습니다. 화면을 새로 고쳐 다시 입력하세요."
        }
        Key::ErrBadRequest => "입력한 값이 올바르지 않습니다. 값을 고쳐 다시 시도하세요.",
        Key::ErrNotFound => "찾는 항목이 없거나 볼 권한이 없습니다. 목록에서 다시 고르세요.",
        Key::ErrInvalidInput => {
            "입력한 내용에 맞지 않는 값이 있습니다. 각 항목을 확인하고 다시 저장하세요."
        }
        Key::ErrUnknownDataset => "없는 데이터셋입니다. 데이터 지도에서 데이터셋을 고르세요.",
        Key::ErrUnknownColumn => {
            "데이터셋이나 결과에 없는 컬럼을 썼습니다. 컬럼과 정렬 기준을 다시 고르세요."
        }
        Key::ErrTypeMismatch => {
            "값의 형식이 컬럼과 맞지 않습니다(예: 숫자 컬럼에 글자). 조건의 값을 고치세요."
        }
        Key::ErrInvalidSpec => {
            "분석 설정이 서로 맞지 않습니다. 집계, 컬럼 선택과 조건을 확인하세요."
        }
        Key::ErrTooManyRows => {
            "한 번에 가져올 수 있는 행 수를 넘었습니다. 행 수 제한을 줄이거나 집계하세요."
        }
        Key::ErrSpecTooLarge => {
            "분석 설정이 너무 큽니다(조건, 그룹 기준, 집계 수나 글자 수). 설정을 줄여 다시 실행하세요."
        }
        Key::ErrWeakPassword => {
            "비밀번호는 12자 이상이어야 하며, 사용자 이름을 포함하거나 흔한 비밀번호일 수 없습니다. 다른 비밀번호를 입력하세요."
        }
        Key::ErrBusy => "지금 실행 중인 분석이 많습니다. 잠시 후 다시 실행하세요.",
        Key::ErrQueryTimeout => {
            "분석이 허용 시간을 넘었습니다. 기간이나 조건을 좁혀 다시 실행하세요."
        }
        Key::ErrQueryTooLarge => {
            "분석에 필요한 메모리가 서버가 한 번에 허용하는 양을 넘었습니다. 기간이나 세관, 그룹을 좁혀 다시 실행하세요."
        }
        Key::ErrDataUnavailable => {
            "이 서버에 해당 데이터나 모델이 준비되지 않았습니다. 잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요."
        }
        Key::ErrUnauthenticated => {
            "로그인이 필요합니다(세션이 끝났을 수 있습니다). 다시 로그인하세요."
        }
        Key::ErrInvalidCredentials => "아이디 또는 비밀번호가 올바르지 않습니다. 다시 입력하세요.",
        Key::ErrCsrfRejected => {
            "화면의 보안 토큰이 맞지 않습니다. 화면을 새로 고친 뒤 다시 시도하세요."
        }
        Key::ErrTooManyAttempts => "시도가 너무 많습니다. 잠시 기다린 뒤 다시 시도하세요.",
        Key::ErrForbidden => {
            "이 작업을 할 권한이 없습니다. 필요하면 권한이 있는 담당자에게 요청하세요."
        }
        Key::ErrConflict => {
            "다른 사용자가 먼저 바꾸었습니다. 새로 불러온 내용을 확인하고 다시 시도하세요."
        }
        Key::ErrWrongState => {
            "지금 단계에서는 할 수 없는 작업입니다. 새로 고쳐 진행 상태를 확인하세요."
        }
        Key::ErrPayloadTooLarge => "파일이나 내용이 너무 큽니다. 크기를 줄여 다시 올리세요.",
        Key::ErrInternal => {
            "서버에서 처리하지 못했습니다. 잠시 후 다시 시도하고, 계속되면 관리자에게 오류 코드를 알려 주세요."
        }
        Key::ErrNetwork => "포털 서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도하세요.",
        Key::ErrHttp => "서버가 오류로 응답했습니다(HTTP {status}). 잠시 후 다시 시도하세요.",
        Key::ErrDecode => "서버의 응답을 읽을 수 없습니다. 화면을 새로 고쳐 다시 시도하세요.",
        Key::ErrWorker => {
            "AI 모델을 실행하지 못했습니다. 다시 실행하고, 계속되면 관리자에게 알려 주세요."
        }
        Key::FieldDataset => "데이터셋: {problem}",
        Key::FieldFilter => "조건 {n}: {problem}",
        Key::FieldGroupBy => "그룹 기준 {n}: {problem}",
        Key::FieldAggregate => "집계 {n}: {problem}",
        Key::FieldLimit => "행 수 제한: {problem}",
        Key::ProblemPickDataset => "데이터셋을 고르세요.",
        Key::ProblemPickColumn => "컬럼을 고르세요.",
        Key::ProblemPickOperator => "이 컬럼에 맞는 조건을 고르세요.",
        Key::ProblemEnterValue => "값을 입력하세요.",
        Key::ProblemNotWholeNumber => "'{text}'은(는) 정수가 아닙니다.",
        Key::ProblemNotNumber => "'{text}'은(는) 숫자가 아닙니다.",
        Key::ProblemNotDate => "'{text}'은(는) 날짜(YYYY-MM-DD)가 아닙니다.",
        Key::ProblemNotBool => "'{text}'은(는) 예/아니오가 아닙니다.",
        Key::ProblemEnterValues => "쉼표로 나눈 값을 입력하세요.",
        Key::ProblemEnterBound => "하한이나 상한을 입력하세요.",
        Key::ProblemEnterText => "찾을 글자를 입력하세요.",
        Key::ProblemUnknownBucket => "알 수 없는 날짜 단위입니다: {text}",
        Key::ProblemBucketNeedsDate => "날짜 단위는 날짜 컬럼에만 쓸 수 있습니다.",
        Key::ProblemUnknownFunction => "알 수 없는 집계 함수입니다: {text}",
        Key::ProblemNeedsNumber => "이 집계에는 숫자 컬럼이 필요합니다.",
        Key::ProblemPositiveLimit => "1 이상의 정수를 입력하세요.",
        Key::ProblemNeedsLimit => {
            "집계하지 않는 분석에는 행 수 제한이 필요합니다. 제한을 넣거나 그룹 기준을 추가하세요."
        }
        Key::ResultStatus => "{rows}행 · {mb} MB · {ms} ms (수신과 디코딩)",
        Key::RowsCount => "{n}행",
        Key::ProgressRows => "{rows}행 · {mb} MB",
        Key::ChartSummaryScatter => "{kind}: {x} 대비 {y}, 점 {n}개, 상관계수 {r}.",
        Key::ChartSummaryEmpty => "{kind}: 표시할 값이 없습니다.",
        Key::ChartSummaryLine => {
            "{kind}: {x}별 {y}, {first} ~ {last} 구간 {n}개, 최고 {hi} ({hi_v}), 최저 {lo} ({lo_v})."
        }
        Key::ChartSummaryBars => {
            "{kind}: {x}별 {y}, 항목 {n}개, 최고 {hi} ({hi_v}), 최저 {lo} ({lo_v})."
        }
        Key::ChartSummarySeries => {
            "{kind}: {x}별 {y}, 항목 {n}개 × 계열 {s}개, 최고 {hi} ({hi_v}), 최저 {lo} ({lo_v})."
        }
        Key::CorrelationUndefined => "계산 불가",
        Key::HistogramCount => "건수",
        Key::ScoringProgress => "{done} / {total}건",
        Key::InspectionSplit => "상위 {rate}%: 검사 {k}건 · 신속통관 {rest}건",
        Key::BasisOrigin => "같은 HS6·원산지 {n}건",
        Key::BasisHs6 => "같은 HS6 {n}건",
        Key::BasisParent => "상위 분류(호·류)",
        Key::FlaggedCount => "{flagged} / {total}건이 예상 단가의 50% 미만으로 신고되었습니다.",
        Key::ScoredWidgetSummary => "{rows}건 중 상위 5%: 검사 {k}건",
        Key::OutputCount => "건수",
        Key::OutputAgg => "{column} {func}",
        Key::OutputBucket => "{column} ({bucket})",
        Key::OutputPercentile => "{column} {p}백분위",
        Key::WithUnit => "{label} ({unit})",
        Key::CodeName => "{name} ({code})",
        Key::UnitWon => "원",
        Key::UnitEok => "억 원",
        Key::UnitKg => "kg",
        Key::UnitPercent => "%",
        Key::UnitCount => "건",
        Key::ActivityLine => "{action}: {subject}",
        Key::HomeNoActivity => {
            "아직 활동 기록이 없습니다. 데이터 지도에서 데이터를 찾거나 셀프 분석을 시작해 보세요."
        }
        Key::HomeNoDashboards => {
            "저장한 대시보드가 없습니다. 셀프 분석 결과를 대시보드에 저장해 보세요."
        }
        Key::HomeNoRequests => "분석의뢰가 없습니다. 분석이 필요하면 새 분석의뢰를 신청하세요.",
        Key::RankingEmpty => "최근 {days}일 동안 기록이 없습니다.",
        Key::AuditLoginSuccess => "로그인",
        Key::AuditLoginFailure => "로그인 실패",
        Key::AuditLoginThrottled => "로그인 제한",
        Key::AuditLogout => "로그아웃",
        Key::AccountTitle => "내 계정",
        Key::AccountSummary => "로그인 정보, 비밀번호와 세션을 관리합니다.",
        Key::CurrentPassword => "현재 비밀번호",
        Key::NewPassword => "새 비밀번호",
        Key::ConfirmPassword => "새 비밀번호 확인",
        Key::ChangePassword => "비밀번호 변경",
        Key::PasswordChangedNotice => {
            "비밀번호를 바꿨습니다. 다른 기기의 세션은 로그아웃되었습니다."
        }
        Key::PasswordsDiffer => "새 비밀번호 두 개가 다릅니다. 같은 비밀번호를 두 번 입력하세요.",
        Key::PasswordTooShort => "비밀번호는 {min}자 이상이어야 합니다.",
        Key::PasswordHasUsername => "비밀번호에 사용자 이름을 넣을 수 없습니다.",
        Key::PasswordIsCommon => "너무 흔한 비밀번호입니다. 다른 비밀번호를 고르세요.",
        Key::SignOutEverywhere => "모든 기기에서 로그아웃",
        Key::SignOutEverywhereHint => "이 컴퓨터를 포함해 모든 컴퓨터의 세션을 끝냅니다.",
        Key::UsersTitle => "사용자 관리",
        Key::UsersSummary => {
            "계정을 만들고 역할·소속을 바꾸며, 계정 사용 중지와 비밀번호 재설정을 합니다."
        }
        Key::DisplayName => "표시 이름",
        Key::RoleLabel => "역할",
        Key::OfficeLabel => "소속 세관",
        Key::AccountState => "상태",
        Key::AccountActive => "사용 중",
        Key::AccountDisabled => "사용 중지",
        Key::DisableAccount => "사용 중지",
        Key::EnableAccount => "다시 사용",
        Key::ResetPassword => "비밀번호 재설정",
        Key::CreateUser => "계정 만들기",
        Key::UserCreatedNotice => "{user} 계정을 만들었습니다.",
        Key::PasswordResetNotice => {
            "{user}의 비밀번호를 새로 정했고, 그 사용자의 세션은 로그아웃되었습니다."
        }
        Key::NewPasswordFor => "{user}의 새 비밀번호",
        Key::Actions => "작업",
        Key::AuditLogoutEverywhere => "모든 기기에서 로그아웃",
        Key::AuditPasswordChanged => "비밀번호 변경",
        Key::AuditUserCreated => "사용자 생성",
        Key::AuditUserUpdated => "사용자 정보 변경",
        Key::AuditPasswordReset => "비밀번호 재설정",
        Key::AuditExtractStarted => "데이터 추출 시작",
        Key::AuditExtractRefused => "데이터 추출 거부",
        Key::AuditModelDownloaded => "모델 내려받기",
        Key::AuditPatternsRead => "위험 유형 통계 조회",
        Key::AuditNetworkRead => "관계망 조회",
        Key::AuditShipmentsRead => "공급망 모델 적하목록 조회",
        Key::AuditOriginRead => "원산지 분석 수출자 조회",
        Key::AuditFtaQueueRead => "FTA 검증 대상 조회",
        Key::AuditCompanyScoresRead => "업체 위험 순위 조회",
        Key::AuditCompanyProfileRead => "업체 프로파일 조회",
        Key::AuditAttachmentDownloaded => "첨부파일 내려받기",
        Key::AuditExtract => "데이터 추출",
        Key::AuditDownload => "다운로드",
        Key::AuditCatalogSearch => "데이터 검색",
        Key::AuditRequestCreated => "분석의뢰 신청",
        Key::AuditRequestTransition => "분석의뢰 처리",
        Key::AuditRequestComment => "분석의뢰 의견",
        Key::AuditAttachmentAdded => "파일 첨부",
        Key::AuditDashboardCreated => "대시보드 생성",
        Key::AuditDashboardUpdated => "대시보드 수정",
        Key::AuditWidgetAdded => "위젯 추가",
        Key::AuditDashboardDeleted => "대시보드 삭제",
        Key::AuditDashboardShared => "대시보드 공유",
        Key::UnitWonPerKg => "원/kg",
        Key::Precision => "정밀도",
        Key::Recall => "재현율",
        Key::RateMetrics => "정밀도 {p} · 재현율 {r}",
        Key::ErrBrowser => "브라우저에서 처리하지 못했습니다. 화면을 새로 고쳐 다시 시도하세요.",
        Key::ChartNameBar => "막대 차트",
        Key::ChartNameStackedBar => "누적 막대 차트",
        Key::ChartNameLine => "선 차트",
        Key::ChartNameScatter => "산점도",
        Key::ChartNameHistogram => "히스토그램",
        Key::ChartNameHeatmap => "히트맵",
        Key::ChartNameCountry => "원산지 국가별 순위 막대",
        Key::ChartNameTable => "표",
        Key::TypeText => "문자",
        Key::TypeInt => "정수",
        Key::TypeFloat => "숫자",
        Key::TypeDate => "날짜",
        Key::TypeBool => "예/아니오",
        Key::NavOrigin => "원산지 분석",
        Key::OriginSummary => {
            "국산으로 가장한 우회수출 위험 수출자와 FTA 특혜 적용의 검증 대상을 조회 권한 범위의 자료로 찾습니다."
        }
        Key::OriginTabRerouting => "우회수출 (국산 가장)",
        Key::OriginTabFta => "FTA 검증",
        Key::ReroutingScoring => "수출자 {n}명을 브라우저에서 평가하는 중…",
        Key::ReroutingCaption => {
            "위험도 상위 {shown}명 (수출자 {n}명 중, 모델은 브라우저에서 실행)"
        }
        Key::ReroutingNone => "조회 범위에 수출자가 없습니다.",
        Key::ColRank => "순위",
        Key::ColExporter => "수출자",
        Key::ColKrExports => "국산 신고 수출",
        Key::ColMatched => "중국산 수입과 일치",
        Key::ColLag => "중간 시차(일)",
        Key::ColValueRatio => "수출가/수입가",
        Key::ColManufacturer => "제조 여부",
        Key::ColUsEu => "미국·EU 비중",
        Key::ColEvidence => "근거",
        Key::Yes => "예",
        Key::No => "아니오",
        Key::Unknown => "미상",
        Key::ReroutingEvidence => {
            "국산 신고 수출 {kr}건 중 {matched}건이 90일 이내 같은 HS6의 자사 중국산 수입과 이어짐 (중간 {lag}일, 수출가 {ratio}배)"
        }
        Key::ReroutingNoMatch => "국산 신고 수출 {kr}건 중 자사 중국산 수입과 이어지는 건 없음",
        Key::ReroutingShift => "미국·EU 수출 비중 {share}%, 이전 대비 변화 {shift}%p",
        Key::ReroutingExport => "순위 CSV 내려받기",
        Key::ReroutingAttach => "수출자 순위 CSV를 분석의뢰에 첨부",
        Key::ReroutingOpen => "{id} 흐름 보기",
        Key::FlowsTitle => "{id}의 수입→수출 흐름",
        Key::FlowsFacts => {
            "{name} · 업종 {industry} · 제조 {manufacturer} · 공장 등록 {factory} · 종업원 {employees}명"
        }
        Key::FlowsTimeline => "시간선: 중국산 수입(위)과 이어진 수출(아래)",
        Key::FlowsSankey => "흐름: 원산지 → 한국 → 목적국 (국산 신고 수출, FOB 기준)",
        Key::FlowsCaption => "중국산 수입과 이어진 수출 {n}건",
        Key::FlowsNone => "중국산 수입과 이어진 수출이 없습니다.",
        Key::ColImport => "수입신고",
        Key::ColImportDate => "수입일",
        Key::ColExport => "수출신고",
        Key::ColExportDate => "수출일",
        Key::ColDestination => "목적국",
        Key::ColLagDays => "시차(일)",
        Key::ColSameHs6 => "같은 HS6",
        Key::ColFob => "FOB(원)",
        Key::OpenInOrigin => "원산지 분석에서 열기",
        Key::ColImportValue => "수입가(원)",
        Key::FtaAgreement => "협정",
        Key::FtaAll => "전체 협정",
        Key::FtaTotals => {
            "FTA 특혜 신고 {claims}건 중 {failing}건이 검증에 실패, 위험 관세 {duty}원"
        }
        Key::FtaQueueCaption => "검증 우선순위 상위 {shown}건 (위험도, 위험 관세 순)",
        Key::FtaByOffice => "세관별",
        Key::FtaByAgreement => "협정별",
        Key::FtaByImporter => "수입자별 (위험 관세 상위 20)",
        Key::ColKey => "구분",
        Key::ColClaims => "신고 건수",
        Key::ColFailing => "검증 실패",
        Key::ColDutyAtStake => "위험 관세(원)",
        Key::ColDeclaration => "신고번호",
        Key::ColDate => "일자",
        Key::ColOffice => "세관",
        Key::ColImporter => "수입자",
        Key::ColOrigin => "원산지",
        Key::ColHs6 => "HS 6단위",
        Key::ColFailedChecks => "실패한 검증",
        Key::ColCoNumber => "원산지증명서 번호",
        Key::ColIssuer => "발급 국가",
        Key::FtaExport => "검증 대상 CSV 내려받기",
        Key::FtaAttach => "검증 대상 CSV를 분석의뢰에 첨부",
        Key::CheckMissingCertificate => "원산지증명서 없음",
        Key::CheckMalformedNumber => "증명서 번호 형식 오류",
        Key::CheckUnregisteredIssuer => "미등록 발급기관",
        Key::CheckIssuerCountry => "발급국과 원산지 불일치",
        Key::CheckIssuedAfterImport => "수입 후 발급",
        Key::CheckCriterionNotMet => "원산지 기준 불충족",
        Key::CheckRvcBelowThreshold => "부가가치 기준 미달",
        Key::CheckNoAgreement => "적용 가능한 협정 없음",
    }
}
