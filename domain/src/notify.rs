//! Who is told what (SPEC §13 notifications): pure rules from a change to
//! the notices it causes, by audience. The server resolves an audience to
//! the users in scope (the class's counselors, the college's deans, the
//! office) and writes the notices in the same transaction as the change.

use crate::pages::Page;
use serde::{Deserialize, Serialize};

use crate::{nomination::NominationType, workflow::State};

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A nomination reached the reader's level.
    ToReview,
    /// The reader's nomination passed a level.
    Passed,
    Returned,
    Rejected,
    Appointed,
    Renewed,
    Dismissed,
    RoundOpened,
    Reminder,
    SubmissionAccepted,
    SubmissionReturned,
    /// A liaison wrote down an alumnus's feedback (for college and office).
    Feedback,
    /// Staff answered the liaison's feedback entry.
    FeedbackReplied,
    /// The office decided not to renew the liaison's term.
    NotRenewed,
    /// A stand-in (代理审批) was named, or ended.
    StandIn,
    /// A nomination reached a level where the reader is copied (抄送).
    Copied,
}

/// Who, relative to the change, is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// The student the nomination is about (or the liaison).
    Applicant,
    /// The counselor who recommended the student (班级推荐), if another person.
    Recommender,
    /// The counselors of the class.
    Counselors,
    /// The deans of the college.
    Deans,
    /// Everybody in the office.
    Office,
    /// The people copied at the level the nomination reached (抄送).
    Copied,
}

/// One notice before it is addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub to: To,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub link: String,
}

/// What the notices of a nomination's change mention.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub nomination_id: &'a str,
    pub nomination_type: NominationType,
    pub student_name: &'a str,
    pub class_name: &'a str,
    /// The opinion given with the decision (empty when none).
    pub opinion: &'a str,
}

/// The notices of a nomination moving from `before` to `after`.
///
/// Long: a table of (before, after) → who is told what; split, the table would be read in pieces.
pub fn on_transition(before: State, after: State, a: &About<'_>) -> Vec<Notice> {
    if before == after {
        return Vec::new();
    }
    let link = crate::pages::nomination(a.nomination_id);
    let mine = Page::Nominations.path().to_owned();
    let who = format!("{} {}", a.class_name, a.student_name);
    let opinion = if a.opinion.trim().is_empty() {
        String::new()
    } else {
        format!("意见：{}", a.opinion.trim())
    };
    let notice = |to, kind, title: &str, body: String, link: &str| Notice {
        to,
        kind,
        title: title.to_owned(),
        body,
        link: link.to_owned(),
    };
    let review = |to| {
        notice(
            to,
            Kind::ToReview,
            "有推荐表待您审核",
            format!("{who}的推荐表（{}）待您审核。", a.nomination_type.label()),
            &link,
        )
    };
    let passed = |level: &str| {
        notice(
            To::Applicant,
            Kind::Passed,
            &format!("推荐表已通过{level}审核"),
            opinion.clone(),
            &mine,
        )
    };
    let mut out = Vec::new();
    match after {
        State::PendingCounselor => out.push(review(To::Counselors)),
        State::PendingCollege => {
            out.push(review(To::Deans));
            if before == State::PendingCounselor {
                out.push(passed("辅导员"));
            }
        }
        State::PendingOffice => {
            out.push(review(To::Office));
            if before == State::PendingCollege {
                out.push(passed("学院"));
            }
        }
        State::Appointed => {
            let body = format!("{who}已被聘为校友联络员。");
            out.push(notice(
                To::Applicant,
                Kind::Appointed,
                "您已被聘为校友联络员",
                format!(
                    "校友服务与发展中心已批准您的推荐表，聘书可在联络员名单中查看。{OWN_PASSWORD}"
                ),
                &mine,
            ));
            if a.nomination_type == NominationType::Class {
                out.push(notice(
                    To::Recommender,
                    Kind::Appointed,
                    "您推荐的学生已被聘任",
                    body,
                    &link,
                ));
            }
        }
        State::Returned => out.push(notice(
            To::Applicant,
            Kind::Returned,
            "推荐表被退回修改",
            opinion.clone(),
            &mine,
        )),
        State::Rejected => out.push(notice(
            To::Applicant,
            Kind::Rejected,
            "推荐表未通过",
            opinion.clone(),
            &mine,
        )),
        State::Draft | State::Withdrawn => {}
    }
    // A class nomination's applicant is the recommending counselor's
    // student: tell the counselor what the student is told, too.
    if a.nomination_type == NominationType::Class
        && matches!(after, State::Returned | State::Rejected)
    {
        let mut n = out[0].clone();
        n.to = To::Recommender;
        n.link = link.clone();
        n.title = format!("{}：{}", a.student_name, n.title);
        out.push(n);
    }
    // Whoever is copied at the level reached reads it, last.
    if let Some(stage) = after.stage() {
        out.push(notice(
            To::Copied,
            Kind::Copied,
            &format!(
                "抄送：{who}的推荐表已到{}",
                crate::copies::stage_label(stage)
            ),
            format!(
                "{who}的推荐表（{}）已到{}，抄送给您阅知（只读，无需审批）。",
                a.nomination_type.label(),
                crate::copies::stage_label(stage)
            ),
            &link,
        ));
    }
    out
}

/// Told to a new liaison: the term outlasts the campus account.
pub const OWN_PASSWORD: &str = "任期到毕业后三年，届时学校账号会停用；若您通过统一身份认证登录，请在“账号设置”中设置个人密码。";

/// A change to a liaison's term, as the liaison hears it.
pub fn to_liaison(kind: Kind, class_name: &str, term_end: &str, reason: &str) -> Notice {
    let (title, body) = match kind {
        Kind::Appointed => (
            "您已被聘为校友联络员".to_owned(),
            format!("{class_name}，任期至 {term_end}。{OWN_PASSWORD}"),
        ),
        Kind::Renewed => (
            "您已连任校友联络员".to_owned(),
            format!("{class_name}，任期延至 {term_end}。"),
        ),
        Kind::NotRenewed => (
            "您的校友联络员任期届满后不再续聘".to_owned(),
            if reason.trim().is_empty() {
                format!("{class_name}，任期至 {term_end}。")
            } else {
                format!("{class_name}，任期至 {term_end}。说明：{}", reason.trim())
            },
        ),
        _ => (
            "您的校友联络员职务已解除".to_owned(),
            if reason.trim().is_empty() {
                class_name.to_owned()
            } else {
                format!("{class_name}。原因：{}", reason.trim())
            },
        ),
    };
    Notice {
        to: To::Applicant,
        kind,
        title,
        body,
        link: "/".into(),
    }
}

/// A liaison's feedback entry, as the class's counselors, the college's
/// deans and the office hear of it.
pub fn on_feedback(liaison: &str, class_name: &str, text: &str) -> Vec<Notice> {
    let excerpt: String = text.trim().chars().take(60).collect();
    [To::Counselors, To::Deans, To::Office]
        .into_iter()
        .map(|to| Notice {
            to,
            kind: Kind::Feedback,
            title: "联络员转来校友意见建议".to_owned(),
            body: format!("{class_name} {liaison}：{excerpt}"),
            link: Page::Log.path().to_owned(),
        })
        .collect()
}

/// Staff answered a feedback entry: what the liaison hears.
pub fn feedback_replied(by: &str, reply: &str, handled: bool) -> Notice {
    let excerpt: String = reply.trim().chars().take(60).collect();
    Notice {
        to: To::Applicant,
        kind: Kind::FeedbackReplied,
        title: if handled {
            "您转来的意见建议已处理".to_owned()
        } else {
            "您转来的意见建议有了回复".to_owned()
        },
        body: format!("{by}：{excerpt}"),
        link: Page::Log.path().to_owned(),
    }
}

/// The office's decision on a college's 报送, as its deans hear it.
pub fn on_handover(accepted: bool, what: &str, version: u32, reason: &str) -> Notice {
    let (kind, title, body) = if accepted {
        (
            Kind::SubmissionAccepted,
            format!("校友办已接收{what}"),
            format!("第 {version} 版已接收。"),
        )
    } else {
        (
            Kind::SubmissionReturned,
            format!("校友办退回了{what}"),
            format!("第 {version} 版被退回。理由：{}", reason.trim()),
        )
    };
    Notice {
        to: To::Deans,
        kind,
        title,
        body,
        link: Page::Submissions.path().into(),
    }
}

/// The September update round opened, as every active liaison hears it.
pub fn round_opened(year: u16) -> Notice {
    Notice {
        to: To::Applicant,
        kind: Kind::RoundOpened,
        title: format!("{year}年度通讯录更新已开始"),
        body: "请核对并更新本班每位同学的联系方式，逐条确认。".into(),
        link: Page::Directory.path().into(),
    }
}

/// Which reminder is due with `days_left` to a deadline: the 7-day one
/// from 7 to 2 days before, the 1-day one the day before and on the day,
/// none after. A server that was down for the first window sends only
/// the second.
pub fn reminder_due(days_left: i64) -> Option<u8> {
    match days_left {
        0..=1 => Some(1),
        2..=7 => Some(7),
        _ => None,
    }
}

/// A deadline reminder: `what` (推荐截止 / 材料截止) on `date`, for the
/// reader's `classes` that still lack `missing`.
pub fn reminder(
    cohort: u16,
    what: &str,
    date: &str,
    days_left: i64,
    missing: &str,
    classes: &[String],
    link: &str,
) -> Notice {
    let when = crate::submission::days_left_label(days_left);
    const SHOWN: usize = 5;
    let mut list = classes
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("、");
    if classes.len() > SHOWN {
        list.push_str(&format!(" 等 {} 个班级", classes.len()));
    }
    Notice {
        to: To::Applicant,
        kind: Kind::Reminder,
        title: format!("{cohort}届{what}{when}（{date}）"),
        body: format!("{missing}：{list}"),
        link: link.to_owned(),
    }
}

/// How long a notification is kept.
pub const KEEP_DAYS: i64 = 180;

#[cfg(test)]
mod tests;
