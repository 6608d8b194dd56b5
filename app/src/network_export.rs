//! The network as files: parties and relations as CSV, GraphML (Gephi, yEd and networkx read
//! it), and the picture as SVG (the PNG export draws this SVG).

use crate::csv_text::csv_text;
use portal_core::network::EDGE_COLUMNS;

use crate::network::{Graph, day};
use crate::network_picture::{View, edge_width, node_radius, role_colour};

impl Graph {
    /// The nodes as CSV, with the measures the worker computed (empty where not computed).
    pub fn nodes_csv(&self, degree: &[f32], betweenness: &[f32], community: &[u32]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "id",
            "role",
            "shipments",
            "value",
            "frauds",
            "first_seen",
            "last_seen",
            "degree",
            "betweenness",
            "community",
        ]);
        for (i, p) in self.parties.iter().enumerate() {
            let measure = |v: &[f32]| v.get(i).map(|x| x.to_string()).unwrap_or_default();
            let _ = w.write_record([
                p.id.clone(),
                p.role.clone(),
                p.shipments.to_string(),
                p.value.to_string(),
                p.frauds.to_string(),
                day(p.first_seen),
                day(p.last_seen),
                measure(degree),
                measure(betweenness),
                community
                    .get(i)
                    .filter(|c| **c != u32::MAX)
                    .map(u32::to_string)
                    .unwrap_or_default(),
            ]);
        }
        csv_text(w)
    }

    /// The edges as CSV, parties by id.
    pub fn edges_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(EDGE_COLUMNS);
        for e in &self.edges {
            let _ = w.write_record([
                self.parties[e.source as usize].id.clone(),
                self.parties[e.target as usize].id.clone(),
                self.parties[e.target as usize].role.clone(),
                e.shipments.to_string(),
                e.value.to_string(),
                e.frauds.to_string(),
                day(e.first_seen),
                day(e.last_seen),
                e.hop.to_string(),
            ]);
        }
        csv_text(w)
    }

    /// The network as GraphML (Gephi, yEd, networkx read it): parties with their role and sums,
    /// edges with shipments, value, frauds and dates.
    pub fn graphml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
             <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>\n\
             <key id=\"n_shipments\" for=\"node\" attr.name=\"shipments\" attr.type=\"long\"/>\n\
             <key id=\"n_frauds\" for=\"node\" attr.name=\"frauds\" attr.type=\"long\"/>\n\
             <key id=\"shipments\" for=\"edge\" attr.name=\"shipments\" attr.type=\"long\"/>\n\
             <key id=\"value\" for=\"edge\" attr.name=\"value\" attr.type=\"double\"/>\n\
             <key id=\"frauds\" for=\"edge\" attr.name=\"frauds\" attr.type=\"long\"/>\n\
             <key id=\"first_seen\" for=\"edge\" attr.name=\"first_seen\" attr.type=\"string\"/>\n\
             <key id=\"last_seen\" for=\"edge\" attr.name=\"last_seen\" attr.type=\"string\"/>\n\
             <graph id=\"network\" edgedefault=\"undirected\">\n",
        );
        for p in &self.parties {
            out.push_str(&format!(
                "<node id=\"{}\"><data key=\"role\">{}</data><data key=\"n_shipments\">{}</data>\
                 <data key=\"n_frauds\">{}</data></node>\n",
                escape(&p.id),
                escape(&p.role),
                p.shipments,
                p.frauds
            ));
        }
        for e in &self.edges {
            out.push_str(&format!(
                "<edge source=\"{}\" target=\"{}\"><data key=\"shipments\">{}</data>\
                 <data key=\"value\">{}</data><data key=\"frauds\">{}</data>\
                 <data key=\"first_seen\">{}</data><data key=\"last_seen\">{}</data></edge>\n",
                escape(&self.parties[e.source as usize].id),
                escape(&self.parties[e.target as usize].id),
                e.shipments,
                e.value,
                e.frauds,
                day(e.first_seen),
                day(e.last_seen)
            ));
        }
        out.push_str("</graph>\n</graphml>\n");
        out
    }

    /// The picture as SVG at `positions` (x, y per party), fitted into `width` × `height`.
    pub fn svg(&self, positions: &[f32], width: f64, height: f64) -> String {
        let view = View::fit(positions, width, height);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        );
        for e in &self.edges {
            let (a, b) = (
                view.point(positions, e.source),
                view.point(positions, e.target),
            );
            out.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa5b1\" \
                 stroke-width=\"{:.2}\"/>",
                a.0,
                a.1,
                b.0,
                b.1,
                edge_width(e.shipments)
            ));
        }
        for (i, p) in self.parties.iter().enumerate() {
            let (x, y) = view.point(positions, i as u32);
            out.push_str(&format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"{}\" stroke=\"{}\"><title>{}</title></circle>",
                node_radius(p.shipments),
                role_colour(&p.role),
                if p.frauds > 0 { "#c62828" } else { "#ffffff" },
                escape(&p.id)
            ));
        }
        out.push_str("</svg>");
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use crate::network::{Graph, test_frame as frame};

    #[test]
    fn csv_files_name_parties_by_id() {
        let g = Graph::from_frame("C1", &frame()).expect("graph");
        let edges = g.edges_csv();
        assert!(edges.starts_with("source,target,target_role,shipments"));
        assert!(edges.contains("C2,F1,forwarder,2,50,0,1970-01-12,1970-01-31,2"));
        let nodes = g.nodes_csv(&[0.5; 4], &[], &[0, 0, 1, u32::MAX]);
        assert!(nodes.contains("C2,importer,2,50,0,1970-01-12,1970-01-31,0.5,,"));
    }

    #[test]
    fn svg_and_graphml_hold_every_party_and_relation() {
        let svg = Graph::from_frame("C1", &frame())
            .expect("graph")
            .svg(&[0.0; 8], 100.0, 100.0);
        assert!(svg.starts_with("<svg") && svg.contains("<title>C2</title>"));
        let graphml = Graph::from_frame("C1", &frame()).expect("graph").graphml();
        assert_eq!(graphml.matches("<node ").count(), 4);
        assert_eq!(graphml.matches("<edge ").count(), 3);
        assert!(graphml.contains("<edge source=\"C2\" target=\"F1\">"));
    }
}
