use super::*;

#[test]
fn days_to_a_deadline_read_as_people_say_them() {
    assert_eq!(days_left_label(0), "今天截止");
    assert_eq!(days_left_label(1), "明天截止");
    assert_eq!(days_left_label(60), "还有 60 天");
    assert_eq!(days_left_label(-3), "已过 3 天");
}

fn class(id: &str) -> ClassFacts {
    ClassFacts {
        class_id: id.into(),
        class_name: format!("{id}班"),
        passed_college: 1,
        active_liaisons: 1,
        entries: 30,
        photo: true,
        names: true,
        ..Default::default()
    }
}

#[test]
fn a_clean_college_has_no_checks_and_submits_without_a_note() {
    let facts = CollegeFacts {
        seal: true,
        classes: vec![class("a"), class("b")],
    };
    for kind in Kind::ALL {
        let c = checks(kind, &facts);
        assert!(c.is_empty(), "{kind:?}: {c:?}");
        assert_eq!(may_submit(&c, ""), Ok(()));
    }
}

#[test]
fn a_missing_seal_or_a_nomination_waiting_for_the_dean_blocks() {
    let mut waiting = class("a");
    waiting.pending_college = 2;
    let facts = CollegeFacts {
        seal: false,
        classes: vec![waiting],
    };
    let c = checks(Kind::Nominations, &facts);
    assert_eq!(c.len(), 2);
    assert!(c.iter().all(|c| c.level == Level::Block));
    assert!(c[0].message.contains("公章") && c[0].class_id.is_empty());
    assert!(c[1].message.starts_with("2 份推荐表待学院审核"));
    assert_eq!(c[1].class_id, "a");
    assert_eq!(may_submit(&c, "说明也没用"), Err(Refusal::Blocked));
}

#[test]
fn warnings_need_a_written_explanation_that_is_kept_short() {
    let mut bare = class("a");
    bare.active_liaisons = 0;
    bare.photo = false;
    bare.incomplete = 3;
    let c = checks(
        Kind::Alumni,
        &CollegeFacts {
            seal: true,
            classes: vec![bare],
        },
    );
    let messages: Vec<&str> = c.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "3 条通讯录信息不完整（缺少必填项），不会进入校友数据库",
            "没有在任的校友联络员",
            "尚未上传毕业合影"
        ]
    );
    assert!(matches!(may_submit(&c, "  "), Err(Refusal::Explanation(_))));
    assert!(matches!(
        may_submit(&c, &"长".repeat(MAX_NOTE_CHARS + 1)),
        Err(Refusal::Explanation(_))
    ));
    assert_eq!(may_submit(&c, "两个班的联络员尚在补选"), Ok(()));
}

#[test]
fn a_broken_entry_blocks_and_a_missing_phone_only_warns() {
    let mut e = EntryFields {
        name: "张三".into(),
        gender: "男".into(),
        grade_major: "2020级工程管理".into(),
        ..Default::default()
    };
    assert_eq!(entry_standing(&e), EntryStanding::Incomplete);
    e.phone = "13812345678".into();
    assert_eq!(entry_standing(&e), EntryStanding::Complete);
    e.wechat = "微信，号".into();
    assert!(matches!(entry_standing(&e), EntryStanding::Broken(m) if m.starts_with("张三：")));
    let mut broken = class("a");
    broken.broken = 1;
    broken.first_broken = "张三：微信号中不能有标点符号（，）".into();
    let c = checks(
        Kind::Alumni,
        &CollegeFacts {
            seal: true,
            classes: vec![broken],
        },
    );
    assert_eq!(c[0].level, Level::Block);
    assert!(c[0].message.contains("张三"));
}

#[test]
fn only_a_submitted_version_is_decided_and_a_return_needs_a_reason() {
    assert_eq!(
        Decision::Accept.apply(State::Submitted),
        Ok(State::Accepted)
    );
    assert_eq!(
        Decision::Return.apply(State::Submitted),
        Ok(State::Returned)
    );
    for s in [State::Draft, State::Accepted, State::Returned] {
        assert!(Decision::Accept.apply(s).is_err());
        assert!(Decision::Return.apply(s).is_err());
    }
    assert!(return_reason(" ").is_err());
    assert_eq!(return_reason(" 缺照片 ").as_deref(), Ok("缺照片"));
}

#[test]
fn lateness_counts_calendar_days_across_months_and_leap_years() {
    assert_eq!(days_late("2027-04-30", "2027-04-30"), Some(0));
    assert_eq!(days_late("2027-04-30", "2027-05-03"), Some(3));
    assert_eq!(days_late("2027-06-15", "2027-06-12"), Some(-3));
    assert_eq!(days_late("2028-02-28", "2028-03-01"), Some(2));
    assert_eq!(days_late("2027-02-28", "2027-03-01"), Some(1));
    assert_eq!(days_late("2026-12-31", "2027-01-01"), Some(1));
    assert_eq!(days_late("2027-4-30", "2027-05-01"), None);
    assert_eq!(lateness_label(3, true), "逾期 3 天");
    assert_eq!(lateness_label(-2, true), "按时");
    assert_eq!(lateness_label(-2, false), "剩 2 天");
    assert_eq!(lateness_label(0, false), "今天截止");
    assert_eq!(Kind::parse("alumni"), Some(Kind::Alumni));
    assert_eq!(Kind::parse("x"), None);
}
