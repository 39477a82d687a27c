use super::*;

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn counselor<'a>(id: &'a str, colleges: &'a [String]) -> Approver<'a> {
    Approver {
        id,
        role: Role::Counselor,
        college: None,
        colleges,
        is_director: false,
    }
}

fn dean<'a>(id: &'a str, college: Option<&'static str>) -> Approver<'a> {
    Approver {
        id,
        role: Role::Dean,
        college,
        colleges: &[],
        is_director: false,
    }
}

fn office(id: &str, is_director: bool) -> Approver<'_> {
    Approver {
        id,
        role: Role::Office,
        college: None,
        colleges: &[],
        is_director,
    }
}

fn standin(principal: &str, deputy: &str, from: &str, until: &str) -> StandIn {
    StandIn {
        id: format!("{principal}-{deputy}"),
        principal_id: principal.into(),
        principal_name: principal.into(),
        deputy_id: deputy.into(),
        deputy_name: deputy.into(),
        role: Role::Counselor,
        from: from.into(),
        until: until.into(),
        ended_on: None,
        rev: 1,
    }
}

const TODAY: &str = "2027-03-01";

#[test]
fn each_role_names_a_stand_in_whose_scope_covers_theirs() {
    let xx = strs(&["xx"]);
    let both = strs(&["xx", "jg"]);
    let jg = strs(&["jg"]);
    let ok = |p, d| check(p, d, "2027-03-02", "2027-03-10", TODAY, &[]);
    assert_eq!(ok(counselor("a", &xx), counselor("b", &both)), Ok(()));
    assert_eq!(
        ok(counselor("a", &both), counselor("b", &xx)),
        Err(StandInError::OutsideScope)
    );
    assert_eq!(
        ok(counselor("a", &xx), counselor("b", &jg)),
        Err(StandInError::OutsideScope)
    );
    assert_eq!(ok(dean("a", Some("xx")), dean("b", Some("xx"))), Ok(()));
    assert_eq!(
        ok(dean("a", Some("xx")), dean("b", Some("jg"))),
        Err(StandInError::OutsideScope)
    );
    assert_eq!(ok(office("a", true), office("b", false)), Ok(()));
    assert_eq!(
        ok(office("a", false), office("b", false)),
        Err(StandInError::NotTheDirector)
    );
    assert_eq!(
        ok(dean("a", Some("xx")), counselor("b", &xx)),
        Err(StandInError::OtherRole)
    );
    assert_eq!(
        ok(counselor("a", &xx), counselor("a", &xx)),
        Err(StandInError::Yourself)
    );
}

#[test]
fn ranges_are_whole_days_from_today_and_bounded() {
    let xx = strs(&["xx"]);
    let go = |from, until| {
        check(
            counselor("a", &xx),
            counselor("b", &xx),
            from,
            until,
            TODAY,
            &[],
        )
    };
    assert_eq!(go("2027-03-01", "2027-03-01"), Ok(()), "today alone");
    assert_eq!(go("2027-02-28", "2027-03-05"), Err(StandInError::InThePast));
    assert_eq!(go("2027-03-05", "2027-03-04"), Err(StandInError::BadRange));
    assert_eq!(go("2027-3-5", "2027-03-09"), Err(StandInError::BadRange));
    assert_eq!(go("2027-03-01", "2027-05-31"), Ok(()), "92 days");
    assert_eq!(go("2027-03-01", "2027-06-01"), Err(StandInError::TooLong));
}

#[test]
fn one_stand_in_at_a_time_and_no_chains() {
    let xx = strs(&["xx"]);
    let go = |p, d, existing: &[StandIn]| {
        check(
            counselor(p, &xx),
            counselor(d, &xx),
            "2027-03-05",
            "2027-03-10",
            TODAY,
            existing,
        )
    };
    let a_by_b = standin("a", "b", "2027-03-08", "2027-03-20");
    assert_eq!(
        go("a", "c", std::slice::from_ref(&a_by_b)),
        Err(StandInError::AlreadyNamed)
    );
    assert_eq!(
        go("b", "c", std::slice::from_ref(&a_by_b)),
        Err(StandInError::YouStandIn)
    );
    assert_eq!(
        go("c", "a", std::slice::from_ref(&a_by_b)),
        Err(StandInError::DeputyAway)
    );
    // Standing in for two people at once is allowed (no chain).
    assert_eq!(go("c", "b", std::slice::from_ref(&a_by_b)), Ok(()));
    // Days that do not meet, and stand-ins already over, do not count.
    let later = standin("a", "b", "2027-03-11", "2027-03-20");
    assert_eq!(go("a", "c", &[later]), Ok(()));
    let mut ended = a_by_b;
    ended.ended_on = Some(TODAY.into());
    assert_eq!(go("a", "c", &[ended]), Ok(()));
}

#[test]
fn a_stand_in_holds_its_days_until_ended() {
    let mut s = standin("a", "b", "2027-03-05", "2027-03-10");
    assert!(!s.holds_on("2027-03-04"));
    assert!(s.holds_on("2027-03-05") && s.holds_on("2027-03-10"));
    assert!(!s.holds_on("2027-03-11") && s.over_by("2027-03-11"));
    s.ended_on = Some("2027-03-07".into());
    assert!(s.holds_on("2027-03-06") && !s.holds_on("2027-03-07"));
    assert!(s.over_by("2027-03-07") && !s.over_by("2027-03-06"));
}

#[test]
fn a_decision_takes_the_place_of_a_principal_who_could_decide_it() {
    let a_classes = strs(&["c1"]);
    let mine = [standin("a", "b", "2027-03-01", "2027-03-10")];
    let scope = |_: &StandIn| {
        Some(Viewer {
            role: Role::Counselor,
            college: None,
            classes: &a_classes,
        })
    };
    let place = |class| taking_place_of(&mine, "b", TODAY, class, "xx", scope);
    assert_eq!(place("c1").map(|s| s.principal_id.as_str()), Some("a"));
    assert_eq!(place("c2"), None, "not the principal's class");
    assert_eq!(
        taking_place_of(&mine, "b", "2027-03-11", "c1", "xx", scope),
        None,
        "after the last day"
    );
    assert_eq!(signed("张三", Some("李四")), "张三 代 李四");
    assert_eq!(signed("张三", None), "张三");
}
