//! The 校友联络员 client: a Leptos CSR app that talks to the server's JSON API.

pub mod api;
pub mod components;
pub mod pages;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use components::shell::Shell;
use pages::{
    account::Account,
    campaigns::Campaigns,
    home::Home,
    login::Login,
    nominations::{MyNomination, Recommend},
    not_found::NotFound,
    placeholder::Placeholder,
    print::PrintPage,
    review::{Detail, Todo},
    setup::Setup,
};
use routes::Page;

/// Mounts the app, removes the loading page and marks the moment for benchmarks.
pub fn start() {
    leptos::mount::mount_to_body(App);
    let window = web_sys::window();
    if let Some(el) = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        el.remove();
    }
    if let Some(perf) = window.and_then(|w| w.performance()) {
        let _ = perf.mark("app-mounted");
    }
}

#[component]
pub fn App() -> impl IntoView {
    session::provide();
    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/") view=|| view! { <Shell><Home/></Shell> }/>
                <Route path=path!("/nominations") view=|| view! { <Shell><MyNomination/></Shell> }/>
                <Route path=path!("/nominations/:id") view=|| view! { <Shell><Detail/></Shell> }/>
                <Route path=path!("/nominations/:id/print") view=|| view! { <Shell><PrintPage/></Shell> }/>
                <Route path=path!("/recommend") view=|| view! { <Shell><Recommend/></Shell> }/>
                <Route path=path!("/todo") view=|| view! { <Shell><Todo/></Shell> }/>
                <Route path=path!("/directory") view=|| view! { <Shell><Placeholder page=Page::Directory/></Shell> }/>
                <Route path=path!("/liaisons") view=|| view! { <Shell><Placeholder page=Page::Liaisons/></Shell> }/>
                <Route path=path!("/setup") view=|| view! { <Shell><Setup/></Shell> }/>
                <Route path=path!("/campaigns") view=|| view! { <Shell><Campaigns/></Shell> }/>
                <Route path=path!("/account") view=|| view! { <Shell><Account/></Shell> }/>
                <Route path=path!("/dashboard") view=|| view! { <Shell><Placeholder page=Page::Dashboard/></Shell> }/>
            </Routes>
        </Router>
    }
}
