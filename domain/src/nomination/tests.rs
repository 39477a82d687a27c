use super::*;

const TODAY: &str = "2027-04-01";

pub fn good() -> NominationForm {
    NominationForm {
        name: "王子涵".into(),
        birth_month: "2005-05".into(),
        gender: "男".into(),
        political_status: "共青团员".into(),
        education: "本科(学士)".into(),
        phone: "138 1234 5678".into(),
        wechat: "wzh_2005".into(),
        profile: "担任班长三年，组织班级活动二十余次，热心为同学服务。".into(),
        conditions: vec![5, 1, 2, 3, 4],
        cadre_posts: "班长".into(),
        destination: "上海，某科技公司".into(),
    }
}

fn error(f: NominationForm, field: &str) -> Option<String> {
    f.check(TODAY).err().and_then(|e| e.get(field).cloned())
}

#[test]
fn a_complete_form_passes_and_is_cleaned() {
    let f = good().check(TODAY);
    let f = f.unwrap_or_default();
    assert_eq!(f.phone, "13812345678");
    assert_eq!(f.conditions, [1, 2, 3, 4, 5]);
}

#[test]
fn an_empty_draft_names_every_required_field() {
    let e = NominationForm::default()
        .check(TODAY)
        .err()
        .unwrap_or_default();
    for field in [
        "name",
        "birth_month",
        "gender",
        "political_status",
        "education",
        "phone",
        "wechat",
        "profile",
        "conditions",
        "destination",
    ] {
        assert!(e.contains_key(field), "{field} not flagged");
    }
}

#[test]
fn a_name_with_an_inner_space_is_rejected() {
    assert_eq!(
        error(
            NominationForm {
                name: "王 子涵".into(),
                ..good()
            },
            "name"
        )
        .as_deref(),
        Some("姓名中不能有空格")
    );
}

#[test]
fn a_birth_month_must_be_real_and_plausible() {
    assert!(
        error(
            NominationForm {
                birth_month: "2005/05".into(),
                ..good()
            },
            "birth_month"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                birth_month: "2005-13".into(),
                ..good()
            },
            "birth_month"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                birth_month: "2015-01".into(),
                ..good()
            },
            "birth_month"
        )
        .is_some(),
        "12 years old"
    );
    assert!(
        error(
            NominationForm {
                birth_month: "1960-01".into(),
                ..good()
            },
            "birth_month"
        )
        .is_some(),
        "67 years old"
    );
    assert!(
        error(
            NominationForm {
                birth_month: "2012-03".into(),
                ..good()
            },
            "birth_month"
        )
        .is_none(),
        "15 years old"
    );
}

#[test]
fn political_status_and_education_come_from_fixed_lists() {
    assert!(
        error(
            NominationForm {
                political_status: "党员".into(),
                ..good()
            },
            "political_status"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                education: "大学".into(),
                ..good()
            },
            "education"
        )
        .is_some()
    );
}

#[test]
fn a_wechat_id_follows_wechat_rules_or_is_a_phone() {
    assert!(wechat_id("wx_ab-12").is_ok());
    assert!(wechat_id("13812345678").is_ok());
    assert!(wechat_id("1abcdef").is_err(), "starts with a digit");
    assert!(wechat_id("abc").is_err(), "too short");
    assert!(wechat_id("abcdefghijklmnopqrstu").is_err(), "too long");
    assert!(wechat_id("abc def").is_err());
}

#[test]
fn a_profile_is_twenty_to_five_hundred_plain_characters() {
    assert_eq!(
        error(
            NominationForm {
                profile: "太短了".into(),
                ..good()
            },
            "profile"
        )
        .as_deref(),
        Some("个人简介至少20字（现有3字）")
    );
    assert!(
        error(
            NominationForm {
                profile: "长".repeat(501),
                ..good()
            },
            "profile"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                profile: format!("<script>{}</script>", "字".repeat(20)),
                ..good()
            },
            "profile"
        )
        .is_some()
    );
}

#[test]
fn the_first_four_conditions_are_required_and_cadre_posts_follow_the_fifth() {
    assert!(
        error(
            NominationForm {
                conditions: vec![1, 2, 3],
                ..good()
            },
            "conditions"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                conditions: vec![1, 2, 3, 4, 6],
                ..good()
            },
            "conditions"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                cadre_posts: " ".into(),
                ..good()
            },
            "cadre_posts"
        )
        .is_some()
    );
    assert!(
        error(
            NominationForm {
                conditions: vec![1, 2, 3, 4],
                cadre_posts: String::new(),
                ..good()
            },
            "cadre_posts"
        )
        .is_none()
    );
}

#[test]
fn a_destination_is_required() {
    assert!(
        error(
            NominationForm {
                destination: "".into(),
                ..good()
            },
            "destination"
        )
        .is_some()
    );
}

#[test]
fn nomination_types_use_the_wire_names_of_the_spec() {
    assert_eq!(
        serde_json::to_string(&NominationType::SelfNominated)
            .ok()
            .as_deref(),
        Some("\"self\"")
    );
    assert_eq!(
        serde_json::to_string(&NominationType::Class)
            .ok()
            .as_deref(),
        Some("\"class\"")
    );
}
