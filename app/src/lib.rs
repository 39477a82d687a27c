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
    account::Account, home::Home, login::Login, nominations::MyNomination, not_found::NotFound,
    placeholder::Placeholder,
};
use routes::Page;

/// Which bundle this is: students get a smaller one (phones); staff pages
/// come with the `staff` feature. `public/boot.js` picks by role.
pub const STAFF_BUNDLE: bool = cfg!(feature = "staff");

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
    view! { <Router>{routes()}</Router> }
}

/// The student bundle: everything a student or liaison does.
#[cfg(not(feature = "staff"))]
fn routes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
            <Route path=path!("/login") view=Login/>
            <Route path=path!("/") view=|| view! { <Shell><Home/></Shell> }/>
            <Route path=path!("/nominations") view=|| view! { <Shell><MyNomination/></Shell> }/>
            <Route path=path!("/directory") view=|| view! { <Shell><Placeholder page=Page::Directory/></Shell> }/>
            <Route path=path!("/account") view=|| view! { <Shell><Account/></Shell> }/>
        </Routes>
    }
}

/// The staff bundle: every page.
#[cfg(feature = "staff")]
fn routes() -> impl IntoView {
    use pages::{
        campaigns::Campaigns,
        nominations::Recommend,
        print::PrintPage,
        review::{Detail, Todo},
        setup::Setup,
    };
    view! {
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
    }
}
