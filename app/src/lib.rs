//! The 校友联络员 client: a Leptos CSR app that talks to the server's JSON API.

pub mod api;
pub mod components;
pub mod local;
pub mod pages;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use components::shell::Shell;
use pages::{account::Account, home::Home, login::Login, not_found::NotFound};

/// Which bundle this is: one per role, named after it, each carrying only
/// that role's pages (students on phones download the least). Without a
/// feature it is the student's. `public/boot.js` picks by role.
pub const BUNDLE: &str = if cfg!(feature = "counselor") {
    "counselor"
} else if cfg!(feature = "dean") {
    "dean"
} else if cfg!(feature = "office") {
    "office"
} else if cfg!(feature = "admin") {
    "admin"
} else {
    "student"
};

/// The bundle a role needs.
pub fn bundle_for(role: domain::Role) -> &'static str {
    role.as_str()
}

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

fn routes() -> impl IntoView {
    use pages::gated;
    view! {
        <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
            <Route path=path!("/login") view=Login/>
            <Route path=path!("/") view=|| view! { <Shell><Home/></Shell> }/>
            <Route path=path!("/nominations") view=gated::my_nomination/>
            <Route path=path!("/nominations/:id") view=gated::detail/>
            <Route path=path!("/nominations/:id/print") view=gated::print/>
            <Route path=path!("/recommend") view=gated::recommend/>
            <Route path=path!("/todo") view=gated::todo/>
            <Route path=path!("/directory") view=gated::directory/>
            <Route path=path!("/photos") view=gated::photos/>
            <Route path=path!("/liaisons") view=gated::liaisons/>
            <Route path=path!("/liaisons/:id/certificate") view=gated::certificate/>
            <Route path=path!("/liaisons/certificates") view=gated::certificates/>
            <Route path=path!("/summary") view=gated::summary/>
            <Route path=path!("/public") view=pages::public::PublicList/>
            <Route path=path!("/setup") view=gated::setup/>
            <Route path=path!("/campaigns") view=gated::campaigns/>
            <Route path=path!("/account") view=|| view! { <Shell><Account/></Shell> }/>
            <Route path=path!("/dashboard") view=gated::dashboard/>
        </Routes>
    }
}
