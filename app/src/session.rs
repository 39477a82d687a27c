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

impl Auth {
    /// The signed-in user, if any.
    pub fn user(self) -> Option<User> {
        match self {
            Auth::SignedIn(u) => Some(u),
            _ => None,
        }
    }
}

/// The session signal in context.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Auth>);

/// Puts the session into context and asks the server who we are. Without
/// a connection, the user last signed in on this device keeps working on
/// what is stored here (SPEC §9); their writes wait for the server.
pub fn provide() {
    let auth = RwSignal::new(Auth::Checking);
    provide_context(Session(auth));
    leptos::task::spawn_local(async move {
        let next = match crate::api::me().await {
            Ok(user) => Auth::SignedIn(user),
            Err(e) if e.status == 0 => crate::local::get::<User>("user")
                .map(Auth::SignedIn)
                .unwrap_or(Auth::SignedOut),
            Err(_) => Auth::SignedOut,
        };
        auth.set(next);
    });
    // Remember who is signed in; another account's local data goes.
    Effect::new(move |_| {
        if let Auth::SignedIn(u) = auth.get() {
            if crate::local::get::<User>("user").is_some_and(|old| old.id != u.id) {
                crate::local::clear_all();
            }
            crate::local::set("user", &u);
        }
    });
}

pub fn use_session() -> RwSignal<Auth> {
    use_context::<Session>()
        .map(|s| s.0)
        .unwrap_or_else(|| RwSignal::new(Auth::SignedOut))
}
