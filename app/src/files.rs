//! Saving files from the browser: bytes and text through a temporary object URL, charts as SVG
//! or PNG (the SVG drawn onto a canvas).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_owned())
}

fn click_link(href: &str, filename: &str) -> Result<(), String> {
    let a: web_sys::HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(href);
    a.set_download(filename);
    a.click();
    Ok(())
}

/// Offers `bytes` as a download called `filename` of MIME type `mime`.
pub fn save_bytes(bytes: &[u8], mime: &str, filename: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let done = click_link(&url, filename);
    // Revoke after the click has been handled.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    done
}

/// Offers an SVG document as `filename`.
pub fn save_svg(svg: &str, filename: &str) -> Result<(), String> {
    save_bytes(svg.as_bytes(), "image/svg+xml", filename)
}

/// Draws an SVG document of `width` × `height` onto a canvas (white background, 2× scale) and
/// offers it as a PNG called `filename`.
pub async fn save_png(svg: &str, width: u32, height: u32, filename: &str) -> Result<(), String> {
    let doc = document()?;
    let img = web_sys::HtmlImageElement::new().map_err(|e| format!("{e:?}"))?;
    let src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&src);
    wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .map_err(|_| "the chart could not be drawn as an image".to_owned())?;
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| format!("{e:?}"))?
        .ok_or("no 2d context")?
        .unchecked_into();
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(width * 2), f64::from(height * 2));
    ctx.draw_image_with_html_image_element_and_dw_and_dh(
        &img,
        0.0,
        0.0,
        f64::from(width * 2),
        f64::from(height * 2),
    )
    .map_err(|e| format!("{e:?}"))?;
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))?;
    click_link(&url, filename)
}
