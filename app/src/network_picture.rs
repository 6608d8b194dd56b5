//! How the network is drawn: a party's size and colour, an edge's width, and the view that maps
//! layout coordinates onto the picture (fitted, then moved and zoomed by the officer).

use crate::network::IMPORTER;

/// A party's radius in pixels: grows with the square root of its shipments.
pub fn node_radius(shipments: i64) -> f64 {
    4.0 + (shipments.max(0) as f64).sqrt().min(16.0)
}

/// An edge's width in pixels: grows with the logarithm of its shipments.
pub fn edge_width(shipments: i64) -> f64 {
    0.5 + (shipments.max(1) as f64).ln() * 0.6
}

/// The colour of a role (the legend's).
pub fn role_colour(role: &str) -> &'static str {
    match role {
        IMPORTER => "#1f77b4",
        "seller" => "#ff7f0e",
        "forwarder" => "#2ca02c",
        "carrier" => "#9467bd",
        "declarant" => "#8c564b",
        "storage" => "#e377c2",
        "vessel" => "#7f7f7f",
        _ => "#17becf",
    }
}

/// The roles in the legend's order.
pub const ROLES: [&str; 7] = [
    IMPORTER,
    "seller",
    "forwarder",
    "carrier",
    "declarant",
    "storage",
    "vessel",
];

/// How layout coordinates map onto the picture: scale and offset, fitted to the positions with
/// a margin, then moved and zoomed by the officer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Pixels per layout unit.
    pub scale: f64,
    /// Picture x of layout x = 0.
    pub dx: f64,
    /// Picture y of layout y = 0.
    pub dy: f64,
}

impl View {
    /// The view that fits every position into `width` × `height` with a margin.
    pub fn fit(positions: &[f32], width: f64, height: f64) -> View {
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in positions.chunks_exact(2) {
            for k in 0..2 {
                lo[k] = lo[k].min(f64::from(p[k]));
                hi[k] = hi[k].max(f64::from(p[k]));
            }
        }
        if lo[0] > hi[0] {
            return View {
                scale: 1.0,
                dx: width / 2.0,
                dy: height / 2.0,
            };
        }
        let margin = 30.0;
        let span = [(hi[0] - lo[0]).max(1e-9), (hi[1] - lo[1]).max(1e-9)];
        let scale = ((width - 2.0 * margin) / span[0])
            .min((height - 2.0 * margin) / span[1])
            .max(1e-9);
        View {
            scale,
            dx: width / 2.0 - scale * (lo[0] + hi[0]) / 2.0,
            dy: height / 2.0 - scale * (lo[1] + hi[1]) / 2.0,
        }
    }

    /// The picture point of party `i`.
    pub fn point(&self, positions: &[f32], i: u32) -> (f64, f64) {
        let i = i as usize * 2;
        let (x, y) = match positions.get(i..i + 2) {
            Some(p) => (f64::from(p[0]), f64::from(p[1])),
            None => (0.0, 0.0),
        };
        (self.dx + self.scale * x, self.dy + self.scale * y)
    }

    /// The layout point under picture point (`x`, `y`).
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.dx) / self.scale, (y - self.dy) / self.scale)
    }

    /// The view zoomed by `factor` around picture point (`x`, `y`).
    pub fn zoomed(&self, factor: f64, x: f64, y: f64) -> View {
        View {
            scale: self.scale * factor,
            dx: x - (x - self.dx) * factor,
            dy: y - (y - self.dy) * factor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_fits_and_zooms_around_the_pointer() {
        let v = View::fit(&[-1.0, -1.0, 1.0, 1.0], 260.0, 160.0);
        let (x, y) = v.point(&[-1.0, -1.0, 1.0, 1.0], 1);
        assert!(
            (x - 180.0).abs() < 1e-9 && (y - 130.0).abs() < 1e-9,
            "{x} {y}"
        );
        let z = v.zoomed(2.0, 130.0, 80.0);
        assert_eq!(z.unproject(130.0, 80.0), v.unproject(130.0, 80.0));
    }
}
