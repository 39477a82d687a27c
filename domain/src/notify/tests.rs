use super::*;

fn about(t: NominationType) -> About<'static> {
    About {
        nomination_id: "n1",
        nomination_type: t,
        student_name: "王子涵",
        class_name: "2023级计算机科学与技术1班",
        opinion: "请补充工作经历",
    }
}

fn audience(v: &[Notice]) -> Vec<(To, Kind)> {
    v.iter().map(|n| (n.to, n.kind)).collect()
}

#[test]
fn each_level_hears_when_a_nomination_reaches_it_and_the_student_when_it_passes() {
    let a = about(NominationType::SelfNominated);
    assert_eq!(
        audience(&on_transition(State::Draft, State::PendingCounselor, &a)),
        [(To::Counselors, Kind::ToReview), (To::Copied, Kind::Copied)]
    );
    assert_eq!(
        audience(&on_transition(
            State::PendingCounselor,
            State::PendingCollege,
            &a
        )),
        [
            (To::Deans, Kind::ToReview),
            (To::Applicant, Kind::Passed),
            (To::Copied, Kind::Copied)
        ]
    );
    assert_eq!(
        audience(&on_transition(
            State::PendingCollege,
            State::PendingOffice,
            &a
        )),
        [
            (To::Office, Kind::ToReview),
            (To::Applicant, Kind::Passed),
            (To::Copied, Kind::Copied)
        ]
    );
    assert_eq!(
        audience(&on_transition(State::PendingOffice, State::Appointed, &a)),
        [(To::Applicant, Kind::Appointed)]
    );
    assert!(on_transition(State::PendingCounselor, State::Withdrawn, &a).is_empty());
    assert!(on_transition(State::Draft, State::Draft, &a).is_empty());
}

#[test]
fn reminders_come_seven_days_and_one_day_before_and_never_after() {
    let due: Vec<Option<u8>> = (-2..=9).map(reminder_due).collect();
    assert_eq!(
        due,
        [
            None,
            None,
            Some(1),
            Some(1),
            Some(7),
            Some(7),
            Some(7),
            Some(7),
            Some(7),
            Some(7),
            None,
            None
        ]
    );
    let classes: Vec<String> = (1..=7).map(|i| format!("{i}班")).collect();
    let n = reminder(
        2027,
        "推荐截止",
        "2027-04-30",
        1,
        "还没有推荐人选",
        &classes,
        "/todo",
    );
    assert_eq!(n.title, "2027届推荐截止明天截止（2027-04-30）");
    assert_eq!(
        n.body,
        "还没有推荐人选：1班、2班、3班、4班、5班 等 7 个班级"
    );
}

#[test]
fn a_return_carries_the_opinion_and_a_class_nomination_tells_its_recommender() {
    let a = about(NominationType::SelfNominated);
    let n = on_transition(State::PendingCollege, State::Returned, &a);
    assert_eq!(audience(&n), [(To::Applicant, Kind::Returned)]);
    assert_eq!(n[0].body, "意见：请补充工作经历");
    assert_eq!(n[0].link, "/nominations");
    let c = about(NominationType::Class);
    let n = on_transition(State::PendingCollege, State::Rejected, &c);
    assert_eq!(
        audience(&n),
        [
            (To::Applicant, Kind::Rejected),
            (To::Recommender, Kind::Rejected)
        ]
    );
    assert_eq!(n[1].link, "/nominations/n1");
    assert_eq!(
        audience(&on_transition(State::PendingOffice, State::Appointed, &c)),
        [
            (To::Applicant, Kind::Appointed),
            (To::Recommender, Kind::Appointed)
        ]
    );
}
