//! Field rules, written once (SPEC §4, §7, §10). Each parser returns the cleaned
//! value or a Chinese message that the UI shows beside the field.
//!
//! Written by hand rather than with `regex`, which would add hundreds of KB to
//! the client.

use std::fmt;

/// Why a value was refused: a message for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError(pub String);

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: &str) -> Result<T, FieldError> {
    Err(FieldError(msg.to_owned()))
}

/// Full-width ASCII (`１３８`, `ａ`, `＠`) and the ideographic space to their
/// half-width forms; everything else unchanged.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A mainland mobile number: 11 digits, `1[3-9]` then nine digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilePhone(String);

impl MobilePhone {
    /// Accepts full-width digits and ignores spaces and dashes (SPEC §4).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits: String = to_half_width(input)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\t'))
            .collect();
        if digits.is_empty() {
            return err("请填写手机号");
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return err("手机号只能包含数字");
        }
        let b = digits.as_bytes();
        if b.len() != 11 {
            return err("手机号应为11位数字");
        }
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return err("手机号应以13–19开头");
        }
        Ok(MobilePhone(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`, for people who may not see the whole number.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// An e-mail address: one `@`, a dotted domain, ASCII letters, digits and `._-+`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = to_half_width(input.trim());
        if s.is_empty() {
            return err("请填写邮箱");
        }
        let Some((local, domain)) = s.split_once('@') else {
            return err("邮箱应包含 @，例如 name@example.com");
        };
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        if local.is_empty()
            || !local.chars().all(ok_char)
            || domain.contains('@')
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || !domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        {
            return err("邮箱格式不正确，例如 name@example.com");
        }
        Ok(Email(s.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A login name: 学号 or staff number, or a demo name such as `dean.xx`.
pub fn username(input: &str) -> Result<String, FieldError> {
    let s = to_half_width(input.trim());
    if s.is_empty() {
        return err("请输入用户名（学号或工号）");
    }
    if s.chars().count() > 64
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return err("用户名只能包含字母、数字和 . _ -");
    }
    Ok(s.to_ascii_lowercase())
}

/// Is `c` punctuation or a symbol (ASCII or CJK/full-width)?
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// A person's name (SPEC §4, §7): required, at most 30 characters, no spaces
/// anywhere inside, no punctuation except the middle dot of minority and
/// foreign names (`·`).
pub fn person_name(input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return err("请填写姓名");
    }
    if s.chars().any(char::is_whitespace) {
        return err("姓名中不能有空格");
    }
    if s.chars().any(is_punctuation) {
        return err("姓名中不能有标点符号");
    }
    if s.chars().count() > 30 {
        return err("姓名最多30个字");
    }
    Ok(s.to_owned())
}

/// 男 or 女.
pub fn gender(input: &str) -> Result<String, FieldError> {
    match input.trim() {
        g @ ("男" | "女") => Ok(g.to_owned()),
        "" => err("请填写性别"),
        _ => err("性别只能是“男”或“女”"),
    }
}

/// Minimum length of a new password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Rules for a password someone chooses (not for logging in with one).
pub fn new_password(input: &str) -> Result<(), FieldError> {
    let n = input.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(FieldError(format!("密码至少{MIN_PASSWORD_CHARS}位")));
    }
    if n > 128 {
        return err("密码最多128位");
    }
    let letters = input.chars().any(|c| c.is_alphabetic());
    let digits = input.chars().any(|c| c.is_ascii_digit());
    if !(letters && digits) {
        return err("密码须同时包含字母和数字");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_mobile_number_is_accepted() {
        assert_eq!(
            MobilePhone::parse("13812345678").map(|p| p.as_str().to_owned()),
            Ok("13812345678".to_owned())
        );
    }

    #[test]
    fn full_width_digits_spaces_and_dashes_are_normalised() {
        let p = MobilePhone::parse("１３８-1234 5678");
        assert_eq!(p.map(|p| p.as_str().to_owned()), Ok("13812345678".into()));
    }

    #[test]
    fn a_number_of_the_wrong_length_is_rejected() {
        assert_eq!(
            MobilePhone::parse("1381234567"),
            Err(FieldError("手机号应为11位数字".into()))
        );
    }

    #[test]
    fn a_number_starting_with_12_is_rejected() {
        assert!(MobilePhone::parse("12812345678").is_err());
        assert!(MobilePhone::parse("23812345678").is_err());
    }

    #[test]
    fn letters_in_a_phone_are_rejected() {
        assert_eq!(
            MobilePhone::parse("138a2345678"),
            Err(FieldError("手机号只能包含数字".into()))
        );
    }

    #[test]
    fn an_empty_phone_asks_for_one() {
        assert_eq!(
            MobilePhone::parse("  "),
            Err(FieldError("请填写手机号".into()))
        );
    }

    #[test]
    fn a_phone_is_masked_in_the_middle() {
        let p = MobilePhone::parse("13812345678").map(|p| p.masked());
        assert_eq!(p, Ok("138****5678".into()));
    }

    #[test]
    fn a_normal_email_is_accepted_and_lowercased() {
        assert_eq!(
            Email::parse(" Zhang.San@Example.COM ").map(|e| e.as_str().to_owned()),
            Ok("zhang.san@example.com".into())
        );
    }

    #[test]
    fn emails_without_at_or_dotted_domain_are_rejected() {
        for bad in [
            "zhangsan",
            "a@b",
            "@x.com",
            "a@@x.com",
            "a@x..com",
            "a b@x.com",
            "a@.x.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_username_is_trimmed_and_lowercased() {
        assert_eq!(username(" Dean.XX "), Ok("dean.xx".into()));
    }

    #[test]
    fn a_username_with_spaces_or_chinese_is_rejected() {
        assert!(username("dean xx").is_err());
        assert!(username("张三").is_err());
        assert!(username("").is_err());
    }

    #[test]
    fn a_short_password_is_rejected() {
        assert_eq!(new_password("ab12"), Err(FieldError("密码至少8位".into())));
    }

    #[test]
    fn a_password_needs_letters_and_digits() {
        assert!(new_password("abcdefgh").is_err());
        assert!(new_password("12345678").is_err());
        assert!(new_password("abcd1234").is_ok());
    }

    #[test]
    fn a_name_with_an_inner_space_is_rejected() {
        assert_eq!(
            person_name("王 小明"),
            Err(FieldError("姓名中不能有空格".into()))
        );
        assert_eq!(
            person_name("王\u{3000}小明"),
            Err(FieldError("姓名中不能有空格".into()))
        );
    }

    #[test]
    fn a_name_with_punctuation_is_rejected_but_the_middle_dot_is_not() {
        assert!(person_name("王小明。").is_err());
        assert!(person_name("王,明").is_err());
        assert_eq!(
            person_name(" 阿依古丽·买买提 "),
            Ok("阿依古丽·买买提".into())
        );
    }

    #[test]
    fn gender_is_male_or_female() {
        assert_eq!(gender(" 女 "), Ok("女".into()));
        assert!(gender("M").is_err());
        assert!(gender("").is_err());
    }

    #[test]
    fn half_width_conversion_covers_letters_punctuation_and_space() {
        assert_eq!(to_half_width("ＡＢｃ１２＠　"), "ABc12@ ");
        assert_eq!(to_half_width("张三"), "张三");
    }
}
