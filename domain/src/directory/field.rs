//! The rules of each cell of the template and the repairs the editor offers.

use super::*;

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
