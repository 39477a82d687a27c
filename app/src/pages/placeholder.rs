//! Pages that later issues fill in: they say what they will be for.

use leptos::prelude::*;

use crate::routes::Page;

#[component]
pub fn Placeholder(page: Page) -> impl IntoView {
    view! {
        <section class="card">
            <h1>{page.title()}</h1>
            <p>{page.purpose()}</p>
            <p class="muted">"此功能即将上线。"</p>
        </section>
    }
}
