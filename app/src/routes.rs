//! Every client route in one enum, so no URL is typed twice.

use domain::Role;

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
}

impl Page {
    pub fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Login => "/login",
            Page::Nominations => "/nominations",
            Page::Todo => "/todo",
            Page::Directory => "/directory",
            Page::Liaisons => "/liaisons",
            Page::Setup => "/setup",
            Page::Dashboard => "/dashboard",
            Page::Account => "/account",
            Page::Campaigns => "/campaigns",
            Page::Recommend => "/recommend",
            Page::Summary => "/summary",
            Page::Photos => "/photos",
            Page::Submissions => "/submissions",
            Page::Log => "/log",
            Page::Renewals => "/renewals",
        }
    }

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
            Page::Home | Page::Login => "",
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
