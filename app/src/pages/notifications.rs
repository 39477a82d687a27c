//! 通知: the signed-in user's notifications, newest first, grouped by day;
//! opening one marks it read and goes where it points.

use domain::api::Notification;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{api, components::bell};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let unread = bell::use_unread();
    let items = RwSignal::new(Vec::<Notification>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let load = move |before: Option<String>| {
        leptos::task::spawn_local(async move {
            match api::notifications(before.as_deref()).await {
                Ok(page) => {
                    unread.set(page.unread);
                    more.set(page.notifications.len() >= 30);
                    items.update(|v| v.extend(page.notifications));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message())),
            }
            loaded.set(true);
        });
    };
    load(None);
    let navigate = use_navigate();
    let open = move |n: Notification| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if !n.read && api::mark_read(Some(&n.id)).await.is_ok() {
                unread.update(|u| *u = u.saturating_sub(1));
            }
            navigate(&n.link, Default::default());
        });
    };
    let read_all = move |_| {
        leptos::task::spawn_local(async move {
            match api::mark_read(None).await {
                Ok(()) => {
                    items.update(|v| v.iter_mut().for_each(|n| n.read = true));
                    unread.set(0);
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let older = move |_| {
        let last = items.with_untracked(|v| v.last().map(|n| n.id.clone()));
        load(last);
    };
    view! {
        <h1 class="page-title">"通知"</h1>
        <section class="card">
            <p class="actions">
                <button class="btn btn-quiet" on:click=read_all disabled=move || unread.get() == 0>"全部标为已读"</button>
                <span class="muted">{move || format!("{} 条未读", unread.get())}</span>
            </p>
            {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
            {move || (loaded.get() && items.with(Vec::is_empty)).then(|| view! { <p class="muted">"还没有通知。"</p> })}
            {move || {
                let open = open.clone();
                days(&items.get()).into_iter().map(|(day, list)| {
                    let open = open.clone();
                    view! {
                        <h2 class="day">{day}</h2>
                        <ul class="notes">
                            {list.into_iter().map(|n| {
                                let open = open.clone();
                                let class = if n.read { "note" } else { "note unread" };
                                let time = n.created_at.get(11..).unwrap_or_default().to_owned();
                                let go = n.clone();
                                view! {
                                    <li class=class>
                                        <button class="note-open" on:click=move |_| open(go.clone())>
                                            <strong>{n.title.clone()}</strong>
                                            {(!n.body.is_empty()).then(|| view! { <span class="note-body">{n.body.clone()}</span> })}
                                            <span class="when">{time}{if n.read { "" } else { " · 未读" }}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                }).collect_view()
            }}
            {move || more.get().then(|| view! { <p class="actions"><button class="btn btn-quiet" on:click=older>"更早的通知"</button></p> })}
        </section>
    }
}

/// The notifications by day (`YYYY-MM-DD`), in the order given.
fn days(items: &[Notification]) -> Vec<(String, Vec<Notification>)> {
    let mut out: Vec<(String, Vec<Notification>)> = Vec::new();
    for n in items {
        let day = n.created_at.get(..10).unwrap_or_default().to_owned();
        match out.last_mut() {
            Some((d, list)) if *d == day => list.push(n.clone()),
            _ => out.push((day, vec![n.clone()])),
        }
    }
    out
}
