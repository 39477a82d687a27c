use super::*;

fn campaign() -> Campaign {
    Campaign {
        id: "c".into(),
        cohort: 2027,
        nomination_opens: "2027-03-01".into(),
        nomination_closes: "2027-04-30".into(),
        materials_deadline: "2027-06-15".into(),
        quota: 2,
        term_years: 3,
        second_slot_min_students: None,
        rev: 1,
        open: false,
    }
}

#[test]
fn a_class_display_name_joins_grade_major_and_class() {
    assert_eq!(
        class_display_name(2023, "计算机科学与技术", "1班"),
        "2023级计算机科学与技术1班"
    );
}

#[test]
fn a_campaign_is_open_on_both_ends_of_its_window() {
    let c = campaign();
    assert!(c.is_open_on("2027-03-01"));
    assert!(c.is_open_on("2027-04-30"));
    assert!(!c.is_open_on("2027-02-28"));
    assert!(!c.is_open_on("2027-05-01"));
}

#[test]
fn undergraduate_sorts_before_associate() {
    assert!(Level::Undergraduate < Level::Associate);
    assert_eq!(
        serde_json::to_string(&Level::Associate).ok().as_deref(),
        Some("\"专科\"")
    );
}
