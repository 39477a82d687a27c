//! The demo university of SPEC §12, loaded into an empty store on request.
//!
//! Every demo account has the password [`DEMO_PASSWORD`]. It is hashed once and
//! the hash shared by all demo accounts, so loading takes milliseconds, not the
//! seconds that a hundred Argon2 runs would (acceptable for demo data only).

use std::collections::HashMap;

use domain::{
    Role,
    org::{Campaign, College, Level},
};
use time::Duration;

use server::{
    clock::{Clock, iso_date},
    store::{AuditEntry, ClassRecord, Store, UserRecord},
};

mod nominations;
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

/// A plain red seal (a ring and a star) for the demo's 经济管理学院.
const DEMO_SEAL: &[u8] = include_bytes!("../../assets/demo-seal.png");

/// Loads the demo university unless the store already holds accounts.
/// Returns whether anything was loaded.
pub async fn load_if_empty(store: &Store, clock: &dyn Clock) -> anyhow::Result<bool> {
    if !store.is_empty() {
        return Ok(false);
    }
    let hash =
        tokio::task::spawn_blocking(|| server::password::hash_password(DEMO_PASSWORD)).await??;
    let now = clock.now();
    let seed = Seed {
        store,
        hash: &hash,
        now,
    };
    let counselors = seed.staff()?;
    seed.classes(&counselors)?;
    // The 2027届 round is open today, whatever day the demo is loaded.
    let today = clock.today();
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
    nominations::add(store, now)?;
    // 经济管理学院 has its seal, so its dean can try 学院报送 at once;
    // 信息工程学院 has none yet, which the pre-flight checks point out.
    store.put_seal(
        "jg",
        DEMO_SEAL,
        &AuditEntry {
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

/// The demo's accounts under way: every one gets the same password hash.
struct Seed<'a> {
    store: &'a Store,
    hash: &'a str,
    now: i64,
}

impl Seed<'_> {
    fn account(&self, username: &str, name: &str, role: Role) -> UserRecord {
        UserRecord::new(username, name, role, self.hash, self.now)
    }

    fn insert(&self, u: &UserRecord) -> anyhow::Result<()> {
        self.store.insert_user(
            u,
            &AuditEntry {
                at: self.now,
                actor: "system".into(),
                action: "demo.user.create".into(),
                target: u.id.clone(),
                detail: serde_json::json!({ "username": u.username, "role": u.role }),
            },
        )?;
        Ok(())
    }

    /// The two colleges, the admin, the office, a dean and a counselor per
    /// college; gives each college's counselor's id.
    fn staff(&self) -> anyhow::Result<HashMap<&'static str, String>> {
        for (code, name) in [("xx", "信息工程学院"), ("jg", "经济管理学院")] {
            self.store.put_college(&College {
                code: code.into(),
                name: name.into(),
                rev: 1,
            })?;
        }
        self.insert(&self.account("admin", "系统管理员", Role::Admin))?;
        self.insert(&UserRecord {
            is_director: true,
            ..self.account("office", "陈主任", Role::Office)
        })?;
        let mut counselors = HashMap::new();
        for (code, dean, counselor) in [("xx", "李院长", "赵老师"), ("jg", "王院长", "孙老师")]
        {
            self.insert(&UserRecord {
                college: Some(code.into()),
                ..self.account(&format!("dean.{code}"), dean, Role::Dean)
            })?;
            // A counselor's classes are those that name them (ClassRecord::counselors).
            let c = self.account(&format!("counselor.{code}"), counselor, Role::Counselor);
            counselors.insert(code, c.id.clone());
            self.insert(&c)?;
        }
        Ok(counselors)
    }

    /// The four classes and their students.
    fn classes(&self, counselors: &HashMap<&'static str, String>) -> anyhow::Result<()> {
        let mut n = 0usize;
        for c in &CLASSES {
            self.store.put_class(&ClassRecord {
                id: c.id.into(),
                college: c.college.into(),
                grade: c.grade,
                major: c.major.into(),
                class_name: "1班".into(),
                level: c.level,
                cohort: 2027,
                student_count: c.students,
                counselors: counselors.get(c.college).cloned().into_iter().collect(),
                rev: 1,
            })?;
            for i in 1..=c.students {
                self.insert(&UserRecord {
                    classes: vec![c.id.into()],
                    gender: Some(if n.is_multiple_of(2) { "男" } else { "女" }.into()),
                    ..self.account(
                        &format!("{}{i:02}", c.prefix),
                        &student_name(n),
                        Role::Student,
                    )
                })?;
                n += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
