//! A university at its real size, for `make bench` and the scale tests:
//! colleges, four grades of classes of 40, nominations of the graduating
//! grade in every state, a directory with history for every graduating
//! class, liaisons and graduation-photo records.
//!
//! Everything is written through the store's own write paths
//! (`apply_import`, `create_nomination`, `transition_nomination`,
//! `seed_directory`, `put_entry`, `update_photo`), so every index is kept
//! exactly as in production. The one shortcut, **for benchmarks and tests
//! only**: every account shares one Argon2 hash of [`DEMO_PASSWORD`],
//! computed once by the caller (60,000 hashes would take most of an hour).

use domain::{
    Role,
    api::HistoryEntry,
    directory::EntryFields,
    nomination::{NominationForm, NominationType},
    org::{Campaign, College, Level},
    photos::{NameList, Person},
    workflow::{Stage, State},
};

pub use crate::demo::DEMO_PASSWORD;
use server::store::{
    AuditEntry, Author, Based, ClassRecord, Guard, ImportBatch, NominationRecord, Store,
    StoreError, Term, Transition, UserRecord,
};

/// How big a university to build.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub colleges: usize,
    /// Students in all four grades.
    pub students: usize,
    pub class_size: usize,
    /// Nominations, all in the graduating grade's campaign.
    pub nominations: usize,
}

impl Scale {
    /// The size of issue #13: 20 colleges, 60,000 students, 1,500 classes,
    /// 10,000 nominations.
    pub const UNIVERSITY: Scale = Scale {
        colleges: 20,
        students: 60_000,
        class_size: 40,
        nominations: 10_000,
    };

    /// A small one for tests: the same shape, seconds to build in debug.
    pub const SMALL: Scale = Scale {
        colleges: 4,
        students: 1_920,
        class_size: 40,
        nominations: 320,
    };
}

/// What was built, for the bench and the tests to address.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub classes: usize,
    pub students: usize,
    pub nominations: usize,
    pub liaisons: usize,
    pub entries: usize,
    pub campaign: String,
    /// A graduating class, its college, its counselor and its students.
    pub class_id: String,
    pub college: String,
    pub counselor: String,
    pub dean: String,
    pub students_of_class: Vec<String>,
}

/// The graduating grade; its cohort is [`GRADUATING`] + 4.
pub const GRADUATING: u16 = 2023;

const MAJORS: [&str; 20] = [
    "计算机科学与技术",
    "软件工程",
    "会计学",
    "工程管理",
    "机械设计制造及其自动化",
    "汉语言文学",
    "英语",
    "市场营销",
    "土木工程",
    "电子信息工程",
    "自动化",
    "财务管理",
    "国际经济与贸易",
    "法学",
    "新闻学",
    "数学与应用数学",
    "化学",
    "生物科学",
    "视觉传达设计",
    "护理学",
];

use crate::demo::{SURNAMES, student_name as name};

/// The states nominations cycle through after the two appointed of a class:
/// most are waiting somewhere, as on a deadline afternoon.
const CYCLE: [State; 10] = [
    State::PendingCounselor,
    State::PendingCounselor,
    State::PendingCollege,
    State::PendingOffice,
    State::Draft,
    State::PendingCounselor,
    State::Returned,
    State::PendingCollege,
    State::Rejected,
    State::Withdrawn,
];

fn college_code(i: usize) -> String {
    format!("c{:02}", i + 1)
}

/// Builds the university into an empty store. `hash` is the Argon2 hash of
/// [`DEMO_PASSWORD`] every account gets; `now` and `today` (`YYYY-MM-DD`)
/// date the records and the campaign (open today).
pub fn build(
    store: &Store,
    scale: &Scale,
    hash: &str,
    now: i64,
    today: time::Date,
) -> Result<Built, StoreError> {
    let mut built = Built::default();
    let account = |username: String, name: String, role: Role| {
        UserRecord::new(&username, &name, role, hash, now)
    };
    let audit = |action: &str, target: &str| AuditEntry {
        at: now,
        actor: "scale".into(),
        action: action.into(),
        target: target.into(),
        detail: serde_json::Value::Null,
    };

    // Colleges, the office, deans and one counselor per college and grade.
    let mut staff = ImportBatch {
        users: vec![
            account("admin".into(), "系统管理员".into(), Role::Admin),
            UserRecord {
                is_director: true,
                ..account("office".into(), "陈主任".into(), Role::Office)
            },
        ],
        audit: Some(audit("scale.staff", "")),
        ..Default::default()
    };
    let mut counselors = std::collections::HashMap::new();
    for c in 0..scale.colleges {
        let code = college_code(c);
        store.put_college(&College {
            code: code.clone(),
            name: format!("{}学院", MAJORS[c % MAJORS.len()]),
            rev: 1,
        })?;
        staff.users.push(UserRecord {
            college: Some(code.clone()),
            ..account(format!("dean.{code}"), name(c + 7), Role::Dean)
        });
        for g in 0..4u16 {
            let u = account(
                format!("counselor.{code}.{}", GRADUATING + g),
                format!("{}老师", SURNAMES[(c + usize::from(g)) % SURNAMES.len()]),
                Role::Counselor,
            );
            counselors.insert((c, g), (u.id.clone(), u.username.clone()));
            staff.users.push(u);
        }
    }
    store.apply_import(&staff)?;
    let office = &staff.users[1];

    // Classes and their students, one import batch per class.
    let per_grade = scale.students / scale.class_size / 4;
    let mut graduating: Vec<(ClassRecord, Vec<UserRecord>)> = Vec::new();
    let mut n = 0usize;
    for g in 0..4u16 {
        let grade = GRADUATING + g;
        for k in 0..per_grade {
            let c = k % scale.colleges;
            let number = k / scale.colleges + 1;
            let code = college_code(c);
            let class = ClassRecord {
                id: format!("{code}-{grade}-{number:02}"),
                college: code.clone(),
                grade,
                major: MAJORS[c % MAJORS.len()].into(),
                class_name: format!("{number}班"),
                level: Level::Undergraduate,
                cohort: grade + 4,
                student_count: scale.class_size as u32,
                counselors: vec![counselors[&(c, g)].0.clone()],
                rev: 1,
            };
            let students: Vec<UserRecord> = (0..scale.class_size)
                .map(|i| {
                    n += 1;
                    UserRecord {
                        classes: vec![class.id.clone()],
                        gender: Some(if n.is_multiple_of(2) { "男" } else { "女" }.into()),
                        ..account(
                            format!("{grade}{:02}{number:02}{:02}", c + 1, i + 1),
                            name(n),
                            Role::Student,
                        )
                    }
                })
                .collect();
            store.apply_import(&ImportBatch {
                users: students.clone(),
                classes: vec![class.clone()],
                audit: Some(audit("scale.class", &class.id)),
                ..Default::default()
            })?;
            built.classes += 1;
            built.students += students.len();
            if g == 0 {
                graduating.push((class, students));
            }
        }
    }

    // The graduating grade's campaign, open today.
    let campaign = Campaign {
        id: (GRADUATING + 4).to_string(),
        cohort: GRADUATING + 4,
        nomination_opens: server::clock::iso_date(today - time::Duration::days(30)),
        nomination_closes: server::clock::iso_date(today + time::Duration::days(3)),
        materials_deadline: server::clock::iso_date(today + time::Duration::days(48)),
        quota: 2,
        term_years: 3,
        second_slot_min_students: None,
        rev: 1,
        open: false,
    };
    store.put_campaign(&campaign)?;
    built.campaign = campaign.id.clone();
    let term = Term {
        start: server::clock::iso_date(today),
        end: server::clock::iso_date(today + time::Duration::days(3 * 365)),
        cohort: campaign.cohort,
    };

    // Nominations: spread over the graduating classes, the first two of a
    // class appointed, the rest cycling through the other states.
    let per_class = scale.nominations.div_ceil(graduating.len().max(1));
    let at = "2026-11-30 09:00".to_owned();
    for (class, students) in &graduating {
        for (j, s) in students.iter().enumerate().take(per_class) {
            if built.nominations == scale.nominations {
                break;
            }
            let state = if j < 2 {
                State::PendingOffice
            } else {
                CYCLE[(j - 2) % CYCLE.len()]
            };
            let step = |who: &UserRecord, action: &str, stage: Option<Stage>, opinion: &str| {
                HistoryEntry {
                    at: at.clone(),
                    actor_id: who.id.clone(),
                    actor_name: who.name.clone(),
                    role: who.role,
                    action: action.into(),
                    stage,
                    opinion: opinion.into(),
                }
            };
            let mut history = vec![step(s, "create", None, "")];
            if state != State::Draft {
                history.push(step(s, "submit", None, ""));
            }
            let rec = NominationRecord {
                id: uuid::Uuid::new_v4().to_string(),
                campaign_id: campaign.id.clone(),
                student_id: s.id.clone(),
                student_no: s.username.clone(),
                class_id: class.id.clone(),
                college: class.college.clone(),
                nomination_type: if j % 7 == 3 {
                    NominationType::Class
                } else {
                    NominationType::SelfNominated
                },
                created_by: s.id.clone(),
                state,
                form: NominationForm {
                    name: s.name.clone(),
                    birth_month: format!("2005-{:02}", j % 12 + 1),
                    gender: s.gender.clone().unwrap_or_default(),
                    political_status: "共青团员".into(),
                    education: "本科(学士)".into(),
                    phone: format!("139{:08}", built.nominations),
                    wechat: format!("wx_{}", s.username),
                    profile: "在校期间担任班干部，组织班级活动，热心服务同学。".repeat(3),
                    conditions: vec![1, 2, 3, 4, 5],
                    cadre_posts: "班长".into(),
                    destination: "杭州，某互联网公司".into(),
                },
                history,
                rev: 1,
                created_at: now,
                updated_at: now,
            };
            let a = audit("scale.nomination", &rec.id);
            store.create_nomination(&rec, None, &serde_json::Value::Null, &a)?;
            built.nominations += 1;
            if j < 2 {
                let guard = Guard {
                    quota: campaign.quota,
                    term: Some(term.clone()),
                    ..Guard::new(Some(1), &a)
                };
                let decided = step(office, "approve", Some(Stage::Office), "同意聘任");
                let t = store.transition_nomination(&rec.id, &guard, |r| {
                    r.state = State::Appointed;
                    r.history.push(decided.clone());
                    Ok(())
                })?;
                if matches!(t, Transition::Done(_)) {
                    built.liaisons += 1;
                }
            }
        }
    }

    // Directories of the graduating classes: seeded from the roster, then
    // each entry filled in once (one history step each); photo records for
    // every other class.
    for (i, (class, students)) in graduating.iter().enumerate() {
        let grade_major = format!("{}级{}", class.grade, class.major);
        store.seed_directory(&class.id, &grade_major, students, now)?;
        let a = audit("scale.directory", &class.id);
        let author = Author {
            actor_name: "联络员",
            audit: &a,
            round: None,
        };
        for e in store.directory(&class.id)? {
            let n = built.entries;
            let fields = EntryFields {
                phone: format!("138{n:08}"),
                wechat: format!("wx{n}"),
                email: format!("a{n}@example.com"),
                employer: "某科技有限公司".into(),
                position: "工程师".into(),
                address: "浙江省杭州市西湖区".into(),
                ..e.fields.clone()
            };
            store.put_entry(&class.id, &e.id, Based::Rev(e.rev), &fields, &author)?;
            built.entries += 1;
        }
        if i % 2 == 0 {
            let names = NameList {
                rows: students
                    .chunks(20)
                    .map(|row| {
                        row.iter()
                            .map(|s| Person {
                                name: s.name.clone(),
                                teacher: false,
                            })
                            .collect()
                    })
                    .collect(),
            };
            store.update_photo(&class.id, None, &a, |r| {
                r.ext = "jpg".into();
                r.mime = "image/jpeg".into();
                r.uploaded_by_name = "联络员".into();
                r.uploaded_at = now;
                r.names = Some(names.clone());
            })?;
        }
    }
    if let Some((class, students)) = graduating.first() {
        built.class_id = class.id.clone();
        built.college = class.college.clone();
        built.counselor = counselors[&(0, 0)].1.clone();
        built.dean = format!("dean.{}", class.college);
        built.students_of_class = students.iter().map(|s| s.username.clone()).collect();
    }
    store.flush_now()?;
    Ok(built)
}

#[cfg(test)]
mod tests;
