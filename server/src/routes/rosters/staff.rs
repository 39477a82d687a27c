//! `POST /rosters/staff`: deans' and counselors' accounts, and the classes
//! each counselor looks after.

use super::*;

pub(super) async fn import_staff(
    State(st): State<AppState>,
    cu: CurrentUser,
    body: Upload,
) -> Result<Response, ApiError> {
    let (rows, mut errors) = read_roster(&st, &cu, body, STAFF, roster::parse_staff).await?;
    let colleges = st.store.colleges()?;
    let mut classes = st.store.classes()?;
    let now = st.clock.now();
    let mut batch = ImportBatch::default();
    let mut fresh = HashSet::new();
    let mut changed_classes = HashSet::new();
    for r in &rows {
        let college = match r.role {
            Role::Dean => match find_college(&colleges, &r.college) {
                Some(c) => Some(c.code.clone()),
                None => {
                    errors.push(RowError {
                        row: r.row,
                        column: Some("学院".into()),
                        message: format!("学院“{}”不存在", r.college),
                    });
                    continue;
                }
            },
            _ => None,
        };
        let mut class_ids = Vec::new();
        for name in &r.classes {
            match classes.iter().position(|c| c.display_name() == *name) {
                Some(i) => class_ids.push(i),
                None => errors.push(RowError {
                    row: r.row,
                    column: Some("班级".into()),
                    message: format!("班级“{name}”不存在，请先导入学生名单或新建班级"),
                }),
            }
        }
        let user = match staff_account(&st, r, college, now)? {
            Account::Refused(e) => {
                errors.push(e);
                continue;
            }
            Account::Unchanged(u) => u,
            Account::New(u) => {
                fresh.insert(u.id.clone());
                batch.users.push(u.clone());
                u
            }
            Account::Changed(u) => {
                batch.users.push(u.clone());
                u
            }
        };
        if r.role == Role::Counselor {
            for i in class_ids {
                let c = &mut classes[i];
                if !c.counselors.contains(&user.id) {
                    c.counselors.push(user.id.clone());
                    changed_classes.insert(c.id.clone());
                }
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(rejected(errors));
    }
    for mut c in classes
        .into_iter()
        .filter(|c| changed_classes.contains(&c.id))
    {
        c.rev += 1;
        batch.classes.push(c);
    }
    let checked = Checked {
        kind: "staff",
        batch,
        fresh,
        classes_created: 0,
    };
    start(&st, &cu, checked).await
}

/// The staff account a row names, new or brought up to date.
fn staff_account(
    st: &AppState,
    r: &StaffRow,
    college: Option<String>,
    now: i64,
) -> Result<Account, ApiError> {
    Ok(match st.store.user_by_username(&r.staff_no)? {
        Some(u) if u.role != r.role => Account::Refused(RowError {
            row: r.row,
            column: Some("工号".into()),
            message: format!(
                "工号 {} 已是{}账号，不能改为{}",
                r.staff_no,
                u.role.label(),
                r.role.label()
            ),
        }),
        Some(u) if u.name == r.name && u.college == college => Account::Unchanged(u),
        Some(mut u) => {
            u.name = r.name.clone();
            u.college = college;
            u.rev += 1;
            u.updated_at = now;
            Account::Changed(u)
        }
        None => {
            let mut u = new_account(&r.staff_no, &r.name, r.role, now);
            u.college = college;
            Account::New(u)
        }
    })
}
