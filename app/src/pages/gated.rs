//! Pages that only some bundles carry (see `crate::BUNDLE`). In a bundle
//! without them the route shows "page not found", so the route list stays
//! one list.

use leptos::prelude::*;

use crate::{components::shell::Shell, pages::not_found::NotFound};

fn missing() -> AnyView {
    view! { <Shell><NotFound/></Shell> }.into_any()
}

/// `lazy_gated!(cfg predicate, Type, page)`: the page inside the shell in the
/// bundles the predicate selects, "page not found" in the others, as a route
/// (`Lazy::<Type>`) whose page is a separate chunk of the bundle, fetched
/// when first visited (or prefetched), so that the first load carries less.
macro_rules! lazy_gated {
    ($when:meta, $name:ident, $page:path) => {
        pub struct $name;
        #[cfg($when)]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $name {
            fn data() -> Self {
                $name
            }
            fn view(_this: Self) -> AnyView {
                view! { <Shell>{$page()}</Shell> }.into_any()
            }
        }
        #[cfg(not($when))]
        impl leptos_router::LazyRoute for $name {
            fn data() -> Self {
                $name
            }
            async fn view(_this: Self) -> AnyView {
                missing()
            }
        }
    };
}

// 我的推荐表: students only (staff reach nominations through 待办 and 班级推荐).
lazy_gated!(
    not(any(
        feature = "counselor",
        feature = "dean",
        feature = "office",
        feature = "admin"
    )),
    MyNomination,
    super::nominations::MyNomination
);
// 班级通讯录: students (liaisons edit), counselors and the office.
lazy_gated!(
    not(any(feature = "dean", feature = "admin")),
    Directory,
    super::directory::DirectoryPage
);
// 毕业合影: students (liaisons upload) and counselors.
lazy_gated!(
    any(
        not(any(
            feature = "counselor",
            feature = "dean",
            feature = "office",
            feature = "admin"
        )),
        feature = "counselor"
    ),
    Photos,
    super::photos::PhotoPage
);
lazy_gated!(
    feature = "counselor",
    Recommend,
    super::nominations::Recommend
);
// The chain's pages: counselors, deans and the office.
lazy_gated!(
    any(feature = "counselor", feature = "dean", feature = "office"),
    Todo,
    super::review::Todo
);
lazy_gated!(
    any(feature = "counselor", feature = "dean", feature = "office"),
    Detail,
    super::review::Detail
);
// The printable 推荐表: approvers, and students for their own form.
lazy_gated!(not(feature = "admin"), Print, super::print::PrintPage);
// Results: deans (their college) and the office.
lazy_gated!(
    any(feature = "dean", feature = "office"),
    Dashboard,
    super::results::DashboardPage
);
lazy_gated!(
    any(feature = "dean", feature = "office"),
    Summary,
    super::results::SummaryPage
);
// 学院报送: the dean submits, the office accepts or returns.
lazy_gated!(
    any(feature = "dean", feature = "office"),
    Submissions,
    super::submissions::SubmissionsPage
);
// 工作记录: liaisons write, college staff and the office read and answer.
lazy_gated!(not(feature = "admin"), Log, super::duty::LogPage);
lazy_gated!(feature = "office", Renewals, super::duty::RenewalsPage);
lazy_gated!(feature = "office", Liaisons, super::office::LiaisonList);
lazy_gated!(feature = "office", Certificate, super::office::Certificate);
lazy_gated!(
    feature = "office",
    Certificates,
    super::office::CertificateBatch
);
lazy_gated!(feature = "admin", Setup, super::setup::Setup);
lazy_gated!(
    any(feature = "office", feature = "admin"),
    Campaigns,
    super::campaigns::Campaigns
);
lazy_gated!(all(), Account, super::account::Account);
lazy_gated!(
    all(),
    Notifications,
    super::notifications::NotificationsPage
);

/// The public list of liaisons: anyone, signed in or not, so outside the shell.
pub struct Public;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for Public {
    fn data() -> Self {
        Public
    }
    fn view(_this: Self) -> AnyView {
        super::public::PublicList().into_any()
    }
}

/// Loads this bundle's page chunks one after another, the role's most used
/// page first (a student's 推荐表, the approvers' 待办, the admin's set-up),
/// so that opening a page rarely waits. Pages the bundle lacks load nothing.
pub async fn preload_all() {
    use leptos_router::LazyRoute;
    MyNomination::preload().await;
    Todo::preload().await;
    Setup::preload().await;
    Detail::preload().await;
    Directory::preload().await;
    Recommend::preload().await;
    Dashboard::preload().await;
    Summary::preload().await;
    Submissions::preload().await;
    Liaisons::preload().await;
    Log::preload().await;
    Renewals::preload().await;
    Print::preload().await;
    Photos::preload().await;
    Campaigns::preload().await;
    Certificate::preload().await;
    Certificates::preload().await;
    Account::preload().await;
    Notifications::preload().await;
}
