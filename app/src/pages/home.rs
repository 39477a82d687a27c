//! The home page: who is signed in, their role and scope, and their work.

use domain::Role;
use leptos::prelude::*;

use crate::{
    components::shell::scope_label,
    routes::Page,
    session::{Auth, use_session},
};

/// What each role comes here to do (SPEC §1).
fn duties(role: Role) -> &'static [&'static str] {
    match role {
        Role::Student => &[
            "填写校友联络员推荐表（个人自荐），随时查看审核进度",
            "维护本人在班级通讯录中的联系方式",
        ],
        Role::Counselor => &[
            "审核本班学生的推荐表，填写所在班级意见并签字",
            "代表班级推荐学生（班级推荐）",
            "查看并维护所带班级的通讯录",
        ],
        Role::Dean => &[
            "审核本院推荐表，填写所在学院意见并签字盖章",
            "提交学院汇总表",
        ],
        Role::Office => &[
            "终审推荐表，签署校友服务与发展中心意见",
            "聘任、连任、解聘、增补联络员，打印聘书，发布名单",
            "导出校友数据库，跟踪各学院进度",
        ],
        Role::Admin => &[
            "维护学院、班级与届次",
            "导入学生与教职工名单，分发初始密码",
            "上传学院与中心印章",
        ],
    }
}

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
            </section>
            <section class="card">
                <h2>"我的工作"</h2>
                <ul class="duties">
                    {duties(role).iter().map(|d| view! { <li>{*d}</li> }).collect_view()}
                </ul>
                <div class="tiles">
                    {Page::nav_for(role)
                        .iter()
                        .map(|p| view! {
                            <a class="tile" href=p.path()>
                                <strong>{p.title()}</strong>
                                <span>{p.purpose()}</span>
                            </a>
                        })
                        .collect_view()}
                </div>
            </section>
            {counselor_tools(role)}
        }
        .into_any()
    }
}

/// A counselor resets the one-time passwords of their students (a chunk of
/// its own: home is in the first load).
#[cfg(feature = "counselor")]
fn counselor_tools(role: Role) -> impl IntoView {
    #[leptos::lazy]
    fn reset_card() -> AnyView {
        view! {
            <crate::components::reset::PasswordResetCard label="学号"
                hint="本班学生忘记初始密码、或初始密码已过期时，在此为其重新生成。"/>
        }
        .into_any()
    }
    (role == Role::Counselor).then(|| {
        view! { <Suspense fallback=|| ()>{Suspend::new(async { reset_card().await })}</Suspense> }
    })
}

#[cfg(not(feature = "counselor"))]
fn counselor_tools(_: Role) -> impl IntoView {}
