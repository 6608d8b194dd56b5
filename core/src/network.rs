//! The stakeholder network (관계망): who ships with whom. A shipment is a manifest line with its
//! declaration; it ties its consignee to each other party on it (seller, forwarder, bonded
//! carrier, declarant, storage location, vessel or flight). An edge is every shipment between
//! two parties, with its count, customs value, frauds and first and last arrival. An ego network
//! is the edges reached from one party in 1 to [`MAX_HOPS`] hops, under filters and a cap on
//! edges (`GET /api/network/ego`, served as Arrow).

use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// The role of the party at an edge's far end (the near end is always the consignee).
    pub enum PartyRole {
        /// Overseas seller (consignor), `S…`.
        Seller = "seller",
        /// Freight forwarder, `F…`.
        Forwarder = "forwarder",
        /// Bonded carrier, `T…`.
        Carrier = "carrier",
        /// Declarant (customs broker), `B…`.
        Declarant = "declarant",
        /// Planned storage location, `W…`.
        Storage = "storage",
        /// Vessel or flight.
        Vessel = "vessel",
    }
}

impl PartyRole {
    /// The shipment column the party is read from, and whether it is on the declaration (else
    /// on the manifest).
    pub fn column(self) -> (&'static str, bool) {
        match self {
            PartyRole::Seller => ("consignor_id", false),
            PartyRole::Forwarder => ("forwarder_id", false),
            PartyRole::Carrier => ("carrier_id", false),
            PartyRole::Declarant => ("declarant_id", true),
            PartyRole::Storage => ("storage_location", false),
            PartyRole::Vessel => ("vessel_flight", false),
        }
    }
}

/// Most hops an ego network reaches.
pub const MAX_HOPS: u8 = 3;
/// Edges an ego network may hold unless asked for fewer.
pub const DEFAULT_MAX_EDGES: u64 = 20_000;
/// Most edges an ego network may hold.
pub const MAX_EDGES: u64 = 50_000;

/// The answer's columns, in order.
pub const EDGE_COLUMNS: [&str; 9] = [
    "source",
    "target",
    "target_role",
    "shipments",
    "value",
    "frauds",
    "first_seen",
    "last_seen",
    "hop",
];

/// Query of `GET /api/network/ego`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EgoQuery {
    /// The party at the centre (any role's id, or a vessel's name).
    pub party: String,
    /// Hops from it, 1 to [`MAX_HOPS`] (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hops: Option<u8>,
    /// First arrival day counted (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last arrival day counted (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Only shipments of this HS chapter (two digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Edges with fewer shipments are left out and not followed (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_shipments: Option<u64>,
    /// Most edges; more is refused, never cut (default [`DEFAULT_MAX_EDGES`], at most
    /// [`MAX_EDGES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_edges: Option<u64>,
    /// Comma-separated roles of the far ends to follow (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<String>,
}

/// An [`EgoQuery`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgoBounds {
    /// The centre.
    pub party: String,
    /// Hops.
    pub hops: u8,
    /// Inclusive day range.
    pub from: Option<i32>,
    /// Inclusive day range.
    pub to: Option<i32>,
    /// HS chapter.
    pub chapter: Option<String>,
    /// Least shipments of an edge.
    pub min_shipments: u64,
    /// Most edges.
    pub max_edges: u64,
    /// Roles followed.
    pub roles: Vec<PartyRole>,
}

/// Why an [`EgoQuery`] was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEgoQuery(pub String);

impl EgoQuery {
    /// Checks the query.
    pub fn validate(&self) -> Result<EgoBounds, BadEgoQuery> {
        let bad = |m: String| Err(BadEgoQuery(m));
        let party = self.party.trim();
        if party.is_empty() || party.len() > 64 {
            return bad("party must be an id or vessel name of 1 to 64 characters".into());
        }
        let hops = self.hops.unwrap_or(1);
        if !(1..=MAX_HOPS).contains(&hops) {
            return bad(format!("hops must be between 1 and {MAX_HOPS}"));
        }
        let day = |s: &Option<String>, name: &str| match s {
            None => Ok(None),
            Some(s) => crate::date::parse_days(s)
                .map(Some)
                .ok_or_else(|| BadEgoQuery(format!("{name} '{s}' is not a date (YYYY-MM-DD)"))),
        };
        let (from, to) = (day(&self.from, "from")?, day(&self.to, "to")?);
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return bad("from is after to".into());
        }
        if let Some(c) = &self.chapter
            && (c.len() != 2 || !c.bytes().all(|b| b.is_ascii_digit()))
        {
            return bad(format!("chapter '{c}' is not a two-digit HS chapter"));
        }
        let max_edges = self.max_edges.unwrap_or(DEFAULT_MAX_EDGES);
        if max_edges == 0 || max_edges > MAX_EDGES {
            return bad(format!("max_edges must be between 1 and {MAX_EDGES}"));
        }
        let roles = match self.roles.as_deref() {
            None | Some("") => PartyRole::ALL.to_vec(),
            Some(list) => list
                .split(',')
                .map(|r| {
                    PartyRole::parse(r.trim()).ok_or_else(|| {
                        BadEgoQuery(format!(
                            "role '{r}' is not one of {}",
                            PartyRole::NAMES.join(", ")
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        // A role named twice is followed once.
        let mut roles = roles;
        let mut kept = Vec::new();
        roles.retain(|r| {
            let first = !kept.contains(r);
            kept.push(*r);
            first
        });
        Ok(EgoBounds {
            party: party.to_owned(),
            hops,
            from,
            to,
            chapter: self.chapter.clone(),
            min_shipments: self.min_shipments.unwrap_or(1).max(1),
            max_edges,
            roles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(party: &str) -> EgoQuery {
        EgoQuery {
            party: party.into(),
            ..EgoQuery::default()
        }
    }

    #[test]
    fn defaults_and_bounds() {
        let b = q(" I0000001 ").validate().expect("valid");
        assert_eq!(
            (b.party.as_str(), b.hops, b.min_shipments),
            ("I0000001", 1, 1)
        );
        assert_eq!((b.max_edges, b.roles.len()), (DEFAULT_MAX_EDGES, 6));
        let bad = [
            q(""),
            EgoQuery {
                hops: Some(0),
                ..q("I1")
            },
            EgoQuery {
                hops: Some(4),
                ..q("I1")
            },
            EgoQuery {
                from: Some("2021-02-30".into()),
                ..q("I1")
            },
            EgoQuery {
                from: Some("2021-03-01".into()),
                to: Some("2021-02-01".into()),
                ..q("I1")
            },
            EgoQuery {
                chapter: Some("3".into()),
                ..q("I1")
            },
            EgoQuery {
                max_edges: Some(MAX_EDGES + 1),
                ..q("I1")
            },
            EgoQuery {
                roles: Some("seller,pirate".into()),
                ..q("I1")
            },
        ];
        for b in bad {
            assert!(b.validate().is_err(), "{b:?}");
        }
        let r = EgoQuery {
            roles: Some("storage, seller".into()),
            ..q("I1")
        };
        assert_eq!(
            r.validate().expect("valid").roles,
            [PartyRole::Storage, PartyRole::Seller]
        );
    }
}
