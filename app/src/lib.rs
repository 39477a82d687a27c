//! The 校友联络员 client: a Leptos CSR app that talks to the server's JSON API.

pub mod api;
pub mod components;
pub mod local;
pub mod pages;
pub mod routes;
pub mod session;

use leptos::prelude::*;
use leptos_router::{
    Lazy,
    components::{Route, Router, Routes},
    path,
};

use components::shell::Shell;
use pages::{home::Home, login::Login, not_found::NotFound};

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

/// Marks a moment for the benchmarks (`tests/benches/client.rs`), which
/// read it from the page's performance timeline.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
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
    mark("app-mounted");
    leptos::task::spawn_local(async {
        // Once the first page had its moment, fetch the others' chunks.
        sleep_ms(1500).await;
        pages::gated::preload_all().await;
    });
}

/// Today as `YYYY-MM-DD`, from the browser's clock.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Resolves after `ms` milliseconds (the browser's timer).
pub(crate) async fn sleep_ms(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}

#[component]
pub fn App() -> impl IntoView {
    session::provide();
    components::bell::provide();
    view! { <Router>{routes()}</Router> }
}

fn routes() -> impl IntoView {
    use leptos_router::{ParamSegment as Param, StaticSegment as S};
    use pages::gated;
    use routes::{CERTIFICATE, CERTIFICATES, PRINT, Page as P};
    view! {
        <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
            <Route path=S(P::Login.segment()) view=Login/>
            <Route path=path!("/") view=|| view! { <Shell><Home/></Shell> }/>
            <Route path=S(P::Nominations.segment()) view={Lazy::<gated::MyNomination>::new()}/>
            <Route path=(S(P::Nominations.segment()), Param("id")) view={Lazy::<gated::Detail>::new()}/>
            <Route path=(S(P::Nominations.segment()), Param("id"), S(PRINT)) view={Lazy::<gated::Print>::new()}/>
            <Route path=S(P::Recommend.segment()) view={Lazy::<gated::Recommend>::new()}/>
            <Route path=S(P::Todo.segment()) view={Lazy::<gated::Todo>::new()}/>
            <Route path=S(P::Directory.segment()) view={Lazy::<gated::Directory>::new()}/>
            <Route path=S(P::Photos.segment()) view={Lazy::<gated::Photos>::new()}/>
            <Route path=S(P::Liaisons.segment()) view={Lazy::<gated::Liaisons>::new()}/>
            <Route path=(S(P::Liaisons.segment()), Param("id"), S(CERTIFICATE)) view={Lazy::<gated::Certificate>::new()}/>
            <Route path=(S(P::Liaisons.segment()), S(CERTIFICATES)) view={Lazy::<gated::Certificates>::new()}/>
            <Route path=S(P::Summary.segment()) view={Lazy::<gated::Summary>::new()}/>
            <Route path=S(P::Public.segment()) view={Lazy::<gated::Public>::new()}/>
            <Route path=S(P::Setup.segment()) view={Lazy::<gated::Setup>::new()}/>
            <Route path=S(P::Campaigns.segment()) view={Lazy::<gated::Campaigns>::new()}/>
            <Route path=S(P::Account.segment()) view={Lazy::<gated::Account>::new()}/>
            <Route path=S(P::Dashboard.segment()) view={Lazy::<gated::Dashboard>::new()}/>
            <Route path=S(P::Submissions.segment()) view={Lazy::<gated::Submissions>::new()}/>
            <Route path=S(P::Notifications.segment()) view={Lazy::<gated::Notifications>::new()}/>
            <Route path=S(P::Log.segment()) view={Lazy::<gated::Log>::new()}/>
            <Route path=S(P::Renewals.segment()) view={Lazy::<gated::Renewals>::new()}/>
        </Routes>
    }
}
