//! The demo university of SPEC §12, loaded into an empty store on request.
//!
//! Every demo account has the password [`DEMO_PASSWORD`]. It is hashed once and
//! the hash shared by all demo accounts, so loading takes milliseconds, not the
//! seconds that a hundred Argon2 runs would (acceptable for demo data only).

use domain::{
    Role,
    org::{Campaign, College, Level},
};
use time::Duration;

use server::{
    clock::{Clock, iso_date},
    store::{AuditEntry, ClassRecord, Store, UserRecord},
};

pub mod work;

pub const DEMO_PASSWORD: &str = "demo-pass-2024";

/// Students per demo class.
pub const STUDENTS_PER_UNDERGRAD_CLASS: u32 = 32;
pub const STUDENTS_PER_ASSOCIATE_CLASS: u32 = 26;

struct DemoClass {
    id: &'static str,
    college: &'static str,
    grade: u16,
    major: &'static str,
    level: Level,
    /// Usernames are this prefix and a two-digit number: `2023110101`.
    prefix: &'static str,
    students: u32,
}

const CLASSES: [DemoClass; 4] = [
    DemoClass {
        id: "xx-2023-cs-1",
        college: "xx",
        grade: 2023,
        major: "计算机科学与技术",
        level: Level::Undergraduate,
        prefix: "20231101",
        students: STUDENTS_PER_UNDERGRAD_CLASS,
    },
    DemoClass {
        id: "xx-2024-rj-1",
        college: "xx",
        grade: 2024,
        major: "软件技术",
        level: Level::Associate,
        prefix: "20243101",
        students: STUDENTS_PER_ASSOCIATE_CLASS,
    },
    DemoClass {
        id: "jg-2023-gc-1",
        college: "jg",
        grade: 2023,
        major: "工程管理",
        level: Level::Undergraduate,
        prefix: "20232101",
        students: STUDENTS_PER_UNDERGRAD_CLASS,
    },
    DemoClass {
        id: "jg-2024-kj-1",
        college: "jg",
        grade: 2024,
        major: "大数据与会计",
        level: Level::Associate,
        prefix: "20243201",
        students: STUDENTS_PER_ASSOCIATE_CLASS,
    },
];

pub(crate) const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];
const GIVEN: [&str; 20] = [
    "子涵", "欣怡", "浩然", "雨桐", "思远", "梓萱", "宇航", "佳琪", "俊杰", "诗涵", "明轩", "可馨",
    "博文", "晓彤", "天佑", "雅琳", "嘉豪", "若曦", "志强", "静怡",
];

/// A deterministic, varied Chinese name for the n-th demo student.
pub(crate) fn student_name(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n * 7 + n / 16) % GIVEN.len()]
    )
}

/// Loads the demo university unless the store already holds accounts.
/// Returns whether anything was loaded.
/// A plain red seal (a ring and a star) for the demo's 经济管理学院.
const DEMO_SEAL: &[u8] = include_bytes!("../../assets/demo-seal.png");

pub async fn load_if_empty(store: &Store, clock: &dyn Clock) -> anyhow::Result<bool> {
    if !store.is_empty() {
        return Ok(false);
    }
    let hash =
        tokio::task::spawn_blocking(|| server::password::hash_password(DEMO_PASSWORD)).await??;
    let now = clock.now();
    let today = clock.today();

    for (code, name) in [("xx", "信息工程学院"), ("jg", "经济管理学院")] {
        store.put_college(&College {
            code: code.into(),
            name: name.into(),
            rev: 1,
        })?;
    }
    let account =
        |username: &str, name: &str, role: Role| UserRecord::new(username, name, role, &hash, now);
    let audit = |u: &UserRecord| AuditEntry {
        at: now,
        actor: "system".into(),
        action: "demo.user.create".into(),
        target: u.id.clone(),
        detail: serde_json::json!({ "username": u.username, "role": u.role }),
    };

    let mut staff = vec![
        account("admin", "系统管理员", Role::Admin),
        UserRecord {
            is_director: true,
            ..account("office", "陈主任", Role::Office)
        },
    ];
    let mut counselor_ids = std::collections::HashMap::new();
    for (code, dean, counselor) in [("xx", "李院长", "赵老师"), ("jg", "王院长", "孙老师")]
    {
        staff.push(UserRecord {
            college: Some(code.into()),
            ..account(&format!("dean.{code}"), dean, Role::Dean)
        });
        // A counselor's classes are those that name them (ClassRecord::counselors).
        let c = account(&format!("counselor.{code}"), counselor, Role::Counselor);
        counselor_ids.insert(code, c.id.clone());
        staff.push(c);
    }
    for u in &staff {
        store.insert_user(u, &audit(u))?;
    }

    let mut n = 0usize;
    for c in &CLASSES {
        store.put_class(&ClassRecord {
            id: c.id.into(),
            college: c.college.into(),
            grade: c.grade,
            major: c.major.into(),
            class_name: "1班".into(),
            level: c.level,
            cohort: 2027,
            student_count: c.students,
            counselors: counselor_ids.get(c.college).cloned().into_iter().collect(),
            rev: 1,
        })?;
        for i in 1..=c.students {
            let s = UserRecord {
                classes: vec![c.id.into()],
                gender: Some(if n.is_multiple_of(2) { "男" } else { "女" }.into()),
                ..account(
                    &format!("{}{i:02}", c.prefix),
                    &student_name(n),
                    Role::Student,
                )
            };
            store.insert_user(&s, &audit(&s))?;
            n += 1;
        }
    }

    // The 2027届 round is open today, whatever day the demo is loaded.
    let opens = today - Duration::days(30);
    let closes = today + Duration::days(60);
    store.put_campaign(&Campaign {
        id: "2027".into(),
        cohort: 2027,
        nomination_opens: iso_date(opens),
        nomination_closes: iso_date(closes),
        materials_deadline: iso_date(closes + Duration::days(45)),
        quota: 2,
        term_years: 3,
        second_slot_min_students: None,
        rev: 1,
        open: false,
    })?;
    demo_nominations(store, now)?;
    // 经济管理学院 has its seal, so its dean can try 学院报送 at once;
    // 信息工程学院 has none yet, which the pre-flight checks point out.
    store.put_seal(
        "jg",
        DEMO_SEAL,
        &server::store::AuditEntry {
            at: now,
            actor: "system".into(),
            action: "seal.upload".into(),
            target: "jg".into(),
            detail: serde_json::json!({ "demo": true }),
        },
    )?;
    store.meta_put("demo_loaded", &now)?;
    store.durable().await?;
    Ok(true)
}

/// The demo's nominations, one at each interesting stage (SPEC §12). The
/// students are chosen away from the first of each class, which stay free
/// for people trying the system (and for the tests).
fn demo_nominations(store: &Store, now: i64) -> anyhow::Result<()> {
    use domain::{
        api::HistoryEntry,
        nomination::{NominationForm, NominationType},
        workflow::{Stage, State},
    };
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
    };
    /// A decision already taken: who, what, at which stage, with what opinion.
    type Step = (&'static str, &'static str, Stage, &'static str);
    let plans: [(&str, State, &[Step]); 5] = [
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
    let posts = ["班长", "团支书", "学习委员", "宣传委员", "生活委员"];
    for (i, (username, state, steps)) in plans.into_iter().enumerate() {
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
        let form = NominationForm {
            name: student.name.clone(),
            birth_month: format!("{}-{:02}", 2004 + i % 2, 3 + i),
            gender: student.gender.clone().unwrap_or_else(|| "男".into()),
            political_status: if i % 2 == 0 {
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
            wechat: format!("demo_{username}"),
            profile: format!(
                "在校期间担任{}，组织班级活动十余次，积极参与志愿服务，愿意为母校和校友服务。",
                posts[i]
            ),
            conditions: vec![1, 2, 3, 4, 5],
            cadre_posts: posts[i].into(),
            destination: [
                "杭州，某互联网公司",
                "本校继续攻读硕士",
                "上海，某建设集团",
                "南京，某会计师事务所",
                "苏州，某软件公司",
            ][i]
                .into(),
        };
        let rec = server::store::NominationRecord {
            id: uuid::Uuid::new_v4().to_string(),
            campaign_id: "2027".into(),
            student_id: student.id.clone(),
            student_no: student.username.clone(),
            class_id,
            college: class.college.clone(),
            nomination_type: NominationType::SelfNominated,
            created_by: student.id.clone(),
            state,
            form,
            history,
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

#[cfg(test)]
mod tests;
