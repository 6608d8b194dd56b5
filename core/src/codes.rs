//! Names of the codes that appear in the datasets' country columns (ISO 3166-1 alpha-2, as the
//! CDD writes them), in Korean and English, for labelling code values beside their codes.

/// (code, Korean name, English name), sorted by code.
pub const COUNTRIES: [(&str, &str, &str); 127] = [
    ("AE", "아랍에미리트", "United Arab Emirates"),
    ("AL", "알바니아", "Albania"),
    ("AM", "아르메니아", "Armenia"),
    ("AR", "아르헨티나", "Argentina"),
    ("AS", "아메리칸사모아", "American Samoa"),
    ("AT", "오스트리아", "Austria"),
    ("AU", "호주", "Australia"),
    ("AZ", "아제르바이잔", "Azerbaijan"),
    ("BA", "보스니아 헤르체고비나", "Bosnia and Herzegovina"),
    ("BD", "방글라데시", "Bangladesh"),
    ("BE", "벨기에", "Belgium"),
    ("BG", "불가리아", "Bulgaria"),
    ("BH", "바레인", "Bahrain"),
    ("BN", "브루나이", "Brunei"),
    ("BR", "브라질", "Brazil"),
    ("BV", "부베섬", "Bouvet Island"),
    ("BW", "보츠와나", "Botswana"),
    ("CA", "캐나다", "Canada"),
    ("CD", "콩고민주공화국", "DR Congo"),
    ("CH", "스위스", "Switzerland"),
    ("CL", "칠레", "Chile"),
    ("CN", "중국", "China"),
    ("CO", "콜롬비아", "Colombia"),
    ("CR", "코스타리카", "Costa Rica"),
    ("CZ", "체코", "Czechia"),
    ("DE", "독일", "Germany"),
    ("DJ", "지부티", "Djibouti"),
    ("DK", "덴마크", "Denmark"),
    ("DO", "도미니카공화국", "Dominican Republic"),
    ("EC", "에콰도르", "Ecuador"),
    ("EE", "에스토니아", "Estonia"),
    ("EG", "이집트", "Egypt"),
    ("ES", "스페인", "Spain"),
    ("ET", "에티오피아", "Ethiopia"),
    ("FI", "핀란드", "Finland"),
    ("FJ", "피지", "Fiji"),
    ("FR", "프랑스", "France"),
    ("GB", "영국", "United Kingdom"),
    ("GG", "건지", "Guernsey"),
    ("GH", "가나", "Ghana"),
    ("GM", "감비아", "Gambia"),
    ("GN", "기니", "Guinea"),
    ("GR", "그리스", "Greece"),
    ("GT", "과테말라", "Guatemala"),
    ("GU", "괌", "Guam"),
    ("GW", "기니비사우", "Guinea-Bissau"),
    ("HK", "홍콩", "Hong Kong"),
    ("HN", "온두라스", "Honduras"),
    ("HR", "크로아티아", "Croatia"),
    ("HT", "아이티", "Haiti"),
    ("HU", "헝가리", "Hungary"),
    ("ID", "인도네시아", "Indonesia"),
    ("IE", "아일랜드", "Ireland"),
    ("IL", "이스라엘", "Israel"),
    ("IN", "인도", "India"),
    ("IQ", "이라크", "Iraq"),
    ("IR", "이란", "Iran"),
    ("IT", "이탈리아", "Italy"),
    ("JO", "요르단", "Jordan"),
    ("JP", "일본", "Japan"),
    ("KE", "케냐", "Kenya"),
    ("KH", "캄보디아", "Cambodia"),
    ("KR", "대한민국", "South Korea"),
    ("KZ", "카자흐스탄", "Kazakhstan"),
    ("LA", "라오스", "Laos"),
    ("LB", "레바논", "Lebanon"),
    ("LI", "리히텐슈타인", "Liechtenstein"),
    ("LK", "스리랑카", "Sri Lanka"),
    ("LT", "리투아니아", "Lithuania"),
    ("LU", "룩셈부르크", "Luxembourg"),
    ("LV", "라트비아", "Latvia"),
    ("MA", "모로코", "Morocco"),
    ("MD", "몰도바", "Moldova"),
    ("MG", "마다가스카르", "Madagascar"),
    ("ML", "말리", "Mali"),
    ("MM", "미얀마", "Myanmar"),
    ("MN", "몽골", "Mongolia"),
    ("MO", "마카오", "Macao"),
    ("MP", "북마리아나 제도", "Northern Mariana Islands"),
    ("MT", "몰타", "Malta"),
    ("MX", "멕시코", "Mexico"),
    ("MY", "말레이시아", "Malaysia"),
    ("NG", "나이지리아", "Nigeria"),
    ("NI", "니카라과", "Nicaragua"),
    ("NL", "네덜란드", "Netherlands"),
    ("NO", "노르웨이", "Norway"),
    ("NP", "네팔", "Nepal"),
    ("NZ", "뉴질랜드", "New Zealand"),
    ("OM", "오만", "Oman"),
    ("PA", "파나마", "Panama"),
    ("PE", "페루", "Peru"),
    ("PG", "파푸아뉴기니", "Papua New Guinea"),
    ("PH", "필리핀", "Philippines"),
    ("PK", "파키스탄", "Pakistan"),
    ("PL", "폴란드", "Poland"),
    ("PR", "푸에르토리코", "Puerto Rico"),
    ("PT", "포르투갈", "Portugal"),
    ("QA", "카타르", "Qatar"),
    ("RO", "루마니아", "Romania"),
    ("RS", "세르비아", "Serbia"),
    ("RU", "러시아", "Russia"),
    ("SA", "사우디아라비아", "Saudi Arabia"),
    ("SD", "수단", "Sudan"),
    ("SE", "스웨덴", "Sweden"),
    ("SG", "싱가포르", "Singapore"),
    ("SI", "슬로베니아", "Slovenia"),
    ("SK", "슬로바키아", "Slovakia"),
    ("SN", "세네갈", "Senegal"),
    ("SV", "엘살바도르", "El Salvador"),
    ("SZ", "에스와티니", "Eswatini"),
    ("TG", "토고", "Togo"),
    ("TH", "태국", "Thailand"),
    ("TN", "튀니지", "Tunisia"),
    ("TR", "튀르키예", "Türkiye"),
    ("TT", "트리니다드 토바고", "Trinidad and Tobago"),
    ("TW", "대만", "Taiwan"),
    ("UA", "우크라이나", "Ukraine"),
    ("UG", "우간다", "Uganda"),
    ("US", "미국", "United States"),
    ("UY", "우루과이", "Uruguay"),
    ("UZ", "우즈베키스탄", "Uzbekistan"),
    ("VE", "베네수엘라", "Venezuela"),
    ("VN", "베트남", "Viet Nam"),
    ("WS", "사모아", "Samoa"),
    ("YE", "예멘", "Yemen"),
    ("ZA", "남아프리카공화국", "South Africa"),
    ("ZZ", "미상", "Unknown"),
];

/// The Korean and English names of country `code`.
pub fn country(code: &str) -> Option<(&'static str, &'static str)> {
    COUNTRIES
        .binary_search_by(|(c, _, _)| (*c).cmp(code))
        .ok()
        .map(|i| (COUNTRIES[i].1, COUNTRIES[i].2))
}

/// Whether a column holds country codes (origin, departure and similar columns).
pub fn is_country_column(name: &str) -> bool {
    name.starts_with("country") || name.contains("origin_country")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_found() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(country("CN"), Some(("중국", "China")));
        assert_eq!(country("KR").map(|c| c.1), Some("South Korea"));
        assert_eq!(country("XX"), None);
        assert!(is_country_column("country_origin"));
        assert!(!is_country_column("office_id"));
    }
}
