//! The public list of appointed liaisons (no login): name, class and term.

use leptos::prelude::*;

use crate::api;

#[component]
pub fn PublicList() -> impl IntoView {
    let list = LocalResource::new(api::public_liaisons);
    view! {
        <header class="topbar"><a class="brand" href="/">"校友联络员"</a></header>
        <main class="page">
            <h1 class="page-title">"班级校友联络员名单"</h1>
            <section class="card">
                <div class="table-wrap" tabindex="0"><table class="cards">
                    <thead><tr><th>"学院"</th><th>"班级"</th><th>"姓名"</th><th>"任期"</th></tr></thead>
                    <tbody>
                        {move || list.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|l| view! {
                            <tr><td data-label="学院">{l.college_name}</td><td data-label="班级">{l.display_name}</td>
                                <td data-label="姓名">{l.name}</td>
                                <td data-label="任期">{format!("{} 至 {}", l.term_start, l.term_end)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </section>
        </main>
    }
}
