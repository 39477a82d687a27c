//! 我的签名 on the to-do page: an approver writes their signature once with
//! a finger or a mouse (or chooses a picture of it); each decision from
//! then on carries it into the printed 推荐表's blank, frozen. Without one,
//! the blank shows the typed name.

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

use crate::{api, components::form::Outcome};

/// The canvas's drawing size in pixels (shown smaller: sharp on any phone).
const WIDTH: u32 = 600;
const HEIGHT: u32 = 240;

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Where a pointer is, in the canvas's own pixels (the pad has no border
/// of its own: the offset is from its drawing area).
fn at(canvas: &HtmlCanvasElement, ev: &PointerEvent) -> (f64, f64) {
    let sx = f64::from(WIDTH) / f64::from(canvas.client_width().max(1));
    let sy = f64::from(HEIGHT) / f64::from(canvas.client_height().max(1));
    (f64::from(ev.offset_x()) * sx, f64::from(ev.offset_y()) * sy)
}

/// The folded card.
pub fn card() -> impl IntoView {
    let current = LocalResource::new(api::signature);
    let status = RwSignal::new(None::<Result<String, String>>);
    let canvas = NodeRef::<html::Canvas>::new();
    let drawing = RwSignal::new(false);
    let inked = RwSignal::new(false);
    let down = move |ev: PointerEvent| {
        let Some(c) = canvas.get() else { return };
        let Some(ctx) = context(&c) else { return };
        let (x, y) = at(&c, &ev);
        ctx.set_line_width(6.0);
        ctx.set_line_join("round");
        ctx.set_stroke_style_str("#111");
        ctx.begin_path();
        ctx.move_to(x, y);
        ctx.line_to(x + 0.1, y + 0.1);
        ctx.stroke();
        drawing.set(true);
        inked.set(true);
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some(c) = canvas.get() else { return };
        let Some(ctx) = context(&c) else { return };
        let (x, y) = at(&c, &ev);
        ctx.line_to(x, y);
        ctx.stroke();
    };
    // Leaving the pad ends the stroke, as lifting the finger does.
    let up = move |_: PointerEvent| drawing.set(false);
    let clear = move |_| {
        if let Some(c) = canvas.get()
            && let Some(ctx) = context(&c)
        {
            ctx.clear_rect(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT));
        }
        inked.set(false);
    };
    let saved = move |r: Result<domain::api::SignatureInfo, api::ApiError>| match r {
        Ok(_) => {
            status.set(Some(Ok(
                "签名已保存；此后的审核意见会带上它，之前的推荐表不变".into(),
            )));
            current.refetch();
        }
        Err(e) => status.set(Some(Err(e.message()))),
    };
    let save = move |_| {
        if !inked.get_untracked() {
            status.set(Some(Err("请先在框内写下签名".into())));
            return;
        }
        let Some(data) = canvas.get().and_then(|c| c.to_data_url().ok()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            saved(api::save_drawn_signature(data).await);
        });
    };
    let chosen = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            saved(api::upload_signature(&file).await);
        });
    };
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            match api::remove_signature().await {
                Ok(_) => {
                    status.set(Some(Ok("签名已删除；此后签字处显示姓名".into())));
                    current.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <details class="card signature">
            <summary>"我的签名"</summary>
            <p class="hint">"在框内用手指或鼠标写下签名，保存后，您此后的审核意见会在打印的推荐表上显示这个签名；已审核的推荐表保留当时的签名。"</p>
            {move || current.get().and_then(Result::ok).and_then(|s| s.sha256).map(|sha| view! {
                <p>"当前签名："</p>
                <img class="signature-now" alt="当前签名" src=api::my_signature_url(&sha)/>
                <p class="actions"><button class="btn btn-quiet" type="button" on:click=remove>"删除签名"</button></p>
            })}
            <canvas class="signature-pad" node_ref=canvas width=WIDTH height=HEIGHT aria-label="签名书写区"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up on:pointerleave=up></canvas>
            <p class="actions">
                <button class="btn" type="button" on:click=clear>"重写"</button>
                <button class="btn btn-primary" type="button" on:click=save>"保存签名"</button>
            </p>
            <label for="signature-file">"或选择签名图片（PNG、JPEG）"</label>
            <input id="signature-file" type="file" accept="image/png,image/jpeg" on:change=chosen/>
            <Outcome status=status/>
        </details>
    }
}
