//! The class directory (班级通讯录) in the school's alumni database template
//! (SPEC §7): its columns, the rules of every cell, the cleaning suggestions
//! the editor offers, and the checks of an imported file.
//!
//! A rule is checked on the value exactly as typed: nothing is cleaned
//! silently. Where a value breaks a rule in a way that can be repaired
//! mechanically (spaces around it, full-width characters, stray punctuation),
//! [`Field::suggest`] proposes the repaired value for the editor to accept.
//! The one exception is the written form of a phone number: `138-1234-5678`
//! and full-width digits are the same number, stored as 11 half-width digits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    api::RowError,
    org::FieldErrors,
    roster::check_header,
    validate::{self, Email, FieldError, MobilePhone, to_half_width},
};

/// The template's columns, exactly, in order.
pub const COLUMNS: [&str; 10] = [
    "序号",
    "姓名",
    "性别",
    "年级专业",
    "手机号",
    "微信号",
    "邮箱",
    "工作单位",
    "职务",
    "身份证住址",
];

/// Most rows one class file may hold.
pub const MAX_ROWS: usize = 500;
/// Largest class file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// The editable cells of an entry; JSON names as SPEC §7.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub grade_major: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub wechat: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub address: String,
}

/// One column of the template (序号 aside, which is not stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Gender,
    GradeMajor,
    Phone,
    Wechat,
    Email,
    Employer,
    Position,
    Address,
}

impl Field {
    /// In template order.
    pub const ALL: [Field; 9] = [
        Field::Name,
        Field::Gender,
        Field::GradeMajor,
        Field::Phone,
        Field::Wechat,
        Field::Email,
        Field::Employer,
        Field::Position,
        Field::Address,
    ];

    /// The JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::GradeMajor => "grade_major",
            Field::Phone => "phone",
            Field::Wechat => "wechat",
            Field::Email => "email",
            Field::Employer => "employer",
            Field::Position => "position",
            Field::Address => "address",
        }
    }

    /// The template's column header.
    pub fn column(self) -> &'static str {
        COLUMNS[self as usize + 1]
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Name | Field::Gender | Field::GradeMajor | Field::Phone
        )
    }

    pub fn get(self, e: &EntryFields) -> &str {
        match self {
            Field::Name => &e.name,
            Field::Gender => &e.gender,
            Field::GradeMajor => &e.grade_major,
            Field::Phone => &e.phone,
            Field::Wechat => &e.wechat,
            Field::Email => &e.email,
            Field::Employer => &e.employer,
            Field::Position => &e.position,
            Field::Address => &e.address,
        }
    }

    pub fn set(self, e: &mut EntryFields, value: String) {
        *match self {
            Field::Name => &mut e.name,
            Field::Gender => &mut e.gender,
            Field::GradeMajor => &mut e.grade_major,
            Field::Phone => &mut e.phone,
            Field::Wechat => &mut e.wechat,
            Field::Email => &mut e.email,
            Field::Employer => &mut e.employer,
            Field::Position => &mut e.position,
            Field::Address => &mut e.address,
        } = value;
    }

    fn max_chars(self) -> usize {
        match self {
            Field::Employer | Field::Address => 100,
            _ => 50,
        }
    }

    /// Punctuation this field needs (SPEC §7: `@` and `.` in an email, `_`
    /// and `-` in a WeChat ID, `-` in an address such as `3-201`).
    fn allowed_punctuation(self, c: char) -> bool {
        match self {
            Field::Email => matches!(c, '@' | '.' | '_' | '-' | '+'),
            Field::Wechat => matches!(c, '_' | '-'),
            Field::Address => c == '-',
            _ => false,
        }
    }

    /// Whether spaces may appear inside the value (company and place names
    /// in other languages have them).
    fn inner_spaces(self) -> bool {
        matches!(self, Field::Employer | Field::Position | Field::Address)
    }

    /// The rule of this column for `value` exactly as typed; empty optional
    /// cells pass.
    pub fn check(self, value: &str) -> Result<(), FieldError> {
        let col = self.column();
        let fail = |m: String| Err(FieldError(m));
        if value.is_empty() {
            return if self.required() {
                fail(format!("请填写{col}"))
            } else {
                Ok(())
            };
        }
        if self == Field::Phone {
            // The written form is normalised; the number must be a mobile.
            return MobilePhone::parse(value).map(|_| ());
        }
        if value.trim() != value {
            return fail(format!("{col}前后有空格"));
        }
        if value.starts_with(['=', '+', '-', '@']) {
            // A spreadsheet would take it for a formula.
            return fail(format!("{col}不能以 = + - @ 开头"));
        }
        if let Some(p) = value
            .chars()
            .find(|&c| validate::is_punctuation(c) && !self.allowed_punctuation(c))
        {
            return fail(format!("{col}中不能有标点符号（{p}）"));
        }
        if to_half_width(value) != value {
            return fail(format!("{col}中有全角字母或数字"));
        }
        if !self.inner_spaces() && value.chars().any(char::is_whitespace) {
            return fail(format!("{col}中不能有空格"));
        }
        if value.chars().count() > self.max_chars() {
            return fail(format!("{col}最多{}个字", self.max_chars()));
        }
        match self {
            Field::Name => validate::person_name(value).map(|_| ()),
            Field::Gender => validate::gender(value).map(|_| ()),
            Field::Email => Email::parse(value).map(|_| ()),
            Field::Wechat
                if !value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')) =>
            {
                fail("微信号只能包含字母、数字、_ 和 -".into())
            }
            _ => Ok(()),
        }
    }

    /// A cleaned value to offer when `value` breaks a rule that cleaning can
    /// repair: trimmed, full-width made half-width, stray punctuation and
    /// (where not allowed) spaces removed. `None` when there is nothing to
    /// offer.
    pub fn suggest(self, value: &str) -> Option<String> {
        if self.check(value).is_ok() && (self != Field::Phone || value.is_empty()) {
            return None;
        }
        let half = to_half_width(value);
        let cleaned: String = if self == Field::Phone {
            national_mobile(&half)?
        } else {
            let kept: String = half
                .chars()
                .filter(|&c| !validate::is_punctuation(c) || self.allowed_punctuation(c))
                .collect();
            if self.inner_spaces() {
                kept.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                kept.split_whitespace().collect()
            }
        };
        let cleaned = if self == Field::Email {
            cleaned.to_ascii_lowercase()
        } else {
            cleaned
        };
        (cleaned != value && !cleaned.is_empty() && self.check(&cleaned).is_ok()).then_some(cleaned)
    }
}

/// A mainland mobile written with the country code (`+86 138 1234 5678`,
/// `0086-13812345678`) or in brackets, as its 11 digits.
fn national_mobile(written: &str) -> Option<String> {
    let bare: String = written
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '.'))
        .collect();
    let bare = bare.trim();
    let national = ["+86", "0086", "86"]
        .iter()
        .find_map(|p| {
            bare.strip_prefix(p)
                .filter(|rest| rest.chars().filter(char::is_ascii_digit).count() == 11)
        })
        .unwrap_or(bare);
    MobilePhone::parse(national)
        .ok()
        .map(|p| p.as_str().to_owned())
}

impl EntryFields {
    /// Every cell's rule; messages keyed by JSON name.
    pub fn check(&self) -> FieldErrors {
        Field::ALL
            .into_iter()
            .filter_map(|f| {
                f.check(f.get(self))
                    .err()
                    .map(|e| (f.key().to_owned(), e.0))
            })
            .collect()
    }

    /// The stored form: the phone as 11 half-width digits. Call after
    /// [`EntryFields::check`] passed.
    pub fn normalised(mut self) -> EntryFields {
        if let Ok(p) = MobilePhone::parse(&self.phone) {
            self.phone = p.as_str().to_owned();
        }
        self
    }

    /// Whether every rule passes: the entry can go to the school's system.
    pub fn is_complete(&self) -> bool {
        self.check().is_empty()
    }

    /// The contacts as someone who may not see them is shown them: the
    /// phone masked (`138****5678`), also inside the WeChat id (`wx138****5678`:
    /// ids are often made of the number), the address withheld.
    pub fn withhold_contacts(&mut self) {
        self.phone = mask_phone(&self.phone);
        self.wechat = mask_phones_in(&self.wechat);
        self.address.clear();
    }

    /// The cells that differ, as (field, old, new).
    pub fn diff(&self, new: &EntryFields) -> Vec<(Field, String, String)> {
        Field::ALL
            .into_iter()
            .filter(|f| f.get(self) != f.get(new))
            .map(|f| (f, f.get(self).to_owned(), f.get(new).to_owned()))
            .collect()
    }

    /// The template row after 序号.
    pub fn cells(&self) -> Vec<String> {
        Field::ALL
            .into_iter()
            .map(|f| f.get(self).to_owned())
            .collect()
    }
}

/// `138****5678` for people who may not see the whole number; other text
/// (an unfinished number) is hidden entirely.
pub fn mask_phone(phone: &str) -> String {
    match MobilePhone::parse(phone) {
        Ok(p) => p.masked(),
        Err(_) if phone.is_empty() => String::new(),
        Err(_) => "****".into(),
    }
}

/// `text` with every mobile number in it (a run of exactly 11 digits that
/// is one) masked like [`mask_phone`].
pub fn mask_phones_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let digits = &rest[start..];
        let len = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let run = &digits[..len];
        match MobilePhone::parse(run) {
            Ok(p) if len == 11 => out.push_str(&p.masked()),
            _ => out.push_str(run),
        }
        rest = &digits[len..];
    }
    out.push_str(rest);
    out
}

/// One checked row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// Spreadsheet row number (header = 1).
    pub row: u32,
    /// The stored form of the row.
    pub fields: EntryFields,
    /// Cells stored differently from how the file wrote them, with the
    /// reason the person is shown.
    pub normalised: Vec<RowError>,
}

/// Checks a class file's rows (row 1 the header): every row's cells against
/// the rules, the row limit. The file is imported only when the reasons are
/// empty. Blank rows are skipped; phones are stored normalised.
pub fn parse_import(rows: &[Vec<String>]) -> (Vec<ImportRow>, Vec<RowError>) {
    let mut errors = Vec::new();
    let Some(header) = rows.first() else {
        return (
            vec![],
            vec![RowError {
                row: 1,
                column: None,
                message: "文件是空的：第一行应为表头".into(),
            }],
        );
    };
    if let Err(e) = check_header(header, &COLUMNS) {
        return (vec![], vec![e]);
    }
    let body: Vec<(u32, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, r)| (i as u32 + 1, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if body.len() > MAX_ROWS {
        return (
            vec![],
            vec![RowError {
                row: 1,
                column: None,
                message: format!("一个班最多导入{MAX_ROWS}行，文件有{}行", body.len()),
            }],
        );
    }
    if body.is_empty() {
        errors.push(RowError {
            row: 2,
            column: None,
            message: "文件中没有数据行".into(),
        });
    }
    let mut good = Vec::new();
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    for (row, cells) in body {
        let mut fields = EntryFields::default();
        let mut ok = true;
        for f in Field::ALL {
            let value = cells.get(f as usize + 1).cloned().unwrap_or_default();
            if let Err(e) = f.check(&value) {
                ok = false;
                errors.push(RowError {
                    row,
                    column: Some(f.column().to_owned()),
                    message: match f.suggest(&value) {
                        Some(s) => format!("{e}（可改为“{s}”）"),
                        None => e.0,
                    },
                });
            }
            f.set(&mut fields, value);
        }
        if !ok {
            continue;
        }
        let written = fields.clone();
        let fields = fields.normalised();
        let normalised = written
            .diff(&fields)
            .into_iter()
            .map(|(f, old, new)| RowError {
                row,
                column: Some(f.column().to_owned()),
                message: format!("“{old}”已按规范保存为“{new}”"),
            })
            .collect();
        let key = (fields.name.clone(), fields.phone.clone());
        if let Some(first) = seen.insert(key, row) {
            errors.push(RowError {
                row,
                column: Some("姓名".into()),
                message: format!("与第{first}行重复（姓名和手机号都相同）"),
            });
            continue;
        }
        good.push(ImportRow {
            row,
            fields,
            normalised,
        });
    }
    (good, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_fields() -> EntryFields {
        EntryFields {
            name: "王伟".into(),
            gender: "女".into(),
            grade_major: "2023级计算机科学与技术".into(),
            phone: "13010000000".into(),
            wechat: "wx_130-1".into(),
            email: "user0@example.com".into(),
            employer: "西安某某科技有限公司".into(),
            position: "工程师".into(),
            address: "陕西省西安市雁塔区科技路10号3-201".into(),
        }
    }

    #[test]
    fn a_good_entry_passes_and_is_complete() {
        assert_eq!(ok_fields().check(), FieldErrors::new());
        assert!(ok_fields().is_complete());
    }

    #[test]
    fn required_cells_are_named() {
        let errors = EntryFields::default().check();
        for key in ["name", "gender", "grade_major", "phone"] {
            assert!(errors.contains_key(key), "{key}");
        }
        assert!(!errors.contains_key("email"));
    }

    #[test]
    fn each_rule_has_a_chinese_reason() {
        let cases = [
            (Field::Name, "张 三", "姓名中不能有空格"),
            (Field::Name, " 张三", "姓名前后有空格"),
            (Field::Gender, "M", "性别只能是“男”或“女”"),
            (Field::Phone, "1381234567", "手机号应为11位数字"),
            (Field::Phone, "23812345678", "手机号应以13–19开头"),
            (
                Field::Email,
                "user1@",
                "邮箱格式不正确，例如 name@example.com",
            ),
            (
                Field::Employer,
                "西安某某公司，研发部",
                "工作单位中不能有标点符号（，）",
            ),
            (
                Field::Address,
                "科技路１０号",
                "身份证住址中有全角字母或数字",
            ),
            (Field::Wechat, "wx 1", "微信号中不能有空格"),
            (Field::Position, "工程师!", "职务中不能有标点符号（!）"),
            (Field::Wechat, "-wx1", "微信号不能以 = + - @ 开头"),
            (Field::Address, "-3号", "身份证住址不能以 = + - @ 开头"),
        ];
        for (f, v, msg) in cases {
            assert_eq!(
                f.check(v).map_err(|e| e.0),
                Err(msg.to_owned()),
                "{f:?} {v}"
            );
        }
    }

    #[test]
    fn structural_characters_a_field_needs_are_allowed() {
        assert!(Field::Email.check("first.last@mail.example.com").is_ok());
        assert!(Field::Wechat.check("wx_a-b").is_ok());
        assert!(Field::Address.check("科技路1号3-201").is_ok());
        assert!(Field::Employer.check("Acme Robotics").is_ok());
        assert!(Field::Employer.check("Acme-Robotics").is_err());
    }

    #[test]
    fn the_written_form_of_a_phone_is_normalised_not_refused() {
        for typed in ["138-1234-5679", "１３８１２３４５６７９", "138 1234 5679"] {
            assert!(Field::Phone.check(typed).is_ok(), "{typed}");
            let f = EntryFields {
                phone: typed.into(),
                ..ok_fields()
            };
            assert_eq!(f.normalised().phone, "13812345679");
            assert_eq!(Field::Phone.suggest(typed).as_deref(), Some("13812345679"));
        }
        assert_eq!(Field::Phone.suggest("13812345679"), None);
    }

    #[test]
    fn suggestions_repair_what_cleaning_can_and_never_for_good_values() {
        let cases = [
            (Field::Name, " 张三 ", Some("张三")),
            (Field::Name, "张 三", Some("张三")),
            (
                Field::Employer,
                "西安某某公司，研发部",
                Some("西安某某公司研发部"),
            ),
            (Field::Employer, "  Acme   Robotics ", Some("Acme Robotics")),
            (Field::Address, "科技路１０号", Some("科技路10号")),
            (
                Field::Email,
                "ＵＳＥＲ＠example.com",
                Some("user@example.com"),
            ),
            (Field::Gender, "M", None),
            (Field::Phone, "1381234567", None),
            (Field::Employer, "西安某某科技有限公司", None),
        ];
        for (f, v, want) in cases {
            assert_eq!(f.suggest(v).as_deref(), want, "{f:?} {v}");
        }
    }

    #[test]
    fn withheld_contacts_show_a_masked_phone_and_no_address() {
        let mut f = EntryFields {
            name: "张三".into(),
            phone: "13812345678".into(),
            wechat: "wx13812345678".into(),
            address: "北京市海淀区".into(),
            ..Default::default()
        };
        f.withhold_contacts();
        assert_eq!((f.phone.as_str(), f.address.as_str()), ("138****5678", ""));
        assert_eq!(
            (f.wechat.as_str(), f.name.as_str()),
            ("wx138****5678", "张三")
        );
        let mut other = EntryFields {
            phone: "13812345678".into(),
            wechat: "zhangsan_88".into(),
            ..Default::default()
        };
        other.withhold_contacts();
        assert_eq!(other.wechat, "zhangsan_88", "another id is not a contact");
        assert_eq!(
            mask_phones_in("a13812345678b_19900001111"),
            "a138****5678b_199****1111"
        );
        assert_eq!(mask_phones_in("qq123456789012"), "qq123456789012");
    }

    #[test]
    fn masking_keeps_the_first_three_and_last_four_digits() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("12"), "****");
    }

    #[test]
    fn diff_lists_changed_cells_in_template_order() {
        let old = ok_fields();
        let new = EntryFields {
            phone: "13900000000".into(),
            name: "王薇".into(),
            ..old.clone()
        };
        let d = old.diff(&new);
        assert_eq!(
            d,
            vec![
                (Field::Name, "王伟".to_owned(), "王薇".to_owned()),
                (
                    Field::Phone,
                    "13010000000".to_owned(),
                    "13900000000".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_phone_with_the_country_code_is_refused_with_the_national_number_offered() {
        for typed in [
            "+86 138 1234 5678",
            "0086-138-1234-5678",
            "+86(138)12345678",
            "8613812345678",
        ] {
            assert!(Field::Phone.check(typed).is_err(), "{typed}");
            assert_eq!(
                Field::Phone.suggest(typed).as_deref(),
                Some("13812345678"),
                "{typed}"
            );
        }
        let (good, errors) = parse_import(&sheet(&[&[
            "1",
            "王伟",
            "男",
            "2023级计算机科学与技术",
            "+86 138 1234 5678",
        ]]));
        assert!(good.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].column.as_deref(), Some("手机号"));
        assert!(
            errors[0].message.contains("可改为“13812345678”"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn an_import_reports_every_cell_it_stores_in_another_written_form() {
        let (good, errors) = parse_import(&sheet(&[
            &["1", "王伟", "男", "2023级计算机科学与技术", "138 1234 5678"],
            &["2", "李娜", "女", "2023级计算机科学与技术", "13912345678"],
        ]));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(good[0].fields.phone, "13812345678");
        assert_eq!(good[0].normalised.len(), 1);
        assert_eq!(good[0].normalised[0].row, 2);
        assert_eq!(good[0].normalised[0].column.as_deref(), Some("手机号"));
        assert!(good[0].normalised[0].message.contains("138 1234 5678"));
        assert!(good[1].normalised.is_empty(), "nothing to report as typed");
    }

    fn sheet(rows: &[&[&str]]) -> Vec<Vec<String>> {
        let mut v = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
        v.extend(
            rows.iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect()),
        );
        v
    }

    #[test]
    fn an_import_names_row_and_column_of_every_bad_cell() {
        let rows = sheet(&[
            &["1", "王伟", "女", "2023级计算机", "13010000000"],
            &["2", "张 三", "M", "2023级计算机", "1381234567"],
        ]);
        let (good, errors) = parse_import(&rows);
        assert_eq!(good.len(), 1);
        let named: Vec<(u32, Option<&str>)> = errors
            .iter()
            .map(|e| (e.row, e.column.as_deref()))
            .collect();
        assert_eq!(
            named,
            [(3, Some("姓名")), (3, Some("性别")), (3, Some("手机号"))]
        );
        assert!(
            errors[0].message.contains("可改为“张三”"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn an_import_refuses_a_wrong_header_too_many_rows_and_duplicates() {
        let mut rows = sheet(&[]);
        rows[0].swap(1, 2);
        let (_, e) = parse_import(&rows);
        assert_eq!((e[0].row, e[0].column.clone()), (1, None));

        let row = ["1", "王伟", "女", "2023级计算机", "13010000000"];
        let many = sheet(&vec![&row[..]; MAX_ROWS + 1]);
        let (_, e) = parse_import(&many);
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("最多导入500行"), "{}", e[0].message);

        let (good, e) = parse_import(&sheet(&[&row, &row]));
        assert_eq!(good.len(), 1);
        assert_eq!(e[0].row, 3);
    }

    #[test]
    fn blank_rows_are_skipped_and_numbering_stays_the_sheets() {
        let rows = sheet(&[
            &["1", "王伟", "女", "2023级计算机", "13010000000"],
            &["", "", ""],
            &["3", "李勇", "男", "2023级计算机", "1371000791"],
        ]);
        let (good, errors) = parse_import(&rows);
        assert_eq!(good.len(), 1);
        assert_eq!(errors[0].row, 4);
    }
}

/// What a caller may do with one class's directory (SPEC §7 privacy).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    pub read: bool,
    /// Edit every entry, add, delete, import: the class's active liaisons
    /// and its counselors.
    pub edit_all: bool,
    /// Whole phone numbers and addresses of every entry: the editors and
    /// the office.
    pub see_all: bool,
    /// The caller's own account: their entry is theirs to see and edit.
    pub own: Option<String>,
}

/// Who the caller is to the class.
#[derive(Debug, Clone, Copy)]
pub struct Relation<'a> {
    pub role: crate::Role,
    pub user_id: &'a str,
    /// The class is in the caller's scope (a student's own class, a
    /// counselor's class, a dean's college, the office).
    pub in_scope: bool,
    pub is_counselor_of_class: bool,
    pub is_active_liaison_of_class: bool,
}

impl Access {
    pub fn of(r: Relation<'_>) -> Access {
        use crate::Role;
        if !r.in_scope || r.role == Role::Admin {
            return Access::default();
        }
        let editor = match r.role {
            Role::Counselor => r.is_counselor_of_class,
            Role::Student => r.is_active_liaison_of_class,
            _ => false,
        };
        Access {
            read: true,
            edit_all: editor,
            see_all: editor || r.role == Role::Office,
            own: (r.role == Role::Student).then(|| r.user_id.to_owned()),
        }
    }

    fn owns(&self, entry_student: Option<&str>) -> bool {
        self.own.is_some() && self.own.as_deref() == entry_student
    }

    /// May change the entry (students: their own).
    pub fn may_edit(&self, entry_student: Option<&str>) -> bool {
        self.edit_all || self.owns(entry_student)
    }

    /// May see the entry's whole phone number and address.
    pub fn sees_contact(&self, entry_student: Option<&str>) -> bool {
        self.see_all || self.owns(entry_student)
    }
}

#[cfg(test)]
mod access_tests {
    use super::*;
    use crate::Role;

    fn rel(role: Role) -> Relation<'static> {
        Relation {
            role,
            user_id: "me",
            in_scope: true,
            is_counselor_of_class: false,
            is_active_liaison_of_class: false,
        }
    }

    #[test]
    fn liaisons_and_counselors_edit_everything_and_see_contacts() {
        let liaison = Access::of(Relation {
            is_active_liaison_of_class: true,
            ..rel(Role::Student)
        });
        let counselor = Access::of(Relation {
            is_counselor_of_class: true,
            ..rel(Role::Counselor)
        });
        for a in [liaison, counselor] {
            assert!(a.edit_all && a.may_edit(Some("other")) && a.may_edit(None));
            assert!(a.sees_contact(Some("other")));
        }
    }

    #[test]
    fn a_classmate_edits_and_sees_only_their_own_entry() {
        let a = Access::of(rel(Role::Student));
        assert!(a.read && !a.edit_all);
        assert!(a.may_edit(Some("me")) && a.sees_contact(Some("me")));
        assert!(!a.may_edit(Some("other")) && !a.sees_contact(Some("other")));
        assert!(!a.may_edit(None) && !a.sees_contact(None));
    }

    #[test]
    fn the_office_sees_contacts_deans_see_masked_lists_nobody_else_reads() {
        let office = Access::of(rel(Role::Office));
        assert!(office.sees_contact(None) && !office.may_edit(None));
        let dean = Access::of(rel(Role::Dean));
        assert!(dean.read && !dean.sees_contact(None) && !dean.may_edit(None));
        assert_eq!(Access::of(rel(Role::Admin)), Access::default());
        let outside = Access::of(Relation {
            in_scope: false,
            ..rel(Role::Student)
        });
        assert!(!outside.read);
        let other_counselor = Access::of(rel(Role::Counselor));
        assert!(other_counselor.read && !other_counselor.edit_all);
    }
}
