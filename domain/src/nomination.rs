//! The 校友联络员推荐表 (SPEC §4): its fields as typed, and the rules that a
//! submitted form must meet. Drafts are kept as typed, however incomplete;
//! [`NominationForm::check`] is run by the browser as the user types and by
//! the server on submit.

use serde::{Deserialize, Serialize};

use crate::{
    org::{FieldErrors, is_iso_date},
    validate::{self, MobilePhone},
};

/// 个人自荐 or 班级推荐 (by the counselor, for a student of their class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum NominationType {
    #[serde(rename = "self")]
    SelfNominated,
    #[serde(rename = "class")]
    Class,
}

impl NominationType {
    pub fn label(self) -> &'static str {
        match self {
            NominationType::SelfNominated => "个人自荐",
            NominationType::Class => "班级推荐",
        }
    }
}

/// 政治面貌, as on the paper form.
pub const POLITICAL_STATUSES: [&str; 5] =
    ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"];

/// 最高学历(学位).
pub const EDUCATIONS: [&str; 4] = ["专科", "本科(学士)", "硕士研究生(硕士)", "博士研究生(博士)"];

/// The five basic conditions; the fifth (cadre experience) is a preference.
pub const CONDITIONS: [&str; 5] = [
    "热爱母校，热心校友工作",
    "较强的责任心和组织协调能力",
    "在同学中有较高威信",
    "工作落实且相对稳定，联系方便",
    "担任过学生干部",
];

/// Profile length in characters.
pub const PROFILE_MIN: usize = 20;
pub const PROFILE_MAX: usize = 500;

/// The applicant's part of the form, as typed (JSON names of SPEC §4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NominationForm {
    pub name: String,
    /// `YYYY-MM`.
    pub birth_month: String,
    pub gender: String,
    pub political_status: String,
    pub education: String,
    pub phone: String,
    pub wechat: String,
    pub profile: String,
    /// Numbers 1–5 of the conditions that hold.
    pub conditions: Vec<u8>,
    pub cadre_posts: String,
    pub destination: String,
}

/// The form's label of a field (JSON name), for messages and conflicts.
pub fn field_label(key: &str) -> &'static str {
    match key {
        "name" => "姓名",
        "birth_month" => "出生年月",
        "gender" => "性别",
        "political_status" => "政治面貌",
        "education" => "最高学历（学位）",
        "phone" => "手机号",
        "wechat" => "微信号",
        "profile" => "个人简介",
        "conditions" => "符合的基本条件",
        "cadre_posts" => "担任过的学生干部职务",
        "destination" => "毕业去向",
        _ => "其他",
    }
}

fn put(e: &mut FieldErrors, field: &str, msg: impl Into<String>) {
    e.entry(field.to_owned()).or_insert_with(|| msg.into());
}

/// A WeChat ID: 6–20 characters, starting with a letter, then letters,
/// digits, `_` or `-`; or a mainland mobile number (WeChat accepts those).
pub fn wechat_id(input: &str) -> Result<String, validate::FieldError> {
    let s = validate::to_half_width(input.trim());
    if s.is_empty() {
        return Err(validate::FieldError("请填写微信号".into()));
    }
    if let Ok(p) = MobilePhone::parse(&s) {
        return Ok(p.as_str().to_owned());
    }
    let n = s.chars().count();
    let first_ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !(6..=20).contains(&n) || !first_ok || !rest_ok {
        return Err(validate::FieldError(
            "微信号应为6–20位，以字母开头，只含字母、数字、_ 或 -（也可填手机号）".into(),
        ));
    }
    Ok(s)
}

/// Whole years between `birth_month` (`YYYY-MM`) and `today` (`YYYY-MM-DD`).
fn age(birth_month: &str, today: &str) -> Option<i32> {
    if !is_iso_date(&format!("{birth_month}-01")) || today.len() < 7 {
        return None;
    }
    let (by, bm): (i32, i32) = (
        birth_month[..4].parse().ok()?,
        birth_month[5..7].parse().ok()?,
    );
    let (ty, tm): (i32, i32) = (today[..4].parse().ok()?, today[5..7].parse().ok()?);
    Some(ty - by - i32::from(tm < bm))
}

impl NominationForm {
    /// Nothing typed yet.
    pub fn is_blank(&self) -> bool {
        *self == NominationForm::default()
    }

    /// Every rule of SPEC §4; `today` (`YYYY-MM-DD`) decides plausible ages.
    /// On success the form comes back cleaned (trimmed, phone normalised).
    ///
    /// Long: one rule per field, in the form's order.
    pub fn check(&self, today: &str) -> Result<NominationForm, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut out = self.clone();
        match validate::person_name(&self.name) {
            Ok(n) => out.name = n,
            Err(m) => put(&mut e, "name", m.0),
        }
        let bm = self.birth_month.trim();
        match age(bm, today) {
            None if bm.is_empty() => put(&mut e, "birth_month", "请填写出生年月"),
            None => put(
                &mut e,
                "birth_month",
                "出生年月格式应为 YYYY-MM，例如 2002-05",
            ),
            Some(a) if !(15..=60).contains(&a) => put(
                &mut e,
                "birth_month",
                "出生年月不合理（年龄应在15–60岁之间）",
            ),
            Some(_) => out.birth_month = bm.to_owned(),
        }
        match validate::gender(&self.gender) {
            Ok(g) => out.gender = g,
            Err(m) => put(&mut e, "gender", m.0),
        }
        if !POLITICAL_STATUSES.contains(&self.political_status.trim()) {
            put(&mut e, "political_status", "请选择政治面貌");
        }
        if !EDUCATIONS.contains(&self.education.trim()) {
            put(&mut e, "education", "请选择最高学历（学位）");
        }
        let phone = MobilePhone::parse(&self.phone);
        match &phone {
            Ok(p) => out.phone = p.as_str().to_owned(),
            Err(m) => put(&mut e, "phone", m.0.clone()),
        }
        match wechat_id(&self.wechat) {
            Ok(w) => out.wechat = w,
            Err(m) => put(&mut e, "wechat", m.0),
        }
        let profile = self.profile.trim();
        let n = profile.chars().count();
        if n == 0 {
            put(&mut e, "profile", "请填写个人简介");
        } else if n < PROFILE_MIN {
            put(
                &mut e,
                "profile",
                format!("个人简介至少{PROFILE_MIN}字（现有{n}字）"),
            );
        } else if n > PROFILE_MAX {
            put(
                &mut e,
                "profile",
                format!("个人简介最多{PROFILE_MAX}字（现有{n}字）"),
            );
        } else if profile.contains(['<', '>']) {
            put(&mut e, "profile", "个人简介请使用纯文本，不要包含 < 或 >");
        } else {
            out.profile = profile.to_owned();
        }
        let mut conditions = self.conditions.clone();
        conditions.sort_unstable();
        conditions.dedup();
        if conditions.iter().any(|c| !(1..=5).contains(c)) {
            put(&mut e, "conditions", "基本条件编号应为1–5");
        } else if !(1..=4).all(|c| conditions.contains(&c)) {
            put(
                &mut e,
                "conditions",
                "联络员须符合前四项基本条件，请逐项确认",
            );
        }
        out.conditions = conditions;
        let posts = self.cadre_posts.trim();
        if out.conditions.contains(&5) && posts.is_empty() {
            put(
                &mut e,
                "cadre_posts",
                "勾选了“担任过学生干部”，请填写担任的职务",
            );
        } else if posts.chars().count() > 200 {
            put(&mut e, "cadre_posts", "学生干部职务最多200字");
        }
        out.cadre_posts = posts.to_owned();
        let dest = self.destination.trim();
        match dest.chars().count() {
            0 => put(
                &mut e,
                "destination",
                "请填写毕业去向（工作单位、升学院校或所在城市）",
            ),
            n if n > 100 => put(&mut e, "destination", "毕业去向最多100字"),
            _ => out.destination = dest.to_owned(),
        }
        if e.is_empty() { Ok(out) } else { Err(e) }
    }
}

#[cfg(test)]
mod tests;
