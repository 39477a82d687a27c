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

gated!("approver", recommend, super::nominations::Recommend);
gated!("admin", setup, super::setup::Setup);
gated!("office", liaisons, super::office::LiaisonList);
gated!("office", certificate, super::office::Certificate);
gated!("office", dashboard, super::office::DashboardPage);

/// Pages of counselors, deans and the office.
macro_rules! chain {
    ($name:ident, $page:path) => {
        #[cfg(any(feature = "approver", feature = "office"))]
        pub fn $name() -> AnyView {
            view! { <Shell>{$page()}</Shell> }.into_any()
        }
        #[cfg(not(any(feature = "approver", feature = "office")))]
        pub fn $name() -> AnyView {
            missing()
        }
    };
}

chain!(todo, super::review::Todo);
chain!(detail, super::review::Detail);
chain!(print, super::print::PrintPage);

/// 我的推荐表: students only (staff reach nominations through 待办 and 班级推荐).
#[cfg(not(any(feature = "approver", feature = "office", feature = "admin")))]
pub fn my_nomination() -> AnyView {
    view! { <Shell>{super::nominations::MyNomination()}</Shell> }.into_any()
}

#[cfg(any(feature = "approver", feature = "office", feature = "admin"))]
pub fn my_nomination() -> AnyView {
    missing()
}

/// 届次: the office and the admin use it.
#[cfg(any(feature = "office", feature = "admin"))]
pub fn campaigns() -> AnyView {
    view! { <Shell>{super::campaigns::Campaigns()}</Shell> }.into_any()
}

#[cfg(not(any(feature = "office", feature = "admin")))]
pub fn campaigns() -> AnyView {
    missing()
}
