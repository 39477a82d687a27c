//! Who is signed in, shared through context.

use domain::api::User;
use leptos::prelude::*;

/// What the client knows about the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Asking the server (`GET /me`).
    Checking,
    SignedOut,
    SignedIn(User),
}

/// The session signal in context.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Auth>);

/// Puts the session into context and asks the server who we are.
pub fn provide() {
    let auth = RwSignal::new(Auth::Checking);
    provide_context(Session(auth));
    leptos::task::spawn_local(async move {
        let next = match crate::api::me().await {
            Ok(user) => Auth::SignedIn(user),
            Err(_) => Auth::SignedOut,
        };
        auth.set(next);
    });
}

pub fn use_session() -> RwSignal<Auth> {
    use_context::<Session>()
        .map(|s| s.0)
        .unwrap_or_else(|| RwSignal::new(Auth::SignedOut))
}
