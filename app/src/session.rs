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

/// How long the device may go without the server before whoever was
/// signed in is signed out here: the server's idle limit, after which the
/// session is over there too.
const IDLE_MS: f64 = 30.0 * 60.0 * 1000.0;

thread_local! {
    static AUTH: std::cell::Cell<Option<RwSignal<Auth>>> = const { std::cell::Cell::new(None) };
}

/// Puts the session into context and asks the server who we are. Without
/// a connection, the user last signed in on this device keeps working on
/// what is stored here (SPEC §9) for as long as their session could still
/// be alive; their writes wait for the server.
pub fn provide() {
    let auth = RwSignal::new(Auth::Checking);
    provide_context(Session(auth));
    AUTH.with(|a| a.set(Some(auth)));
    leptos::task::spawn_local(async move {
        let next = match crate::api::me().await {
            Ok(user) => Auth::SignedIn(user),
            Err(e) if e.status == 0 && crate::local::seen_within(IDLE_MS) => {
                crate::local::get::<User>("user")
                    .map(Auth::SignedIn)
                    .unwrap_or(Auth::SignedOut)
            }
            Err(_) => {
                crate::local::forget_session();
                Auth::SignedOut
            }
        };
        auth.set(next);
    });
    // Remember who is signed in; another account's local data goes.
    Effect::new(move |_| {
        if let Auth::SignedIn(u) = auth.get() {
            // (A device written before `owner` existed names its account
            // by the user it kept.)
            let owner = crate::local::get::<String>(crate::local::OWNER)
                .or_else(|| crate::local::get::<User>("user").map(|old| old.id));
            if owner.is_some_and(|old| old != u.id) {
                crate::local::clear_all();
            }
            crate::local::set(crate::local::OWNER, &u.id);
            crate::local::set("user", &u);
        }
    });
    // A device left alone longer than a session may idle: ask the server
    // (which has ended it) or, unreachable, end it here.
    leptos::task::spawn_local(async move {
        loop {
            crate::sleep_ms(30_000).await;
            if matches!(auth.get_untracked(), Auth::SignedIn(_))
                && !crate::local::seen_within(IDLE_MS)
                && crate::api::me().await.is_err()
            {
                ended();
            }
        }
    });
}

/// The session is over (the server answered 401, or the device was away
/// too long): nothing readable stays, and the login page shows.
pub fn ended() {
    crate::local::forget_session();
    // Only a signed-in page changes: one still asking the server (or the
    // login page) is not drawn again under the user's fingers.
    if let Some(auth) = AUTH.with(std::cell::Cell::get)
        && matches!(auth.get_untracked(), Auth::SignedIn(_))
    {
        auth.set(Auth::SignedOut);
    }
}

pub fn use_session() -> RwSignal<Auth> {
    use_context::<Session>()
        .map(|s| s.0)
        .unwrap_or_else(|| RwSignal::new(Auth::SignedOut))
}
