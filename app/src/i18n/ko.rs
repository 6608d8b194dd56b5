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
        Key::NavRequests => "분석의뢰",
        Key::NavDashboards => "내 대시보드",
        Key::HomeSummary => "포털 이용 현황과 내 작업을 한눈에 봅니다.",
        Key::DataMapSummary => "적하목록부터 환급까지, 통관 단계별 데이터와 그 정의를 찾습니다.",
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
    }
}
