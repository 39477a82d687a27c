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

mod access;
pub mod classmate;
mod field;
mod import;

pub use access::{Access, Relation};
pub use field::Field;
pub use import::{ImportRow, parse_import};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    org::FieldErrors,
    roster::{RowError, check_header},
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

#[cfg(test)]
mod tests;
