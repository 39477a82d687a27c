//! `POST /rosters/students`: the classes and accounts a student roster names.

use super::*;

pub(super) async fn import_students(
    State(st): State<AppState>,
    cu: CurrentUser,
    body: Upload,
) -> Result<Response, ApiError> {
    let (rows, mut errors) = read_roster(&st, &cu, body, STUDENTS, roster::parse_students).await?;
    let colleges = st.store.colleges()?;
    let mut classes: Vec<ClassRecord> = st.store.classes()?;
    let now = st.clock.now();
    let mut batch = ImportBatch::default();
    let mut fresh = HashSet::new();
    let mut changed_classes = HashSet::new();
    let mut classes_created = 0;
    for r in &rows {
        let Some(college) = find_college(&colleges, &r.college) else {
            errors.push(RowError {
                row: r.row,
                column: Some("学院".into()),
                message: format!("学院“{}”不存在，请先由管理员添加", r.college),
            });
            continue;
        };
        let class_id = class_for(&mut classes, college, r, &mut classes_created);
        let user = match student_account(&st, r, &class_id, now)? {
            Account::Refused(e) => {
                errors.push(e);
                continue;
            }
            Account::Unchanged(_) => continue,
            Account::New(u) => {
                fresh.insert(u.id.clone());
                u
            }
            Account::Changed(u) => u,
        };
        changed_classes.insert(class_id);
        batch.users.push(user);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(rejected(errors));
    }
    class_sizes(&st, &mut batch, classes, changed_classes)?;
    let checked = Checked {
        kind: "students",
        batch,
        fresh,
        classes_created,
    };
    start(&st, &cu, checked).await
}

/// The student account a row names, new or brought up to date.
fn student_account(
    st: &AppState,
    r: &StudentRow,
    class_id: &str,
    now: i64,
) -> Result<Account, ApiError> {
    Ok(match st.store.user_by_username(&r.student_no)? {
        Some(u) if u.role != Role::Student => Account::Refused(RowError {
            row: r.row,
            column: Some("学号".into()),
            message: format!("学号 {} 已被{}账号使用", r.student_no, u.role.label()),
        }),
        Some(u)
            if u.name == r.name
                && u.gender.as_deref() == Some(&r.gender)
                && u.classes == [class_id] =>
        {
            Account::Unchanged(u)
        }
        Some(mut u) => {
            u.name = r.name.clone();
            u.gender = Some(r.gender.clone());
            u.classes = vec![class_id.to_owned()];
            u.rev += 1;
            u.updated_at = now;
            Account::Changed(u)
        }
        None => {
            let mut u = new_account(&r.student_no, &r.name, Role::Student, now);
            u.gender = Some(r.gender.clone());
            u.classes = vec![class_id.to_owned()];
            Account::New(u)
        }
    })
}

/// Adds to the batch every class whose size the roster changes, and every
/// new class.
fn class_sizes(
    st: &AppState,
    batch: &mut ImportBatch,
    classes: Vec<ClassRecord>,
    mut changed_classes: HashSet<String>,
) -> Result<(), ApiError> {
    // Class sizes follow the roster: the members index of every class the
    // file touches (a student moving out counts too), then the moves.
    let mut counts: HashMap<String, i64> = HashMap::new();
    for u in &batch.users {
        if let Some(old) = st.store.user(&u.id)? {
            for c in &old.classes {
                changed_classes.insert(c.clone());
                *counts.entry(c.clone()).or_default() -= 1;
            }
        }
        for c in &u.classes {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    for c in &changed_classes {
        *counts.entry(c.clone()).or_default() += st.store.member_count(c)? as i64;
    }
    let counts: HashMap<String, u32> = counts
        .into_iter()
        .map(|(c, n)| (c, n.max(0) as u32))
        .collect();
    for mut c in classes {
        let count = counts.get(&c.id).copied().unwrap_or(0);
        let is_new = c.rev == 0;
        if is_new || (changed_classes.contains(&c.id) && c.student_count != count) {
            c.student_count = count;
            c.rev += 1;
            batch.classes.push(c);
        }
    }
    Ok(())
}

/// The id of the class a student row names, creating it (rev 0 marks new) when missing.
fn class_for(
    classes: &mut Vec<ClassRecord>,
    college: &College,
    r: &StudentRow,
    created: &mut usize,
) -> String {
    if let Some(c) = classes.iter().find(|c| {
        c.college == college.code
            && c.grade == r.grade
            && c.major == r.major
            && c.class_name == r.class_name
            && c.level == r.level
    }) {
        return c.id.clone();
    }
    let years = match r.level {
        Level::Undergraduate => 4,
        Level::Associate => 3,
    };
    let c = ClassRecord {
        id: uuid::Uuid::new_v4().to_string(),
        college: college.code.clone(),
        grade: r.grade,
        major: r.major.clone(),
        class_name: r.class_name.clone(),
        level: r.level,
        cohort: r.grade + years,
        student_count: 0,
        counselors: vec![],
        rev: 0,
    };
    *created += 1;
    let id = c.id.clone();
    classes.push(c);
    id
}
