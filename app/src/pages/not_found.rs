use leptos::prelude::*;

use crate::routes::Page;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在或已移动。"</p>
            <a class="btn" href=Page::Home.path()>"返回首页"</a>
        </section>
    }
}
