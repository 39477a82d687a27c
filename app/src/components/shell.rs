//! The frame of every signed-in page: header, navigation, logout.

use domain::{Role, api::User};
use leptos::prelude::*;
use leptos_router::{
    components::{A, Redirect},
    hooks::{use_location, use_navigate},
};

use crate::{
    routes::Page,
    session::{Auth, use_session},
};

/// The scope of an account in words: `2023级计算机科学与技术1班`, `信息工程学院`, `全校`.
pub fn scope_label(u: &User) -> String {
    match u.role {
        Role::Office => "全校".into(),
        Role::Admin => "系统设置".into(),
        Role::Dean => u.college_name.clone().unwrap_or_default(),
        Role::Student | Role::Counselor => {
            if u.class_names.is_empty() {
                u.college_name.clone().unwrap_or_default()
            } else {
                u.class_names.join("、")
            }
        }
    }
}

/// Which frame to show; changes of the user's details do not rebuild the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Checking,
    SignedOut,
    SignedIn,
}

/// Shows `children` to a signed-in user; sends everyone else to the login page.
#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let auth = use_session();
    let gate = Memo::new(move |_| match auth.get() {
        Auth::Checking => Gate::Checking,
        Auth::SignedOut => Gate::SignedOut,
        Auth::SignedIn(_) => Gate::SignedIn,
    });
    // A one-time password must be replaced before anything else (the server
    // refuses other calls too).
    let must_change =
        Memo::new(move |_| matches!(auth.get(), Auth::SignedIn(u) if u.must_change_password));
    let location = use_location();
    // A memo, so that changing the password does not rebuild the page.
    let redirect =
        Memo::new(move |_| must_change.get() && location.pathname.get() != Page::Account.path());
    let children = StoredValue::new(children);
    move || {
        match gate.get() {
        Gate::Checking => view! { <p class="loading" role="status">"正在加载…"</p> }.into_any(),
        // Back where they were going once signed in (the portal's return
        // takes `next`).
        Gate::SignedOut => {
            let here = location.pathname.get_untracked();
            let path = if here == "/" {
                Page::Login.path().to_owned()
            } else {
                format!("{}?next={}", Page::Login.path(), js_sys::encode_uri_component(&here))
            };
            view! { <Redirect path=path/> }.into_any()
        }
        Gate::SignedIn => view! {
            <Header/>
            <main class="page">
                {move || must_change.get().then(|| view! {
                    <p class="notice" role="alert">"首次登录，请先修改初始密码，然后才能使用其他功能。"</p>
                })}
                {move || if redirect.get() {
                    view! { <Redirect path=Page::Account.path()/> }.into_any()
                } else {
                    children.read_value()().into_any()
                }}
            </main>
        }
        .into_any(),
    }
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_session();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let user = Memo::new(move |_| auth.get().user());
    let role = Memo::new(move |_| user.get().map(|u| u.role));
    let logout = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Even if the server is unreachable, forget everything locally.
            let _ = crate::api::logout().await;
            // Nothing of this account stays on the device.
            crate::local::clear_all();
            auth.set(Auth::SignedOut);
            navigate(Page::Login.path(), Default::default());
        });
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">"校友联络员"</a>
            <div class="who">
                <a class="who-name" href=Page::Account.path() title="账号设置">
                    {move || user.get().map(|u| u.name).unwrap_or_default()}
                </a>
                <span class="badge">{move || role.get().map(Role::label)}</span>
                <span class="who-scope">{move || user.get().map(|u| scope_label(&u))}</span>
            </div>
            <super::bell::Bell/>
            <button class="btn btn-quiet" on:click=logout disabled=move || busy.get()>"退出登录"</button>
        </header>
        <nav class="nav" aria-label="主导航">
            <A href=Page::Home.path() exact=true>{Page::Home.title()}</A>
            {move || {
                // 工作记录 is a liaison's, not every student's.
                let liaison = user.get().is_some_and(|u| u.role != Role::Student || u.is_liaison);
                role.get()
                    .map(Page::nav_for)
                    .unwrap_or_default()
                    .iter()
                    .filter(|p| **p != Page::Log || liaison)
                    .map(|p| view! { <A href=p.path()>{p.title()}</A> })
                    .collect_view()
            }}
        </nav>
    }
}
