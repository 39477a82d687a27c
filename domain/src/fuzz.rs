//! Property tests of every rule that reads untrusted text: whatever a person
//! or a file sends, no rule panics, every message is Chinese, and the
//! cleaning a rule offers is accepted by that same rule. `make fuzz` runs
//! them with many more cases (`PROPTEST_CASES`).

use proptest::prelude::*;

use crate::{
    directory::{self, EntryFields, Field},
    nomination::NominationForm,
    photos::NameList,
    roster,
    validate::{self, Email, MobilePhone},
};

/// Text people and spreadsheets produce: CJK, full-width forms,
/// punctuation of both widths, digits, spaces, controls, emoji.
fn messy() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\\u{4e00}-\\u{4e40}]{0,4}",
        "[０-９Ａ-Ｚａ-ｚ]{0,4}",
        "[0-9]{0,12}",
        "[a-zA-Z_\\-@.]{0,8}",
        "[ \\t\\n\\r\\u{3000}\\u{a0}]{0,3}",
        "[，。、；：？！（）“”《》,.;:?!()\"'=+\\-@*＊]{0,3}",
        "\\PC{0,6}",
        Just("+86 ".to_owned()),
        Just("\u{0}".to_owned()),
        Just("👨‍👩‍👧".to_owned()),
    ];
    prop::collection::vec(pieces, 0..6).prop_map(|v| v.concat())
}

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

proptest! {
    #[test]
    fn every_directory_rule_takes_any_text(value in messy()) {
        for f in Field::ALL {
            if let Err(e) = f.check(&value) {
                prop_assert!(chinese(&e.0), "{:?}: {value:?} → {}", f, e.0);
            }
            if let Some(s) = f.suggest(&value) {
                prop_assert!(f.check(&s).is_ok(), "{f:?} suggests {s:?} for {value:?}");
                prop_assert_ne!(&s, &value);
            }
        }
    }

    #[test]
    fn the_basic_validators_take_any_text(value in messy()) {
        if let Ok(p) = MobilePhone::parse(&value) {
            prop_assert_eq!(p.as_str().len(), 11);
            prop_assert_eq!(MobilePhone::parse(p.as_str()).map(|q| q.as_str().to_owned()), Ok(p.as_str().to_owned()));
            prop_assert_eq!(p.masked().chars().count(), 11);
        }
        if let Ok(e) = Email::parse(&value) {
            prop_assert!(Email::parse(e.as_str()).is_ok());
        }
        for r in [
            validate::person_name(&value).map(|_| ()),
            validate::gender(&value).map(|_| ()),
            validate::username(&value).map(|_| ()),
            validate::new_password(&value),
            crate::nomination::wechat_id(&value).map(|_| ()),
        ] {
            if let Err(e) = r {
                prop_assert!(chinese(&e.0), "{value:?} → {}", e.0);
            }
        }
        let _ = directory::mask_phone(&value);
        let masked = directory::mask_phones_in(&value);
        prop_assert_eq!(masked.chars().count(), value.chars().count());
        let _ = validate::to_half_width(&value);
    }

    #[test]
    fn a_stored_entry_is_stable_once_normalised(
        cells in prop::collection::vec(messy(), 9)
    ) {
        let mut e = EntryFields::default();
        for (f, v) in Field::ALL.into_iter().zip(cells) {
            f.set(&mut e, v);
        }
        let once = e.clone().normalised();
        prop_assert_eq!(once.clone().normalised(), once.clone());
        if e.is_complete() {
            prop_assert!(once.is_complete(), "normalising broke {e:?}");
        }
    }

    #[test]
    fn a_nomination_form_of_any_text_gets_chinese_reasons(
        name in messy(), birth in messy(), phone in messy(), wechat in messy(),
        profile in messy(), conditions in prop::collection::vec(any::<u8>(), 0..8),
    ) {
        let form = NominationForm {
            name,
            birth_month: birth,
            phone,
            wechat,
            profile,
            conditions,
            ..NominationForm::default()
        };
        if let Err(errors) = form.check("2027-04-01") {
            for (k, m) in errors {
                prop_assert!(chinese(&m), "{k}: {m}");
            }
        }
    }

    #[test]
    fn a_name_list_of_any_text_is_read_or_refused_by_row(text in prop::collection::vec(messy(), 0..30)) {
        let text = text.join("\n");
        match NameList::parse(&text) {
            Ok(list) => {
                prop_assert!(list.rows.len() <= crate::photos::MAX_ROWS);
                prop_assert!(list.rows.iter().all(|r| r.len() <= crate::photos::MAX_PER_ROW));
                // What is shown again reads back as the same list.
                prop_assert_eq!(NameList::parse(&list.to_text()), Ok(list));
            }
            Err(e) => prop_assert!(chinese(&e), "{e}"),
        }
    }

    #[test]
    fn rosters_and_class_files_of_any_cells_are_checked_without_panic(
        rows in prop::collection::vec(prop::collection::vec(messy(), 0..12), 0..12),
        header in 0usize..4,
    ) {
        let mut sheet = rows;
        let head: &[&str] = match header {
            0 => &roster::STUDENT_COLUMNS,
            1 => &roster::STAFF_COLUMNS,
            2 => &directory::COLUMNS,
            _ => &[],
        };
        if !head.is_empty() {
            sheet.insert(0, head.iter().map(|s| (*s).to_owned()).collect());
        }
        let n = sheet.len() as u32;
        let (students, e1) = roster::parse_students(&sheet);
        let (staff, e2) = roster::parse_staff(&sheet);
        let (entries, e3) = directory::parse_import(&sheet);
        for e in e1.iter().chain(&e2).chain(&e3) {
            prop_assert!(e.row >= 1 && e.row <= n.max(2), "row {} of {n}", e.row);
            prop_assert!(chinese(&e.message), "{}", e.message);
        }
        for s in &students {
            prop_assert!(s.row >= 2 && s.row <= n);
        }
        for s in &staff {
            prop_assert!(s.row >= 2 && s.row <= n);
        }
        for e in &entries {
            prop_assert!(e.fields.is_complete(), "accepted an entry breaking a rule: {e:?}");
        }
    }
}
