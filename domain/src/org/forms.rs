//! What the admin and the office send to create or change a college, a class
//! or a campaign, and the checks of each field.

use super::*;

/// Per-field messages, keyed by the JSON field name.
pub type FieldErrors = std::collections::BTreeMap<String, String>;

fn put(errors: &mut FieldErrors, field: &str, msg: &str) {
    errors
        .entry(field.to_owned())
        .or_insert_with(|| msg.to_owned());
}

/// `POST /colleges`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewCollege {
    pub code: String,
    pub name: String,
}

impl NewCollege {
    /// Checks and cleans the form: code of 1–16 lower-case letters or digits,
    /// name of 2–40 characters.
    pub fn parse(self) -> Result<College, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = self.code.trim().to_ascii_lowercase();
        if code.is_empty()
            || code.len() > 16
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        {
            put(&mut e, "code", "学院代码应为1–16位小写字母或数字，例如 xx");
        }
        let name = self.name.trim().to_owned();
        let n = name.chars().count();
        if !(2..=40).contains(&n) {
            put(&mut e, "name", "学院名称应为2–40个字");
        }
        if e.is_empty() {
            Ok(College { code, name, rev: 1 })
        } else {
            Err(e)
        }
    }
}

/// `POST /classes` and `PUT /classes/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewClass {
    pub college: String,
    pub grade: u16,
    pub major: String,
    pub class_name: String,
    pub level: Level,
    pub cohort: u16,
    #[serde(default)]
    pub student_count: u32,
    /// User ids of the counselors in charge.
    #[serde(default)]
    pub counselors: Vec<String>,
}

impl NewClass {
    /// Checks the form; names are trimmed. Whether the college and the
    /// counselors exist is for the server to check.
    pub fn parse(mut self) -> Result<NewClass, FieldErrors> {
        let mut e = FieldErrors::new();
        self.major = self.major.trim().to_owned();
        self.class_name = self.class_name.trim().to_owned();
        if !(2000..=2100).contains(&self.grade) {
            put(&mut e, "grade", "年级应为入学年份，例如 2023");
        }
        if !(1..=40).contains(&self.major.chars().count()) {
            put(&mut e, "major", "请填写专业名称（不超过40个字）");
        }
        if self.major.chars().any(char::is_whitespace) {
            put(&mut e, "major", "专业名称不能包含空格");
        }
        if !(1..=20).contains(&self.class_name.chars().count()) {
            put(&mut e, "class_name", "请填写班级，例如 1班");
        }
        if self.cohort < self.grade || self.cohort > self.grade.saturating_add(8) {
            put(
                &mut e,
                "cohort",
                "毕业届别应在入学年份之后8年以内，例如 2027",
            );
        }
        if self.student_count > 1000 {
            put(&mut e, "student_count", "班级人数应在0–1000之间");
        }
        self.counselors.sort();
        self.counselors.dedup();
        if e.is_empty() { Ok(self) } else { Err(e) }
    }
}

/// Is `s` a real calendar date written `YYYY-MM-DD`?
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !s
        .chars()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

/// `POST /campaigns`; `PATCH /campaigns/{id}` sends the same fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewCampaign {
    pub cohort: u16,
    pub nomination_opens: String,
    pub nomination_closes: String,
    pub materials_deadline: String,
    #[serde(default = "default_quota")]
    pub quota: u8,
    #[serde(default = "default_term")]
    pub term_years: u8,
    /// A second liaison only for classes of at least this many students.
    #[serde(default)]
    pub second_slot_min_students: Option<u32>,
}

fn default_quota() -> u8 {
    2
}

fn default_term() -> u8 {
    3
}

impl NewCampaign {
    /// Checks dates (real, in order), quota (1–2) and term (1–5 years).
    pub fn parse(self, id: String) -> Result<Campaign, FieldErrors> {
        let mut e = FieldErrors::new();
        if !(2000..=2100).contains(&self.cohort) {
            put(&mut e, "cohort", "届别应为毕业年份，例如 2027");
        }
        for (field, value) in [
            ("nomination_opens", &self.nomination_opens),
            ("nomination_closes", &self.nomination_closes),
            ("materials_deadline", &self.materials_deadline),
        ] {
            if !is_iso_date(value) {
                put(&mut e, field, "日期格式应为 YYYY-MM-DD，例如 2027-04-30");
            }
        }
        if !e.contains_key("nomination_closes") && self.nomination_closes < self.nomination_opens {
            put(&mut e, "nomination_closes", "推荐截止日期不能早于开始日期");
        }
        if !e.contains_key("materials_deadline") && self.materials_deadline < self.nomination_closes
        {
            put(
                &mut e,
                "materials_deadline",
                "材料截止日期不能早于推荐截止日期",
            );
        }
        if !(1..=2).contains(&self.quota) {
            put(&mut e, "quota", "每班联络员名额应为1或2");
        }
        if !(1..=5).contains(&self.term_years) {
            put(&mut e, "term_years", "任期应为1–5年");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Campaign {
            id,
            cohort: self.cohort,
            nomination_opens: self.nomination_opens,
            nomination_closes: self.nomination_closes,
            materials_deadline: self.materials_deadline,
            quota: self.quota,
            term_years: self.term_years,
            second_slot_min_students: self.second_slot_min_students,
            rev: 1,
            open: false,
        })
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    fn class() -> NewClass {
        NewClass {
            college: "xx".into(),
            grade: 2023,
            major: " 计算机科学与技术 ".into(),
            class_name: "1班".into(),
            level: Level::Undergraduate,
            cohort: 2027,
            student_count: 32,
            counselors: vec!["b".into(), "a".into(), "b".into()],
        }
    }

    fn campaign() -> NewCampaign {
        NewCampaign {
            cohort: 2027,
            nomination_opens: "2027-03-01".into(),
            nomination_closes: "2027-04-30".into(),
            materials_deadline: "2027-06-15".into(),
            quota: 2,
            term_years: 3,
            second_slot_min_students: None,
        }
    }

    #[test]
    fn a_good_class_is_trimmed_and_its_counselors_deduplicated() {
        let c = class().parse();
        assert_eq!(c.as_ref().map(|c| c.major.as_str()), Ok("计算机科学与技术"));
        assert_eq!(
            c.map(|c| c.counselors),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
    }

    #[test]
    fn a_class_graduating_before_it_starts_is_refused() {
        let e = NewClass {
            cohort: 2020,
            ..class()
        }
        .parse()
        .err()
        .unwrap_or_default();
        assert!(e.contains_key("cohort"));
    }

    #[test]
    fn a_class_without_major_or_name_is_refused_per_field() {
        let e = NewClass {
            major: " ".into(),
            class_name: "".into(),
            ..class()
        }
        .parse()
        .err()
        .unwrap_or_default();
        assert!(e.contains_key("major") && e.contains_key("class_name"));
    }

    #[test]
    fn a_college_code_must_be_short_lowercase_ascii() {
        let ok = NewCollege {
            code: "XX".into(),
            name: "信息工程学院".into(),
        }
        .parse();
        assert_eq!(ok.map(|c| c.code), Ok("xx".into()));
        let bad = NewCollege {
            code: "信息".into(),
            name: "信".into(),
        }
        .parse()
        .err()
        .unwrap_or_default();
        assert!(bad.contains_key("code") && bad.contains_key("name"));
    }

    #[test]
    fn real_dates_only() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2027-13-01"));
        assert!(!is_iso_date("2027-4-30"));
        assert!(!is_iso_date("2027/04/30"));
        assert!(!is_iso_date("+027-04-30"));
    }

    #[test]
    fn a_good_campaign_parses_with_defaults() {
        let c = campaign().parse("2027".into());
        assert_eq!(c.map(|c| (c.quota, c.term_years, c.rev)), Ok((2, 3, 1)));
    }

    #[test]
    fn campaign_dates_must_be_in_order() {
        let e = NewCampaign {
            nomination_closes: "2027-02-01".into(),
            ..campaign()
        }
        .parse("x".into())
        .err()
        .unwrap_or_default();
        assert_eq!(
            e.get("nomination_closes").map(String::as_str),
            Some("推荐截止日期不能早于开始日期")
        );
        let e = NewCampaign {
            materials_deadline: "2027-04-01".into(),
            ..campaign()
        }
        .parse("x".into())
        .err()
        .unwrap_or_default();
        assert!(e.contains_key("materials_deadline"));
    }

    #[test]
    fn a_quota_of_three_is_refused() {
        let e = NewCampaign {
            quota: 3,
            ..campaign()
        }
        .parse("x".into())
        .err()
        .unwrap_or_default();
        assert_eq!(
            e.get("quota").map(String::as_str),
            Some("每班联络员名额应为1或2")
        );
    }
}
