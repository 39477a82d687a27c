//! Pages that only some bundles carry (see `crate::BUNDLE`). In a bundle
//! without them the route shows "page not found", so the route list stays
//! one list.

use leptos::prelude::*;

use crate::{components::shell::Shell, pages::not_found::NotFound};

#[allow(dead_code)]
fn missing() -> AnyView {
    view! { <Shell><NotFound/></Shell> }.into_any()
}

/// `gated!(cfg predicate, fn name, page)`: the page inside the shell in the
/// bundles the predicate selects, "page not found" in the others.
macro_rules! gated {
    ($when:meta, $name:ident, $page:path) => {
        #[cfg($when)]
        pub fn $name() -> AnyView {
            view! { <Shell>{$page()}</Shell> }.into_any()
        }
        #[cfg(not($when))]
        pub fn $name() -> AnyView {
            missing()
        }
    };
}

// 我的推荐表: students only (staff reach nominations through 待办 and 班级推荐).
gated!(
    not(any(
        feature = "counselor",
        feature = "dean",
        feature = "office",
        feature = "admin"
    )),
    my_nomination,
    super::nominations::MyNomination
);
// 班级通讯录: students (liaisons edit), counselors and the office.
gated!(
    not(any(feature = "dean", feature = "admin")),
    directory,
    super::directory::DirectoryPage
);
// 毕业合影: students (liaisons upload) and counselors.
gated!(
    any(
        not(any(
            feature = "counselor",
            feature = "dean",
            feature = "office",
            feature = "admin"
        )),
        feature = "counselor"
    ),
    photos,
    super::photos::PhotoPage
);
gated!(
    feature = "counselor",
    recommend,
    super::nominations::Recommend
);
// The chain's pages: counselors, deans and the office.
gated!(
    any(feature = "counselor", feature = "dean", feature = "office"),
    todo,
    super::review::Todo
);
gated!(
    any(feature = "counselor", feature = "dean", feature = "office"),
    detail,
    super::review::Detail
);
gated!(
    any(feature = "counselor", feature = "dean", feature = "office"),
    print,
    super::print::PrintPage
);
// Results: deans (their college) and the office.
gated!(
    any(feature = "dean", feature = "office"),
    dashboard,
    super::results::DashboardPage
);
gated!(
    any(feature = "dean", feature = "office"),
    summary,
    super::results::SummaryPage
);
gated!(feature = "office", liaisons, super::office::LiaisonList);
gated!(feature = "office", certificate, super::office::Certificate);
gated!(
    feature = "office",
    certificates,
    super::office::CertificateBatch
);
gated!(feature = "admin", setup, super::setup::Setup);
gated!(
    any(feature = "office", feature = "admin"),
    campaigns,
    super::campaigns::Campaigns
);
