use super::*;

const TERM: Term<'static> = Term {
    start: "2024-07-01",
    today: "2025-03-10",
};

fn activity() -> LogInput {
    LogInput {
        kind: LogKind::Activity,
        date: "2025-03-01".into(),
        title: "返校日".into(),
        place: "图书馆报告厅".into(),
        participants: Some(30),
        ..Default::default()
    }
}

#[test]
fn a_complete_entry_of_each_kind_passes() {
    assert!(check(&activity(), TERM).is_empty());
    let article = LogInput {
        kind: LogKind::Article,
        date: "2025-03-01".into(),
        title: "校友风采".into(),
        place: "学院公众号".into(),
        link: "https://mp.weixin.qq.com/s/abc".into(),
        ..Default::default()
    };
    assert!(check(&article, TERM).is_empty());
    let feedback = LogInput {
        kind: LogKind::Feedback,
        date: "2025-03-10".into(),
        text: "希望开放校友进校预约".into(),
        ..Default::default()
    };
    assert!(check(&feedback, TERM).is_empty());
}

#[test]
fn dates_outside_the_term_or_in_the_future_are_refused_by_name() {
    let mut a = activity();
    a.date = "2025-03-11".into();
    assert_eq!(check(&a, TERM)["date"], "日期不能晚于今天");
    a.date = "2024-06-30".into();
    assert_eq!(
        check(&a, TERM)["date"],
        "日期不能早于任期开始（2024-07-01）"
    );
    a.date = "2025-02-30".into();
    assert_eq!(check(&a, TERM)["date"], "日期格式应为 年-月-日");
    a.date = " ".into();
    assert_eq!(check(&a, TERM)["date"], "请填写日期");
}

#[test]
fn each_kind_names_what_it_is_missing() {
    let e = check(
        &LogInput {
            kind: LogKind::Activity,
            ..Default::default()
        },
        TERM,
    );
    assert_eq!(
        e.keys().copied().collect::<Vec<_>>(),
        ["date", "participants", "place", "title"]
    );
    let e = check(
        &LogInput {
            kind: LogKind::Article,
            date: "2025-01-01".into(),
            title: "t".into(),
            place: "p".into(),
            ..Default::default()
        },
        TERM,
    );
    assert_eq!(e["link"], "请填写文章链接或正文");
    let e = check(
        &LogInput {
            kind: LogKind::Feedback,
            date: "2025-01-01".into(),
            ..Default::default()
        },
        TERM,
    );
    assert_eq!(e.keys().copied().collect::<Vec<_>>(), ["text"]);
    let mut a = activity();
    a.link = "javascript:alert(1)".into();
    a.kind = LogKind::Article;
    assert_eq!(check(&a, TERM)["link"], "链接应以 http:// 或 https:// 开头");
    let mut a = activity();
    a.participants = Some(MAX_PARTICIPANTS + 1);
    a.title = "字".repeat(MAX_TITLE_CHARS + 1);
    let e = check(&a, TERM);
    assert!(e.contains_key("participants") && e.contains_key("title"));
}

#[test]
fn normalise_keeps_only_what_the_kind_uses() {
    let mut a = activity();
    a.kind = LogKind::Feedback;
    a.consent = true;
    a.link = "https://x.cn".into();
    let n = normalise(&a);
    assert_eq!(
        (n.participants, n.place.as_str(), n.link.as_str()),
        (None, "", "")
    );
    assert!(n.consent);
    let n = normalise(&LogInput {
        consent: true,
        ..activity()
    });
    assert!(!n.consent);
    assert_eq!(n.participants, Some(30));
}

#[test]
fn every_field_has_a_chinese_name_for_conflicts() {
    let serde_json::Value::Object(fields) = serde_json::to_value(activity()).unwrap_or_default()
    else {
        panic!("an object");
    };
    for k in fields.keys() {
        assert_ne!(field_label(k), "其他", "{k}");
    }
}

#[test]
fn feedback_is_overdue_after_fourteen_days_unless_handled() {
    let f = LogKind::Feedback;
    assert!(!overdue(f, false, "2025-03-01", "2025-03-14"));
    assert!(overdue(f, false, "2025-03-01", "2025-03-15"));
    assert!(!overdue(f, true, "2025-03-01", "2025-04-15"));
    assert!(!overdue(
        LogKind::Activity,
        false,
        "2025-01-01",
        "2025-04-15"
    ));
}

#[test]
fn terms_ending_within_ninety_days_are_up_for_review() {
    assert!(up_for_renewal("2025-06-30", "2025-04-01"));
    assert!(up_for_renewal("2025-06-30", "2025-06-30"));
    assert!(!up_for_renewal("2025-06-30", "2025-03-31"));
    assert!(!up_for_renewal("2025-06-30", "2025-07-01"));
}

#[test]
fn a_tally_counts_by_kind_and_state() {
    let mut t = Tally::default();
    t.add(LogKind::Activity, Some(30), false);
    t.add(LogKind::Activity, Some(12), false);
    t.add(LogKind::Article, None, false);
    t.add(LogKind::Feedback, None, true);
    t.add(LogKind::Feedback, None, false);
    assert_eq!(
        t,
        Tally {
            activities: 2,
            participants: 42,
            articles: 1,
            feedback_handled: 1,
            feedback_open: 1
        }
    );
    assert_eq!(t.total(), 5);
}
