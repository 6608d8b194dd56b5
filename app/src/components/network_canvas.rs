//! The network picture on a canvas: parties as circles (size by shipments, colour by role, a red
//! ring when frauds are on their shipments), edges as lines (width by shipments), the chosen path
//! in red. The officer zooms with the wheel, pans by dragging the background, drags a party to
//! pin it where it is dropped, and clicks one to choose it; hovering names the party.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Key, use_i18n};
use crate::labels::party_role;
use crate::network::Graph;
use crate::network_picture::{View, edge_width, node_radius, role_colour};

/// Pixel size of the drawing buffer.
pub const WIDTH: f64 = 960.0;
/// Pixel size of the drawing buffer.
pub const HEIGHT: f64 = 600.0;

/// What a press on the canvas started.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Press {
    /// Moving a party.
    Drag(u32),
    /// Moving the whole picture, from this point with this view.
    Pan(f64, f64, View),
}

/// The canvas and its interactions. `positions` (x, y per party) may be changed by the layout
/// and by the officer dragging a party, who pins it (`pinned`).
#[component]
pub fn NetworkCanvas(
    /// The network drawn.
    graph: RwSignal<Option<Arc<Graph>>>,
    /// Layout positions.
    positions: RwSignal<Vec<f32>>,
    /// Parties the officer moved (kept where dropped while the layout runs).
    pinned: RwSignal<HashSet<u32>>,
    /// The chosen party.
    selected: RwSignal<Option<u32>>,
    /// Parties of a path to show in red.
    path: RwSignal<Vec<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    // `None`: fit the picture to the canvas on every frame (until the officer pans or zooms).
    let view = RwSignal::new(None::<View>);
    let hover = RwSignal::new(None::<u32>);
    let press = RwSignal::new(None::<Press>);
    let current_view = move || {
        view.get()
            .unwrap_or_else(|| View::fit(&positions.get(), WIDTH, HEIGHT))
    };
    // A new network is fitted again.
    Effect::new(move || {
        graph.track();
        view.set(None);
    });
    Effect::new(move || {
        let Some(el) = canvas.get() else { return };
        let v = current_view();
        graph.with(|g| {
            if let Some(g) = g {
                positions.with(|p| {
                    draw(&el, g, p, &v, selected.get(), hover.get(), &path.get());
                });
            }
        });
    });
    // The canvas point of a mouse event, in drawing-buffer pixels.
    let point = move |e: &web_sys::MouseEvent| -> Option<(f64, f64)> {
        let el = canvas.get_untracked()?;
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        Some((
            (f64::from(e.client_x()) - rect.left()) * WIDTH / rect.width(),
            (f64::from(e.client_y()) - rect.top()) * HEIGHT / rect.height(),
        ))
    };
    let party_at = move |x: f64, y: f64| -> Option<u32> {
        let v = view
            .get_untracked()
            .unwrap_or_else(|| View::fit(&positions.get_untracked(), WIDTH, HEIGHT));
        graph.with_untracked(|g| {
            let g = g.as_ref()?;
            positions.with_untracked(|p| {
                (0..g.parties.len() as u32)
                    .rev()
                    .map(|i| {
                        let (px, py) = v.point(p, i);
                        let r = node_radius(g.parties[i as usize].shipments) + 3.0;
                        (i, (px - x).hypot(py - y), r)
                    })
                    .filter(|(_, d, r)| d <= r)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _, _)| i)
            })
        })
    };
    let on_down = move |e: web_sys::MouseEvent| {
        let Some((x, y)) = point(&e) else { return };
        e.prevent_default();
        match party_at(x, y) {
            Some(i) => {
                selected.set(Some(i));
                press.set(Some(Press::Drag(i)));
            }
            None => press.set(Some(Press::Pan(x, y, current_view()))),
        }
    };
    let on_move = move |e: web_sys::MouseEvent| {
        let Some((x, y)) = point(&e) else { return };
        match press.get_untracked() {
            Some(Press::Drag(i)) => {
                let v = current_view();
                let (lx, ly) = v.unproject(x, y);
                // Freeze the view so that the picture does not refit under the pointer.
                view.set(Some(v));
                positions.update(|p| {
                    let k = i as usize * 2;
                    if k + 1 < p.len() {
                        p[k] = lx as f32;
                        p[k + 1] = ly as f32;
                    }
                });
                pinned.update(|s| {
                    s.insert(i);
                });
            }
            Some(Press::Pan(x0, y0, v0)) => view.set(Some(View {
                dx: v0.dx + x - x0,
                dy: v0.dy + y - y0,
                ..v0
            })),
            None => {
                let h = party_at(x, y);
                if hover.get_untracked() != h {
                    hover.set(h);
                }
            }
        }
    };
    let on_wheel = move |e: web_sys::WheelEvent| {
        let Some((x, y)) = point(&e) else { return };
        e.prevent_default();
        let factor = 1.1f64.powf(-e.delta_y().clamp(-300.0, 300.0) / 100.0);
        view.set(Some(current_view().zoomed(factor, x, y)));
    };
    let title = move || {
        hover.get().and_then(|i| {
            graph.with(|g| {
                g.as_ref().and_then(|g| {
                    g.parties
                        .get(i as usize)
                        .map(|p| format!("{} ({})", p.id, party_role(i18n.lang(), &p.role)))
                })
            })
        })
    };
    view! {
        <div class="network-canvas">
            <canvas
                node_ref=canvas
                width=WIDTH
                height=HEIGHT
                role="img"
                aria-label=move || i18n.t(Key::NetworkPicture)
                title=title
                on:mousedown=on_down
                on:mousemove=on_move
                on:mouseup=move |_| press.set(None)
                on:mouseleave=move |_| press.set(None)
                on:wheel=on_wheel
            ></canvas>
            <button type="button" class="secondary" on:click=move |_| view.set(None)>
                {move || i18n.t(Key::NetworkFit)}
            </button>
        </div>
    }
}

fn draw(
    el: &web_sys::HtmlCanvasElement,
    g: &Graph,
    p: &[f32],
    v: &View,
    selected: Option<u32>,
    hover: Option<u32>,
    path: &[u32],
) {
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
    let on_path = |a: u32, b: u32| {
        path.windows(2)
            .any(|w| (w[0] == a && w[1] == b) || (w[0] == b && w[1] == a))
    };
    for e in &g.edges {
        let (a, b) = (v.point(p, e.source), v.point(p, e.target));
        let red = on_path(e.source, e.target);
        ctx.set_stroke_style_str(if red { "#c62828" } else { "#9aa5b1" });
        ctx.set_line_width(edge_width(e.shipments) * if red { 2.0 } else { 1.0 });
        ctx.begin_path();
        ctx.move_to(a.0, a.1);
        ctx.line_to(b.0, b.1);
        ctx.stroke();
    }
    for (i, party) in g.parties.iter().enumerate() {
        let i = i as u32;
        let (x, y) = v.point(p, i);
        let r = node_radius(party.shipments);
        ctx.begin_path();
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(role_colour(&party.role));
        ctx.fill();
        let (ring, width) = if selected == Some(i) {
            ("#000000", 3.0)
        } else if party.frauds > 0 {
            ("#c62828", 2.5)
        } else {
            ("#ffffff", 1.0)
        };
        ctx.set_stroke_style_str(ring);
        ctx.set_line_width(width);
        ctx.stroke();
    }
    // Names of the centre, the chosen and the hovered party.
    ctx.set_fill_style_str("#111111");
    ctx.set_font("12px sans-serif");
    let mut named: Vec<u32> = vec![0];
    named.extend(selected);
    named.extend(hover);
    for i in named {
        if let Some(party) = g.parties.get(i as usize) {
            let (x, y) = v.point(p, i);
            let _ = ctx.fill_text(&party.id, x + node_radius(party.shipments) + 3.0, y - 3.0);
        }
    }
}
