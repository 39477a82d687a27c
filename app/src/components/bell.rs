//! The bell in every role's header: the unread count, asked for every
//! 15 seconds and whenever the page changes.
//! Kept small — it is in every first load; the list is a lazy page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The signed-in user's unread count, shared by the bell and the list.
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u64>);

pub fn provide() {
    provide_context(Unread(RwSignal::new(0)));
}

pub fn use_unread() -> RwSignal<u64> {
    use_context::<Unread>()
        .map(|u| u.0)
        .unwrap_or_else(|| RwSignal::new(0))
}

/// Asks the server for the count now.
pub fn refresh(unread: RwSignal<u64>) {
    leptos::task::spawn_local(async move {
        if let Ok(n) = crate::api::unread_count().await {
            unread.set(n);
        }
    });
}

#[component]
pub fn Bell() -> impl IntoView {
    let unread = use_unread();
    let location = use_location();
    // Every page change asks again.
    Effect::new(move |_| {
        location.pathname.track();
        refresh(unread);
    });
    // Ask again every 15 seconds while the header is shown (the browser
    // slows timers in hidden tabs by itself).
    use std::sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    };
    let alive = Arc::new(AtomicBool::new(true));
    let on = alive.clone();
    leptos::task::spawn_local(async move {
        loop {
            crate::sleep_ms(15_000).await;
            if !on.load(Ordering::Relaxed) {
                break;
            }
            if let Ok(n) = crate::api::unread_count().await {
                unread.set(n);
            }
        }
    });
    on_cleanup(move || alive.store(false, Ordering::Relaxed));
    let label = move || match unread.get() {
        0 => "通知".to_owned(),
        n => format!("通知，{n} 条未读"),
    };
    view! {
        <a class="bell" href=crate::routes::Page::Notifications.path() aria-label=label title=label>
            {move || (unread.get() > 0).then(|| view! {
                <span class="bell-count">{move || match unread.get() { n if n > 99 => "99+".to_owned(), n => n.to_string() }}</span>
            })}
        </a>
    }
}
