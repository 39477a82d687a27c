//! The demo's nominations, one at each interesting stage (SPEC §12). The
//! students are chosen away from the first of each class, which stay free
//! for people trying the system (and for the tests).

use domain::{
    api::HistoryEntry,
    nomination::{NominationForm, NominationType},
    org::Level,
    workflow::{Stage, State},
};
use server::store::{AuditEntry, ClassRecord, NominationRecord, Store, UserRecord};

/// A decision already taken: who, what, at which stage, with what opinion.
type Step = (&'static str, &'static str, Stage, &'static str);

/// Whose nomination, in which state, after which decisions.
const PLANS: [(&str, State, &[Step]); 5] = [
    ("2023110120", State::PendingCounselor, &[]),
    (
        "2023110121",
        State::PendingCollege,
        &[("counselor.xx", "approve", Stage::Counselor, "同意推荐")],
    ),
    (
        "2023210120",
        State::PendingOffice,
        &[
            (
                "counselor.jg",
                "approve",
                Stage::Counselor,
                "该生工作认真负责，同意推荐",
            ),
            ("dean.jg", "approve", Stage::College, "同意"),
        ],
    ),
    ("2023210121", State::Draft, &[]),
    (
        "2024310120",
        State::Returned,
        &[(
            "counselor.xx",
            "return",
            Stage::Counselor,
            "请补充担任学生干部期间的具体工作",
        )],
    ),
];

const POSTS: [&str; 5] = ["班长", "团支书", "学习委员", "宣传委员", "生活委员"];

const DESTINATIONS: [&str; 5] = [
    "杭州，某互联网公司",
    "本校继续攻读硕士",
    "上海，某建设集团",
    "南京，某会计师事务所",
    "苏州，某软件公司",
];

pub(super) fn add(store: &Store, now: i64) -> anyhow::Result<()> {
    let by = |username: &str| -> anyhow::Result<UserRecord> {
        store
            .user_by_username(username)?
            .ok_or_else(|| anyhow::anyhow!("demo user {username} missing"))
    };
    let at = server::clock::iso_date(
        time::OffsetDateTime::from_unix_timestamp(now)?
            .to_offset(server::clock::CHINA)
            .date(),
    ) + " 09:00";
    let step = |u: &UserRecord, action: &str, stage: Option<Stage>, opinion: &str| HistoryEntry {
        at: at.clone(),
        actor_id: u.id.clone(),
        actor_name: u.name.clone(),
        role: u.role,
        action: action.into(),
        stage,
        opinion: opinion.into(),
        in_place_of: None,
        signature: None,
    };
    for (i, (username, state, steps)) in PLANS.into_iter().enumerate() {
        let student = by(username)?;
        let class_id = student.classes.first().cloned().unwrap_or_default();
        let class = store
            .class(&class_id)?
            .ok_or_else(|| anyhow::anyhow!("demo class missing"))?;
        let mut history = vec![step(&student, "create", None, "")];
        if state != State::Draft {
            history.push(step(&student, "submit", None, ""));
        }
        for (who, action, stage, opinion) in steps {
            history.push(step(&by(who)?, action, Some(*stage), opinion));
        }
        let rec = NominationRecord {
            id: uuid::Uuid::new_v4().to_string(),
            campaign_id: "2027".into(),
            student_id: student.id.clone(),
            student_no: student.username.clone(),
            class_id,
            college: class.college.clone(),
            nomination_type: NominationType::SelfNominated,
            created_by: student.id.clone(),
            state,
            form: form(i, &student, &class),
            history,
            copied: vec![],
            rev: 1,
            created_at: now,
            updated_at: now,
        };
        let audit = AuditEntry {
            at: now,
            actor: "system".into(),
            action: "demo.nomination.create".into(),
            target: rec.id.clone(),
            detail: serde_json::json!({ "state": state }),
        };
        store.create_nomination(&rec, None, &serde_json::Value::Null, &audit)?;
    }
    Ok(())
}

/// The `i`th plan's form, filled as its student would.
fn form(i: usize, student: &UserRecord, class: &ClassRecord) -> NominationForm {
    NominationForm {
        name: student.name.clone(),
        birth_month: format!("{}-{:02}", 2004 + i % 2, 3 + i),
        gender: student.gender.clone().unwrap_or_else(|| "男".into()),
        political_status: if i.is_multiple_of(2) {
            "共青团员"
        } else {
            "中共预备党员"
        }
        .into(),
        education: if class.level == Level::Associate {
            "专科"
        } else {
            "本科(学士)"
        }
        .into(),
        phone: format!("1390000{:04}", 1000 + i),
        wechat: format!("demo_{}", student.username),
        profile: format!(
            "在校期间担任{}，组织班级活动十余次，积极参与志愿服务，愿意为母校和校友服务。",
            POSTS[i]
        ),
        conditions: vec![1, 2, 3, 4, 5],
        cadre_posts: POSTS[i].into(),
        destination: DESTINATIONS[i].into(),
    }
}
