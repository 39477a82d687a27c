//! Every page of the client, in one place: its path, title, purpose and
//! which roles' navigation shows it. The client's router is built from the
//! segments here, and every link — the client's, and the ones the server
//! puts in notifications and reminders — asks here, so no page path is
//! typed twice.

use crate::Role;

/// The pages in the navigation, each with its own path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Login,
    Nominations,
    Todo,
    Directory,
    Liaisons,
    Setup,
    Dashboard,
    Account,
    Campaigns,
    Recommend,
    Summary,
    Photos,
    Submissions,
    Log,
    Renewals,
    Notifications,
    Public,
}

/// Each page's path segment, and its path (`/` + the segment).
macro_rules! segments {
    ($($page:ident => $seg:literal),* $(,)?) => {
        impl Page {
            /// The page's segment under `/` (empty for 首页).
            pub const fn segment(self) -> &'static str {
                match self {
                    Page::Home => "",
                    $(Page::$page => $seg,)*
                }
            }

            pub const fn path(self) -> &'static str {
                match self {
                    Page::Home => "/",
                    $(Page::$page => concat!("/", $seg),)*
                }
            }
        }
    };
}

segments! {
    Login => "login",
    Nominations => "nominations",
    Todo => "todo",
    Directory => "directory",
    Liaisons => "liaisons",
    Setup => "setup",
    Dashboard => "dashboard",
    Account => "account",
    Campaigns => "campaigns",
    Recommend => "recommend",
    Summary => "summary",
    Photos => "photos",
    Submissions => "submissions",
    Log => "log",
    Renewals => "renewals",
    Notifications => "notifications",
    Public => "public",
}

/// The last segment of a nomination's print page (`/nominations/{id}/print`).
pub const PRINT: &str = "print";
/// The last segment of a liaison's certificate (`/liaisons/{id}/certificate`).
pub const CERTIFICATE: &str = "certificate";
/// The certificates of a college, under `/liaisons` (`?college=`).
pub const CERTIFICATES: &str = "certificates";

/// One nomination.
pub fn nomination(id: &str) -> String {
    format!("{}/{id}", Page::Nominations.path())
}

/// One nomination, ready to print.
pub fn nomination_print(id: &str) -> String {
    format!("{}/{id}/{PRINT}", Page::Nominations.path())
}

/// A liaison's certificate (聘书).
pub fn certificate(liaison: &str) -> String {
    format!("{}/{liaison}/{CERTIFICATE}", Page::Liaisons.path())
}

/// A college's certificates, to print at once.
pub fn certificates(college: &str) -> String {
    format!("{}/{CERTIFICATES}?college={college}", Page::Liaisons.path())
}

/// The duty logs with feedback still open.
pub fn open_feedback() -> String {
    format!("{}?open=1", Page::Log.path())
}

impl Page {
    pub fn title(self) -> &'static str {
        match self {
            Page::Home => "首页",
            Page::Login => "登录",
            Page::Nominations => "我的推荐表",
            Page::Todo => "待办审核",
            Page::Directory => "班级通讯录",
            Page::Liaisons => "联络员名单",
            Page::Setup => "组织与账号",
            Page::Dashboard => "工作概览",
            Page::Account => "账号设置",
            Page::Campaigns => "届次",
            Page::Recommend => "班级推荐",
            Page::Summary => "汇总表",
            Page::Photos => "毕业合影",
            Page::Submissions => "学院报送",
            Page::Log => "工作记录",
            Page::Renewals => "续聘审核",
            Page::Notifications => "通知",
            Page::Public => "联络员公开名单",
        }
    }

    /// What the page will be for, shown until it is built.
    pub fn purpose(self) -> &'static str {
        match self {
            Page::Nominations => "填写、保存并提交校友联络员推荐表，查看审核进度。",
            Page::Todo => "审核待办的推荐表：同意、退回修改或不同意，并签署意见。",
            Page::Directory => "维护班级通讯录，按学校模板导入、导出。",
            Page::Liaisons => "聘任、连任、解聘、增补联络员，打印聘书，发布名单。",
            Page::Setup => "维护学院、班级、届次，导入学生和教职工名单，上传印章。",
            Page::Dashboard => "各学院推荐、审核、通讯录与合影的完成情况。",
            Page::Account => "修改密码和本人联系方式。",
            Page::Campaigns => "各届推荐工作的时间安排，延长截止日期。",
            Page::Recommend => "代表班级推荐学生担任联络员，填写推荐表。",
            Page::Summary => "推荐人选汇总表，可下载 Excel。",
            Page::Photos => "上传班级毕业合影，按排填写人员名单。",
            Page::Submissions => "学院向校友办报送推荐材料和校友数据，加盖学院公章。",
            Page::Log => "联络员的活动、投稿和校友意见建议。",
            Page::Renewals => "任期将满的联络员：连任或不再续聘。",
            Page::Home | Page::Login | Page::Notifications | Page::Public => "",
        }
    }

    /// The pages in a role's navigation, after 首页.
    pub fn nav_for(role: Role) -> &'static [Page] {
        match role {
            Role::Student => &[Page::Nominations, Page::Directory, Page::Photos, Page::Log],
            Role::Counselor => &[
                Page::Todo,
                Page::Recommend,
                Page::Directory,
                Page::Photos,
                Page::Log,
            ],
            Role::Dean => &[
                Page::Todo,
                Page::Summary,
                Page::Submissions,
                Page::Log,
                Page::Dashboard,
            ],
            Role::Office => &[
                Page::Todo,
                Page::Liaisons,
                Page::Renewals,
                Page::Log,
                Page::Directory,
                Page::Summary,
                Page::Submissions,
                Page::Campaigns,
                Page::Dashboard,
            ],
            Role::Admin => &[Page::Setup, Page::Campaigns],
        }
    }
}
