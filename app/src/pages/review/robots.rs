//! 工作群提醒 on the to-do page of a dean (their college) and the office:
//! a 企业微信 group robot and/or a 钉钉 custom robot that receive the daily
//! digest and the deadline reminders. Addresses and secrets are never
//! shown back whole; each robot shows how its last post went.

use domain::{
    api::{RobotView, SetRobot},
    robots::RobotKind,
};
use leptos::{ev::SubmitEvent, prelude::*};

use crate::{api, components::form::Outcome};

type Status = RwSignal<Option<Result<String, String>>>;

/// The folded card.
pub fn card() -> impl IntoView {
    let loaded = LocalResource::new(api::robots);
    let status: Status = RwSignal::new(None);
    view! {
        <details class="card robots">
            <summary>"工作群提醒"</summary>
            <p class="hint">"把每日待审核提醒和截止提醒发到企业微信群或钉钉群：在群设置中添加机器人，复制它的地址（钉钉请选择“加签”并复制密钥）。"</p>
            {move || loaded.get().and_then(Result::ok).map(|r| {
                RobotKind::ALL.into_iter().map(|kind| {
                    let current = r.robots.iter().find(|x| x.kind == kind).cloned();
                    one(kind, current, loaded, status)
                }).collect_view()
            })}
            <Outcome status=status/>
        </details>
    }
}

fn one(
    kind: RobotKind,
    current: Option<RobotView>,
    loaded: LocalResource<Result<domain::api::Robots, api::ApiError>>,
    status: Status,
) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let k = kind.as_str();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = SetRobot {
            url: url.get_untracked(),
            secret: (kind == RobotKind::Dingtalk).then(|| secret.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::set_robot(k, &body).await {
                Ok(_) => {
                    status.set(Some(Ok(format!(
                        "{}已保存，可发送测试消息确认",
                        kind.label()
                    ))));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e
                    .field("url")
                    .or(e.field("secret"))
                    .unwrap_or(e.message())))),
            }
        });
    };
    let test = move |_| {
        leptos::task::spawn_local(async move {
            match api::test_robot(k).await {
                Ok(r) => {
                    let last = r
                        .robot
                        .last
                        .map(|l| (l.ok, l.message))
                        .unwrap_or((false, String::new()));
                    status.set(Some(if last.0 {
                        Ok("测试消息已送达".into())
                    } else {
                        Err(format!("未送达：{}", last.1))
                    }));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            match api::remove_robot(k).await {
                Ok(_) => {
                    status.set(Some(Ok(format!("{}已停用", kind.label()))));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let (url_id, secret_id) = (format!("robot-{k}-url"), format!("robot-{k}-secret"));
    view! {
        <fieldset class="copy-level robot">
            <legend>{kind.label()}</legend>
            {current.map(|c| view! {
                <p>{format!("已设置（地址 {}{}），{}设置", c.url_hint, c.secret_hint.map(|s| format!("，密钥 {s}")).unwrap_or_default(), c.set_by_name)}</p>
                {c.last.map(|l| view! {
                    <p class=if l.ok { "ok" } else { "error" }>{format!("最近一次：{} {}，{}（{} 次尝试）", l.at, l.what, l.message, l.attempts)}</p>
                })}
                <p class="actions">
                    <button class="btn" type="button" on:click=test>"发送测试消息"</button>
                    <button class="btn btn-quiet" type="button" on:click=remove>"停用"</button>
                </p>
            })}
            <form class="standin-form" on:submit=save>
                <label for=url_id.clone()>"机器人地址（Webhook）"</label>
                <input id=url_id type="url" autocomplete="off" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                {(kind == RobotKind::Dingtalk).then(|| view! {
                    <label for=secret_id.clone()>"加签密钥（SEC 开头）"</label>
                    <input id=secret_id type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
                })}
                <button class="btn btn-primary" type="submit">"保存"</button>
            </form>
        </fieldset>
    }
}
