//! Ports, calls, vessels and currencies: the arrival side of a generated declaration, all
//! derived from names and days by hashing (no state).

use portal_core::date::civil_from_days;

use crate::data::rng::hash_str;

/// Ports of arrival: (UN/LOCODE, office, transport mode code).
pub const PORTS: [(&str, &str, &str); 6] = [
    ("KRPUS", "20", "10"),
    ("KRINC", "30", "10"),
    ("KRICN", "40", "40"),
    ("KRPTK", "16", "10"),
    ("KRKAN", "62", "10"),
    ("KRUSN", "81", "10"),
];

/// The port of arrival of an office (by transport mode when the office has none).
pub fn port_for(office: &str, mode: &str) -> &'static (&'static str, &'static str, &'static str) {
    PORTS
        .iter()
        .find(|p| p.1 == office)
        .unwrap_or(if mode == "40" { &PORTS[2] } else { &PORTS[0] })
}

/// How many vessel or flight calls `port` has on `day` (3 to 6).
pub fn calls_per_day(port: &str, day: i32) -> u64 {
    3 + hash_str(port, day as u64) % 4
}

/// The id of call `k` of `port` on `day`.
pub fn call_id(port: &str, day: i32, k: u64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{port}{y:04}{m:02}{d:02}{k:02}")
}

/// The vessel or flight of call `k` of `port` on `day`.
pub fn vessel_name(port: &str, day: i32, k: u64, mode: &str) -> String {
    let h = hash_str(port, (day as u64) << 8 | k);
    if mode == "40" {
        const AIRLINES: [&str; 6] = ["KE", "OZ", "CA", "MU", "FX", "5X"];
        format!("{}{:03}", AIRLINES[(h % 6) as usize], (h >> 8) % 900 + 100)
    } else {
        const A: [&str; 8] = [
            "HMM", "MAERSK", "COSCO", "EVER", "ONE", "MSC", "SITC", "KMTC",
        ];
        const B: [&str; 8] = [
            "BUSAN", "HAMBURG", "SHANGHAI", "GLORY", "TOKYO", "PRIDE", "OCEAN", "STAR",
        ];
        format!("{} {}", A[(h % 8) as usize], B[((h >> 8) % 8) as usize])
    }
}

/// A loading port in `country` picked by `h`.
pub fn loading_port(country: &str, h: u64) -> String {
    const KNOWN: [(&str, [&str; 3]); 8] = [
        ("CN", ["CNSHA", "CNNGB", "CNQIN"]),
        ("JP", ["JPTYO", "JPOSA", "JPNGO"]),
        ("US", ["USLAX", "USLGB", "USNYC"]),
        ("VN", ["VNSGN", "VNHPH", "VNSGN"]),
        ("DE", ["DEHAM", "DEBRV", "DEHAM"]),
        ("TW", ["TWKHH", "TWTPE", "TWKEL"]),
        ("HK", ["HKHKG", "HKHKG", "HKHKG"]),
        ("SG", ["SGSIN", "SGSIN", "SGSIN"]),
    ];
    KNOWN
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, ports)| ports[(h % 3) as usize].to_owned())
        .unwrap_or_else(|| format!("{country}ZZZ"))
}

/// The invoice currency of goods from `origin` and its KRW rate.
pub fn currency(origin: &str) -> (&'static str, f64) {
    const EURO: [&str; 12] = [
        "DE", "FR", "IT", "ES", "NL", "BE", "AT", "IE", "FI", "PT", "GR", "LU",
    ];
    match origin {
        "JP" => ("JPY", 9.5),
        "CN" => ("CNY", 170.0),
        "GB" => ("GBP", 1_550.0),
        c if EURO.contains(&c) => ("EUR", 1_330.0),
        _ => ("USD", 1_200.0),
    }
}
