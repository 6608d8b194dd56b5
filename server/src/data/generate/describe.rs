//! Item descriptions in the style of declared trade names, and the quantity units of goods.

use crate::data::profile::Profile;
use crate::data::rng::Rng;

/// Korean names of the 21 HS sections, by chapter range.
pub fn section_ko(chapter: u32) -> &'static str {
    match chapter {
        1..=5 => "동물성 생산품",
        6..=14 => "식물성 생산품",
        15 => "동식물성 유지",
        16..=24 => "조제 식료품",
        25..=27 => "광물성 생산품",
        28..=38 => "화학 공업 생산품",
        39..=40 => "플라스틱·고무 제품",
        41..=43 => "가죽 제품",
        44..=46 => "목재 제품",
        47..=49 => "지류 제품",
        50..=63 => "방직용 섬유 제품",
        64..=67 => "신발·모자류",
        68..=70 => "석·도자·유리 제품",
        71 => "귀금속·보석류",
        72..=83 => "금속 제품",
        84..=85 => "기계·전기 기기",
        86..=89 => "차량·선박·항공기 부품",
        90..=92 => "광학·정밀 기기",
        93 => "무기류",
        94..=96 => "잡품",
        _ => "예술품·골동품",
    }
}

/// An item description in the style of declared trade names, from the HS text of `hs6`.
pub fn describe(profile: &Profile, hs6: &str, rng: &mut Rng) -> String {
    let model = format!(
        "{}{}-{}",
        (b'A' + rng.below(26) as u8) as char,
        (b'A' + rng.below(26) as u8) as char,
        rng.below(9_000) + 100
    );
    let chapter: u32 = hs6[..2].parse().unwrap_or(0);
    if rng.chance(0.3) {
        return format!("{} (MODEL {model})", section_ko(chapter));
    }
    let texts = profile.texts();
    let base = texts
        .subheadings
        .get(hs6)
        .or_else(|| texts.chapters.get(&hs6[..2]))
        .map_or("GOODS", String::as_str);
    let mut parts: Vec<&str> = base
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.retain(|p| !p.eq_ignore_ascii_case("n.e.c.") && !p.starts_with("other"));
    let head = parts.first().copied().unwrap_or("GOODS");
    let pick = rng.below(parts.len().max(2) as u64 - 1) as usize;
    let tail = parts.iter().skip(1).nth(pick).copied();
    let text = match (rng.below(3), tail) {
        (0, Some(t)) => format!("{head}, {t} MODEL {model}"),
        (1, _) => format!("{head} {model}"),
        _ => format!(
            "{head} (PACK OF {})",
            [1, 6, 10, 12, 24, 50][rng.below(6) as usize]
        ),
    };
    if rng.chance(0.6) {
        text.to_uppercase()
    } else {
        text
    }
}

/// The quantity unit of goods and the kilograms per unit.
pub fn quantity_unit(hs6: &str) -> (&'static str, f64) {
    match &hs6[..2] {
        "84" | "85" | "90" | "95" | "87" => ("U", 2.5),
        "22" => ("L", 1.0),
        "61" | "62" | "64" => ("PR", 0.4),
        _ => ("KG", 1.0),
    }
}
