//! The September round's class link (SPEC §14): a classmate without an
//! account identifies with name and 学号, proposes changes to their own
//! entry, and the liaison confirms or declines each one. The rules both
//! sides use: who matches, which fields a classmate may change, how a
//! proposal is checked, what the liaison may decide, and the message the
//! liaison pastes into the class's WeChat group.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{EntryFields, Field};
use crate::{org::FieldErrors, validate::to_half_width};

/// The fields a classmate may propose: their contacts and work. Name,
/// gender and 年级专业 come from the roster.
pub const EDITABLE: [Field; 6] = [
    Field::Phone,
    Field::Wechat,
    Field::Email,
    Field::Employer,
    Field::Position,
    Field::Address,
];

/// Submissions one classmate may make in a round.
pub const MAX_SUBMISSIONS: u32 = 10;
/// Longest value a classmate may type in one field (characters).
pub const MAX_VALUE_CHARS: usize = 100;
/// Longest reason for a decline (characters).
pub const MAX_REASON_CHARS: usize = 200;

/// A name or 学号 as typed on a phone, compared: spaces anywhere and
/// full-width letters and digits do not make a difference.
pub fn plain(s: &str) -> String {
    to_half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Whether the typed name and 学号 are this roster entry's, both of them.
pub fn identifies(roster_name: &str, roster_number: &str, name: &str, number: &str) -> bool {
    let (name, number) = (plain(name), plain(number));
    !name.is_empty()
        && !number.is_empty()
        && plain(roster_name) == name
        && plain(roster_number) == number
}

/// Where a proposed change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    /// 待联络员确认
    Waiting,
    /// 已更新
    Confirmed,
    /// 未采纳 (with the liaison's reason)
    Declined,
}

impl ProposalState {
    pub fn label(self) -> &'static str {
        match self {
            ProposalState::Waiting => "待联络员确认",
            ProposalState::Confirmed => "已更新",
            ProposalState::Declined => "未采纳",
        }
    }
}

/// What a classmate's typing proposes against their stored entry: every
/// field they changed, in template order, checked by the template's rules (the phone in its
/// stored form). A field left as stored, or not theirs to change, is an
/// error of that field; nothing changed at all is an error of the whole.
pub fn propose(
    stored: &EntryFields,
    typed: &BTreeMap<String, String>,
) -> Result<Vec<(Field, String)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = Vec::new();
    for (key, value) in typed {
        let Some(field) = Field::from_key(key).filter(|f| EDITABLE.contains(f)) else {
            errors.insert(key.clone(), "这一项由学校名册决定，不能在这里修改".into());
            continue;
        };
        if value.chars().count() > MAX_VALUE_CHARS {
            errors.insert(key.clone(), format!("最多 {MAX_VALUE_CHARS} 个字"));
            continue;
        }
        if let Err(e) = field.check(value) {
            errors.insert(key.clone(), e.0);
            continue;
        }
        let mut probe = EntryFields::default();
        field.set(&mut probe, value.clone());
        let value = field.get(&probe.normalised()).to_owned();
        if value.is_empty() && field.get(stored).is_empty() {
            continue;
        }
        if value != field.get(stored) {
            out.push((field, value));
        }
    }
    out.sort_by_key(|(f, _)| *f);
    if errors.is_empty() && out.is_empty() {
        errors.insert(String::new(), "没有填写要更新的内容".into());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The cleaning suggestions for what was typed (as the grid offers them).
pub fn suggestions(typed: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    typed
        .iter()
        .filter_map(|(k, v)| {
            let f = Field::from_key(k).filter(|f| EDITABLE.contains(f))?;
            f.suggest(v).map(|s| (k.clone(), s))
        })
        .collect()
}

/// Why a decision cannot be taken.
pub fn check_decline_reason(reason: &str) -> Result<(), String> {
    let n = reason.trim().chars().count();
    if n == 0 {
        return Err("不采纳时请写明原因，同学会看到它".into());
    }
    if n > MAX_REASON_CHARS {
        return Err(format!("原因最多 {MAX_REASON_CHARS} 个字"));
    }
    Ok(())
}

/// The stored entry as its classmate is shown it through the link: the
/// phone masked, the address withheld (SPEC §14).
pub fn shown_to_classmate(stored: &EntryFields) -> EntryFields {
    let mut shown = stored.clone();
    shown.withhold_contacts();
    shown
}

/// A stored value of `field` as the link shows it (see
/// [`shown_to_classmate`]).
pub fn shown_value(field: Field, value: &str) -> String {
    let mut e = EntryFields::default();
    field.set(&mut e, value.to_owned());
    field.get(&shown_to_classmate(&e)).to_owned()
}

/// The message for the class's WeChat group.
pub fn group_message(class_name: &str, year: u16, url: &str, liaison: &str) -> String {
    format!(
        "各位同学好！{year}年班级通讯录更新开始了。请打开下面的链接，输入姓名和学号，\
         核对并更新自己的联系方式和工作单位（只有自己能看到自己的信息，提交后由我确认）：\n\
         {url}\n——{class_name} 联络员 {liaison}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> EntryFields {
        EntryFields {
            name: "张三".into(),
            phone: "13812345678".into(),
            employer: "某公司".into(),
            ..Default::default()
        }
    }

    fn typed(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn name_and_number_must_both_match_however_typed() {
        assert!(identifies(
            "张三",
            "2023110101",
            " 张 三",
            "２０２３１１０１０１"
        ));
        assert!(!identifies("张三", "2023110101", "张三", "2023110102"));
        assert!(!identifies("张三", "2023110101", "李四", "2023110101"));
        assert!(!identifies("张三", "2023110101", "", ""));
    }

    #[test]
    fn a_proposal_holds_the_changed_fields_checked_and_stored_form() {
        let p = propose(
            &stored(),
            &typed(&[("phone", "139-1234-5678"), ("employer", "某公司")]),
        );
        assert_eq!(p, Ok(vec![(Field::Phone, "13912345678".to_owned())]));
        let e = propose(&stored(), &typed(&[("phone", "1391234"), ("name", "李四")]));
        assert!(e.is_err_and(|e| e.contains_key("phone") && e.contains_key("name")));
        let e = propose(&stored(), &typed(&[("employer", "某公司")]));
        assert!(e.is_err_and(|e| e.contains_key("")));
    }

    #[test]
    fn a_decline_needs_a_reason() {
        assert!(check_decline_reason("  ").is_err());
        assert!(check_decline_reason("号码不是本人的").is_ok());
        assert!(check_decline_reason(&"长".repeat(MAX_REASON_CHARS + 1)).is_err());
    }
}
