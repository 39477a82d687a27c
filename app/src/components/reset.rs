//! A new one-time password for someone who lost theirs or let it expire
//! (the admin for anyone, a counselor for the students of their classes).

use domain::{org::FieldErrors, roster::ONETIME_VALID_DAYS};
use leptos::{ev::SubmitEvent, prelude::*};

use crate::{api, components::form::TextField};

#[component]
pub fn PasswordResetCard(
    /// Who may be reset, as the caller sees it.
    hint: &'static str,
    /// What the account is called: 学号 for a counselor's students.
    label: &'static str,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let issued = RwSignal::new(None::<domain::api::PasswordReset>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let who = username.get_untracked().trim().to_owned();
        if who.is_empty() {
            errors.set(FieldErrors::from([(
                "username".to_owned(),
                format!("请输入{label}"),
            )]));
            return;
        }
        let asked = window()
            .confirm_with_message(&format!(
                "为 {who} 重新生成初始密码？原密码立即失效，其已登录的设备将退出。"
            ))
            .unwrap_or(false);
        if !asked {
            return;
        }
        busy.set(true);
        issued.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::reset_password(&who).await {
                Ok(r) => {
                    username.set(String::new());
                    issued.set(Some(r));
                }
                Err(e) if e.status == 404 => failure.set(Some(format!(
                    "没有找到账号 {who}，或该账号不在您的管理范围内"
                ))),
                Err(e) => failure.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" id="password-reset">
            <h2>"重新生成初始密码"</h2>
            <p class="hint">{hint}</p>
            <form class="reset-form" on:submit=submit>
                <div>
                    <TextField id="reset-username" label=label value=username
                        errors=errors field="username"/>
                </div>
                <button type="submit" class="btn" disabled=move || busy.get()>"重新生成"</button>
            </form>
            {move || failure.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            {move || issued.get().map(|r| view! {
                <div class="ok issued" role="status">
                    <p>{format!("{}（{}）的新初始密码：", r.name, r.username)}</p>
                    <p><code class="password">{r.password}</code></p>
                    <p>{format!(
                        "{ONETIME_VALID_DAYS} 天内有效，只显示这一次。请私下告知本人，首次登录须修改。"
                    )}</p>
                </div>
            })}
        </section>
    }
}
