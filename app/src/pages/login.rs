//! The login page.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_navigate;

use crate::{
    routes::Page,
    session::{Auth, use_session},
};

#[component]
pub fn Login() -> impl IntoView {
    let auth = use_session();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The campus portal's buttons lead (统一身份认证), the password below.
    // Already signed in (e.g. a reload of /login): go home.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if matches!(auth.get(), Auth::SignedIn(_)) {
            nav(Page::Home.path(), Default::default());
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (u, p) = (username.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            error.set(Some("请输入用户名和密码".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::login(u, p).await {
                Ok(user) if crate::bundle_for(user.role) != crate::BUNDLE => {
                    // This role's pages live in another bundle: load it.
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(Page::Home.path());
                    }
                }
                Ok(user) => {
                    auth.set(Auth::SignedIn(user));
                    navigate(Page::Home.path(), Default::default());
                }
                Err(e) => {
                    error.set(Some(e.message()));
                    // The password is cleared, the username kept.
                    password.set(String::new());
                }
            }
            busy.set(false);
        });
    };

    view! {
        <main class="login">
            <form class="card login-card" on:submit=submit novalidate>
                <h1>"校友联络员"</h1>
                <p class="muted">"班级校友联络员推荐、审核与通讯录"</p>
                // The campus portal's buttons, drawn by public/boot.js.
                <liaison-portals></liaison-portals>
                <label for="username">"用户名（学号或工号）"</label>
                <input id="username" name="username" autocomplete="username" inputmode="text"
                    autocapitalize="off" spellcheck="false"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="password">"密码"</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button class="btn btn-primary" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "登录中…" } else { "登录" }}
                </button>
            </form>
        </main>
    }
}
