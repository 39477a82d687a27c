//! Account settings: the caller's contact details and password. Fields are
//! checked as they are typed with the same rules the server applies.

use domain::{
    api::UpdateProfile,
    validate::{self, Email, MobilePhone},
};
use leptos::{ev::SubmitEvent, prelude::*};

use crate::session::{Auth, use_session};

/// The message of a shared rule for a non-empty value, if it fails.
fn check<T>(value: &str, rule: impl Fn(&str) -> Result<T, validate::FieldError>) -> Option<String> {
    if value.trim().is_empty() {
        None
    } else {
        rule(value).err().map(|e| e.0)
    }
}

#[component]
pub fn Account() -> impl IntoView {
    let auth = use_session();
    // With a one-time password, changing it is the first thing to do.
    let first_login = matches!(auth.get_untracked(), Auth::SignedIn(u) if u.must_change_password);
    if first_login {
        view! { <h1 class="page-title">"账号设置"</h1><Password/><Contact/> }.into_any()
    } else {
        view! { <h1 class="page-title">"账号设置"</h1><Contact/><Password/> }.into_any()
    }
}

#[component]
fn Contact() -> impl IntoView {
    let auth = use_session();
    let current = move || auth.get().user();
    let start = current();
    let phone = RwSignal::new(
        start
            .as_ref()
            .and_then(|u| u.phone.clone())
            .unwrap_or_default(),
    );
    let email = RwSignal::new(
        start
            .as_ref()
            .and_then(|u| u.email.clone())
            .unwrap_or_default(),
    );
    let mail = RwSignal::new(start.as_ref().is_none_or(|u| u.email_notifications));
    let status = RwSignal::new(None::<Result<String, String>>);
    let server_fields = RwSignal::new((None::<String>, None::<String>));
    let phone_error = move || check(&phone.get(), MobilePhone::parse).or(server_fields.get().0);
    let email_error = move || check(&email.get(), Email::parse).or(server_fields.get().1);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(user) = current() else { return };
        if phone_error().is_some() || email_error().is_some() {
            status.set(Some(Err("请先按提示修改".into())));
            return;
        }
        let change = UpdateProfile {
            phone: Some(phone.get_untracked()),
            email: Some(email.get_untracked()),
            email_notifications: Some(mail.get_untracked()),
        };
        status.set(None);
        leptos::task::spawn_local(async move {
            match crate::api::update_profile(user.rev, &change).await {
                Ok(u) => {
                    phone.set(u.phone.clone().unwrap_or_default());
                    email.set(u.email.clone().unwrap_or_default());
                    mail.set(u.email_notifications);
                    server_fields.set((None, None));
                    auth.set(Auth::SignedIn(u));
                    status.set(Some(Ok("已保存".into())));
                }
                Err(e) => {
                    server_fields.set((e.field("phone"), e.field("email")));
                    status.set(Some(Err(e.message())));
                }
            }
        });
    };

    view! {
        <form class="card" on:submit=save novalidate>
            <h2>"联系方式"</h2>
            <label for="phone">"手机号"</label>
            <input id="phone" inputmode="tel" autocomplete="tel"
                prop:value=move || phone.get()
                on:input=move |ev| phone.set(event_target_value(&ev))
                aria-invalid=move || phone_error().is_some().to_string()/>
            {move || phone_error().map(|m| view! { <p class="field-error">{m}</p> })}
            <label for="email">"邮箱"</label>
            <input id="email" type="email" inputmode="email" autocomplete="email"
                prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))
                aria-invalid=move || email_error().is_some().to_string()/>
            {move || email_error().map(|m| view! { <p class="field-error">{m}</p> })}
            <label class="choice">
                <input type="checkbox" id="email-notifications" prop:checked=move || mail.get()
                    on:change=move |ev| mail.set(event_target_checked(&ev))/>
                "通知同时发到我的邮箱（学校开通邮件后生效）"
            </label>
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="ok" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
            <button class="btn btn-primary" type="submit">"保存联系方式"</button>
        </form>
    }
}

#[component]
fn Password() -> impl IntoView {
    let auth = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let current_error = RwSignal::new(None::<String>);
    let new_error = move || check(&new.get(), validate::new_password);
    let repeat_error = move || {
        let r = repeat.get();
        (!r.is_empty() && r != new.get()).then(|| "两次输入的新密码不一致".to_owned())
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if new.get_untracked().is_empty()
            || new_error().is_some()
            || repeat_error().is_some()
            || repeat.get_untracked() != new.get_untracked()
        {
            status.set(Some(Err("请按提示填写新密码".into())));
            return;
        }
        let (c, n) = (current.get_untracked(), new.get_untracked());
        status.set(None);
        current_error.set(None);
        leptos::task::spawn_local(async move {
            match crate::api::change_password(c, n).await {
                Ok(u) => {
                    auth.set(Auth::SignedIn(u));
                    for s in [current, new, repeat] {
                        s.set(String::new());
                    }
                    status.set(Some(Ok("密码已修改".into())));
                }
                Err(e) => {
                    current_error.set(e.field("current_password"));
                    status.set(Some(Err(e
                        .field("new_password")
                        .unwrap_or_else(|| e.message()))));
                }
            }
        });
    };

    // Signed in through the campus portal, which vouches for them: no
    // current password is asked (a liaison's first own password).
    let vouched = move || matches!(auth.get(), Auth::SignedIn(u) if u.portal_vouches);
    view! {
        <form class="card" id="password" on:submit=submit novalidate>
            <h2>{move || if vouched() { "设置个人密码" } else { "修改密码" }}</h2>
            {move || if vouched() {
                view! {
                    <p class="hint">"您已通过统一身份认证登录，无需输入当前密码。毕业后学校账号会停用，请设置个人密码，今后用学号和此密码登录。"</p>
                }.into_any()
            } else {
                view! {
                    <label for="current-password">"当前密码"</label>
                    <input id="current-password" type="password" autocomplete="current-password"
                        prop:value=move || current.get()
                        on:input=move |ev| current.set(event_target_value(&ev))/>
                    {move || current_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                }.into_any()
            }}
            <label for="new-password">"新密码"</label>
            <input id="new-password" type="password" autocomplete="new-password"
                prop:value=move || new.get()
                on:input=move |ev| new.set(event_target_value(&ev))/>
            <p class="hint">{format!("至少{}位，须同时包含字母和数字", validate::MIN_PASSWORD_CHARS)}</p>
            {move || new_error().map(|m| view! { <p class="field-error">{m}</p> })}
            <label for="repeat-password">"再次输入新密码"</label>
            <input id="repeat-password" type="password" autocomplete="new-password"
                prop:value=move || repeat.get()
                on:input=move |ev| repeat.set(event_target_value(&ev))/>
            {move || repeat_error().map(|m| view! { <p class="field-error">{m}</p> })}
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="ok" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
            <button class="btn btn-primary" type="submit">{move || if vouched() { "设置密码" } else { "修改密码" }}</button>
        </form>
    }
}
