//! The home page: who is signed in, their role and scope, and their work.

use domain::Role;
use leptos::prelude::*;

use crate::{
    components::shell::scope_label,
    routes::Page,
    session::{Auth, use_session},
};

#[component]
pub fn Home() -> impl IntoView {
    let auth = use_session();
    move || {
        let Auth::SignedIn(user) = auth.get() else {
            return ().into_any();
        };
        let role = user.role;
        view! {
            <section class="card hello">
                <h1>{format!("您好，{}", user.name)}</h1>
                <dl class="facts">
                    <dt>"身份"</dt><dd>{role.label()}{user.is_director.then_some("（主任）")}</dd>
                    <dt>"范围"</dt><dd>{scope_label(&user)}</dd>
                    <dt>"账号"</dt><dd>{user.username.clone()}</dd>
                </dl>
                {user.must_change_password.then(|| view! {
                    <p class="notice" role="alert">
                        "首次登录，请先"<a href=Page::Account.path()>"修改初始密码"</a>"。"
                    </p>
                })}
                {user.needs_own_password.then(|| view! {
                    <p class="notice" id="own-password">
                        "您是校友联络员，任期到毕业后三年，届时学校账号会停用。请趁现在"
                        <a href=format!("{}#password", Page::Account.path())>"设置个人密码"</a>
                        "，毕业后用学号和此密码登录。"
                    </p>
                })}
            </section>
            <Suspense fallback=|| ()>{Suspend::new(async move { my_work(role).await })}</Suspense>
        }
        .into_any()
    }
}

/// 我的工作 and the role's pages, drawn by a chunk of their own (home is in
/// every first load).
#[leptos::lazy]
fn my_work(role: Role) -> AnyView {
    view! { <crate::pages::work::MyWork role=role/> }.into_any()
}
