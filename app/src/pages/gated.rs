//! Pages that only some bundles carry (see `crate::BUNDLE`). In a bundle
//! without them the route shows "page not found", so the route list stays
//! one list.

use leptos::prelude::*;

use crate::{components::shell::Shell, pages::not_found::NotFound};

#[allow(dead_code)]
fn missing() -> AnyView {
    view! { <Shell><NotFound/></Shell> }.into_any()
}

macro_rules! gated {
    ($feature:literal, $name:ident, $page:path) => {
        #[cfg(feature = $feature)]
        pub fn $name() -> AnyView {
            view! { <Shell>{$page()}</Shell> }.into_any()
        }
        #[cfg(not(feature = $feature))]
        pub fn $name() -> AnyView {
            missing()
        }
    };
}

gated!("approver", todo, super::review::Todo);
gated!("approver", detail, super::review::Detail);
gated!("approver", print, super::print::PrintPage);
gated!("approver", recommend, super::nominations::Recommend);
gated!("admin", setup, super::setup::Setup);

/// 我的推荐表: students only (staff reach nominations through 待办 and 班级推荐).
#[cfg(not(any(feature = "approver", feature = "admin")))]
pub fn my_nomination() -> AnyView {
    view! { <Shell>{super::nominations::MyNomination()}</Shell> }.into_any()
}

#[cfg(any(feature = "approver", feature = "admin"))]
pub fn my_nomination() -> AnyView {
    missing()
}

/// 届次: the office (approver bundle) and the admin use it.
#[cfg(any(feature = "approver", feature = "admin"))]
pub fn campaigns() -> AnyView {
    view! { <Shell>{super::campaigns::Campaigns()}</Shell> }.into_any()
}

#[cfg(not(any(feature = "approver", feature = "admin")))]
pub fn campaigns() -> AnyView {
    missing()
}
