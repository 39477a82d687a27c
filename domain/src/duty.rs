//! A liaison's duty log (工作记录, SPEC §13) and the renewal review it feeds:
//! the three kinds of entry, what each must hold, who may still add, when
//! feedback counts as overdue and whose term is up for review. The client
//! checks a draft with these rules as it is typed; the server refuses with
//! the same messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::submission::days_left;

/// What an entry records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// 校友活动: date, place, title, participants, description, photos.
    #[default]
    Activity,
    /// 投稿/宣传: title, where published, link or text.
    Article,
    /// 意见建议: an alumnus's opinion or request, answered by staff.
    Feedback,
}

impl LogKind {
    pub const ALL: [LogKind; 3] = [LogKind::Activity, LogKind::Article, LogKind::Feedback];

    pub fn label(self) -> &'static str {
        match self {
            LogKind::Activity => "校友活动",
            LogKind::Article => "投稿宣传",
            LogKind::Feedback => "意见建议",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Activity => "activity",
            LogKind::Article => "article",
            LogKind::Feedback => "feedback",
        }
    }

    /// What the `place` field means for this kind.
    pub fn place_label(self) -> &'static str {
        match self {
            LogKind::Article => "发布/投稿平台",
            _ => "地点",
        }
    }
}

/// The Chinese name of a [`LogInput`] field, for messages and conflicts.
pub fn field_label(key: &str) -> &'static str {
    match key {
        "kind" => "类型",
        "date" => "日期",
        "title" => "标题",
        "text" => "内容",
        "place" => "地点或平台",
        "participants" => "参加人数",
        "link" => "链接",
        "consent" => "同意联系",
        _ => "其他",
    }
}

/// Most photos one activity carries.
pub const MAX_PHOTOS: usize = 3;
pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_PLACE_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 2000;
pub const MAX_LINK_CHARS: usize = 500;
pub const MAX_REPLY_CHARS: usize = 1000;
/// Most people one activity may count.
pub const MAX_PARTICIPANTS: u32 = 100_000;
/// Unhandled feedback older than this is flagged.
pub const FEEDBACK_DUE_DAYS: i64 = 14;
/// Terms ending within this many days are up for review.
pub const RENEWAL_WINDOW_DAYS: i64 = 90;

/// What the liaison writes: one entry's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LogInput {
    pub kind: LogKind,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    /// Description (activity), the text (article), the opinion (feedback).
    pub text: String,
    /// Where (activity); where published or submitted (article).
    pub place: String,
    /// People at the activity.
    pub participants: Option<u32>,
    pub link: String,
    /// The alumnus agreed to be contacted about their feedback.
    pub consent: bool,
}

/// The liaison's term, against which dates are checked.
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    pub start: &'a str,
    pub today: &'a str,
}

/// Field → message for every problem of `input`; empty when it may be saved.
pub fn check(input: &LogInput, term: Term<'_>) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    let too_long = |s: &str, max: usize| s.chars().count() > max;
    let date = input.date.trim();
    if date.is_empty() {
        out.insert("date", "请填写日期".to_owned());
    } else if !crate::org::is_iso_date(date) {
        out.insert("date", "日期格式应为 年-月-日".to_owned());
    } else if date > term.today {
        out.insert("date", "日期不能晚于今天".to_owned());
    } else if date < term.start {
        out.insert("date", format!("日期不能早于任期开始（{}）", term.start));
    }
    let title = input.title.trim();
    if title.is_empty() && input.kind != LogKind::Feedback {
        out.insert("title", "请填写标题".to_owned());
    } else if too_long(title, MAX_TITLE_CHARS) {
        out.insert("title", format!("标题最多{MAX_TITLE_CHARS}个字"));
    }
    let place = input.place.trim();
    if place.is_empty() && input.kind != LogKind::Feedback {
        out.insert("place", format!("请填写{}", input.kind.place_label()));
    } else if too_long(place, MAX_PLACE_CHARS) {
        out.insert("place", format!("最多{MAX_PLACE_CHARS}个字"));
    }
    let text = input.text.trim();
    if too_long(text, MAX_TEXT_CHARS) {
        out.insert("text", format!("内容最多{MAX_TEXT_CHARS}个字"));
    } else if text.is_empty() && input.kind == LogKind::Feedback {
        out.insert("text", "请填写校友的意见或建议".to_owned());
    }
    let link = input.link.trim();
    if !link.is_empty()
        && (too_long(link, MAX_LINK_CHARS)
            || !(link.starts_with("https://") || link.starts_with("http://"))
            || link.contains(char::is_whitespace))
    {
        out.insert("link", "链接应以 http:// 或 https:// 开头".to_owned());
    } else if input.kind == LogKind::Article && link.is_empty() && text.is_empty() {
        out.insert("link", "请填写文章链接或正文".to_owned());
    }
    if input.kind == LogKind::Activity {
        match input.participants {
            None | Some(0) => {
                out.insert("participants", "请填写参加人数".to_owned());
            }
            Some(n) if n > MAX_PARTICIPANTS => {
                out.insert("participants", format!("参加人数最多{MAX_PARTICIPANTS}"));
            }
            _ => {}
        }
    }
    out
}

/// `input` as stored: trimmed, with the fields its kind does not use
/// emptied (a feedback entry keeps no participants, an activity no consent).
pub fn normalise(input: &LogInput) -> LogInput {
    let k = input.kind;
    LogInput {
        kind: k,
        date: input.date.trim().to_owned(),
        title: input.title.trim().to_owned(),
        text: input.text.trim().to_owned(),
        place: if k == LogKind::Feedback {
            String::new()
        } else {
            input.place.trim().to_owned()
        },
        participants: input.participants.filter(|_| k == LogKind::Activity),
        link: if k == LogKind::Article {
            input.link.trim().to_owned()
        } else {
            String::new()
        },
        consent: input.consent && k == LogKind::Feedback,
    }
}

/// Whether a liaison in this state may still add or change entries.
pub fn may_write(active: bool) -> Result<(), &'static str> {
    if active {
        Ok(())
    } else {
        Err("任期已结束：工作记录只能查看，不能再添加或修改")
    }
}

/// Whether an entry may still be changed or deleted by its liaison: feedback
/// that staff answered stays as it was answered.
pub fn may_edit(kind: LogKind, replied: bool) -> Result<(), &'static str> {
    if kind == LogKind::Feedback && replied {
        Err("这条意见建议已有回复，不能再修改或删除")
    } else {
        Ok(())
    }
}

/// A staff reply, trimmed; the message says why not.
pub fn reply_text(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("请填写回复内容".into());
    }
    if t.chars().count() > MAX_REPLY_CHARS {
        return Err(format!("回复最多{MAX_REPLY_CHARS}个字"));
    }
    Ok(t.to_owned())
}

/// Feedback still unhandled `FEEDBACK_DUE_DAYS` after it was written down.
pub fn overdue(kind: LogKind, handled: bool, created_on: &str, today: &str) -> bool {
    kind == LogKind::Feedback
        && !handled
        && days_left(today, created_on).is_some_and(|d| d >= FEEDBACK_DUE_DAYS)
}

/// Whether a term ending `term_end` is up for review on `today`: within
/// the window, not yet over.
pub fn up_for_renewal(term_end: &str, today: &str) -> bool {
    days_left(term_end, today).is_some_and(|d| (0..=RENEWAL_WINDOW_DAYS).contains(&d))
}

/// The office's decision on a term up for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    /// 连任.
    Renew,
    /// 不再续聘: the term runs to its end and is not extended.
    End,
}

impl Renewal {
    pub fn label(self) -> &'static str {
        match self {
            Renewal::Renew => "连任",
            Renewal::End => "不再续聘",
        }
    }
}

/// Counts of a set of entries (one liaison, one college, one year).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tally {
    pub activities: u32,
    pub participants: u32,
    pub articles: u32,
    pub feedback_handled: u32,
    pub feedback_open: u32,
}

impl Tally {
    pub fn add(&mut self, kind: LogKind, participants: Option<u32>, handled: bool) {
        match kind {
            LogKind::Activity => {
                self.activities += 1;
                self.participants = self.participants.saturating_add(participants.unwrap_or(0));
            }
            LogKind::Article => self.articles += 1,
            LogKind::Feedback if handled => self.feedback_handled += 1,
            LogKind::Feedback => self.feedback_open += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.activities + self.articles + self.feedback_handled + self.feedback_open
    }
}

/// The columns of the per-college, per-year table and its spreadsheet.
pub const SUMMARY_COLUMNS: [&str; 7] = [
    "学院",
    "年份",
    "校友活动",
    "参加人次",
    "投稿宣传",
    "意见已处理",
    "意见待处理",
];

#[cfg(test)]
mod tests;
