//! Building the university, one phase a method.

use super::*;

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
    let mut b = Builder {
        store,
        scale,
        hash,
        now,
        built: Built::default(),
    };
    let (office, counselors) = b.staff()?;
    let graduating = b.classes(&counselors)?;
    let (campaign, term) = b.campaign(today)?;
    b.nominations(&graduating, &campaign, &term, &office)?;
    b.directories(&graduating)?;
    let mut built = b.built;
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

/// A graduating class and its students.
type Graduating = Vec<(ClassRecord, Vec<UserRecord>)>;

/// Each college's counselor of each grade: (id, username).
type Counselors = HashMap<(usize, u16), (String, String)>;

/// The build under way, one phase a method.
struct Builder<'a> {
    store: &'a Store,
    scale: &'a Scale,
    hash: &'a str,
    now: i64,
    built: Built,
}

impl Builder<'_> {
    fn account(&self, username: String, name: String, role: Role) -> UserRecord {
        UserRecord::new(&username, &name, role, self.hash, self.now)
    }

    fn audit(&self, action: &str, target: &str) -> AuditEntry {
        AuditEntry {
            at: self.now,
            actor: "scale".into(),
            action: action.into(),
            target: target.into(),
            detail: serde_json::Value::Null,
        }
    }

    /// Colleges, the office, deans and one counselor per college and grade;
    /// gives the office's account and the counselors.
    fn staff(&mut self) -> Result<(UserRecord, Counselors), StoreError> {
        let mut staff = ImportBatch {
            users: vec![
                self.account("admin".into(), "系统管理员".into(), Role::Admin),
                UserRecord {
                    is_director: true,
                    ..self.account("office".into(), "陈主任".into(), Role::Office)
                },
            ],
            audit: Some(self.audit("scale.staff", "")),
            ..Default::default()
        };
        let mut counselors = HashMap::new();
        for c in 0..self.scale.colleges {
            let code = college_code(c);
            self.store.put_college(&College {
                code: code.clone(),
                name: format!("{}学院", MAJORS[c % MAJORS.len()]),
                rev: 1,
            })?;
            staff.users.push(UserRecord {
                college: Some(code.clone()),
                ..self.account(format!("dean.{code}"), name(c + 7), Role::Dean)
            });
            for g in 0..4u16 {
                let u = self.account(
                    format!("counselor.{code}.{}", GRADUATING + g),
                    format!("{}老师", SURNAMES[(c + usize::from(g)) % SURNAMES.len()]),
                    Role::Counselor,
                );
                counselors.insert((c, g), (u.id.clone(), u.username.clone()));
                staff.users.push(u);
            }
        }
        self.store.apply_import(&staff)?;
        Ok((staff.users.swap_remove(1), counselors))
    }

    /// Classes and their students, one import batch per class; gives the
    /// graduating grade's.
    fn classes(&mut self, counselors: &Counselors) -> Result<Graduating, StoreError> {
        let scale = self.scale;
        let per_grade = scale.students / scale.class_size / 4;
        let mut graduating = Vec::new();
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
                            ..self.account(
                                format!("{grade}{:02}{number:02}{:02}", c + 1, i + 1),
                                name(n),
                                Role::Student,
                            )
                        }
                    })
                    .collect();
                self.store.apply_import(&ImportBatch {
                    users: students.clone(),
                    classes: vec![class.clone()],
                    audit: Some(self.audit("scale.class", &class.id)),
                    ..Default::default()
                })?;
                self.built.classes += 1;
                self.built.students += students.len();
                if g == 0 {
                    graduating.push((class, students));
                }
            }
        }
        Ok(graduating)
    }

    /// The graduating grade's campaign, open today, and its liaisons' term.
    fn campaign(&mut self, today: time::Date) -> Result<(Campaign, Term), StoreError> {
        let day = |d: i64| server::clock::iso_date(today + time::Duration::days(d));
        let campaign = Campaign {
            id: (GRADUATING + 4).to_string(),
            cohort: GRADUATING + 4,
            nomination_opens: day(-30),
            nomination_closes: day(3),
            materials_deadline: day(48),
            quota: 2,
            term_years: 3,
            second_slot_min_students: None,
            rev: 1,
            open: false,
        };
        self.store.put_campaign(&campaign)?;
        self.built.campaign = campaign.id.clone();
        let term = Term {
            start: day(0),
            end: day(3 * 365),
            cohort: campaign.cohort,
        };
        Ok((campaign, term))
    }

    /// Nominations spread over the graduating classes, the first two of a
    /// class appointed, the rest cycling through the other states.
    fn nominations(
        &mut self,
        graduating: &Graduating,
        campaign: &Campaign,
        term: &Term,
        office: &UserRecord,
    ) -> Result<(), StoreError> {
        let per_class = self.scale.nominations.div_ceil(graduating.len().max(1));
        for (class, students) in graduating {
            for (j, s) in students.iter().enumerate().take(per_class) {
                if self.built.nominations == self.scale.nominations {
                    break;
                }
                let state = if j < 2 {
                    State::PendingOffice
                } else {
                    CYCLE[(j - 2) % CYCLE.len()]
                };
                let rec = self.nomination(class, s, j, state, &campaign.id);
                let a = self.audit("scale.nomination", &rec.id);
                self.store
                    .create_nomination(&rec, None, &serde_json::Value::Null, &a)?;
                self.built.nominations += 1;
                if j < 2 {
                    let guard = Guard {
                        quota: campaign.quota,
                        term: Some(term.clone()),
                        ..Guard::new(Some(1), &a)
                    };
                    let decided = step(office, "approve", Some(Stage::Office), "同意聘任");
                    let t = self.store.transition_nomination(&rec.id, &guard, |r| {
                        r.state = State::Appointed;
                        r.history.push(decided.clone());
                        Ok(())
                    })?;
                    if matches!(t, Transition::Done(_)) {
                        self.built.liaisons += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Student `s`'s (the `j`th of `class`) nomination, in `state`.
    fn nomination(
        &self,
        class: &ClassRecord,
        s: &UserRecord,
        j: usize,
        state: State,
        campaign: &str,
    ) -> NominationRecord {
        let mut history = vec![step(s, "create", None, "")];
        if state != State::Draft {
            history.push(step(s, "submit", None, ""));
        }
        NominationRecord {
            id: uuid::Uuid::new_v4().to_string(),
            campaign_id: campaign.to_owned(),
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
                phone: format!("139{:08}", self.built.nominations),
                wechat: format!("wx_{}", s.username),
                profile: "在校期间担任班干部，组织班级活动，热心服务同学。".repeat(3),
                conditions: vec![1, 2, 3, 4, 5],
                cadre_posts: "班长".into(),
                destination: "杭州，某互联网公司".into(),
            },
            history,
            copied: vec![],
            rev: 1,
            created_at: self.now,
            updated_at: self.now,
        }
    }

    /// Directories of the graduating classes: seeded from the roster, then
    /// each entry filled in once (one history step each); photo records for
    /// every other class.
    fn directories(&mut self, graduating: &Graduating) -> Result<(), StoreError> {
        for (i, (class, students)) in graduating.iter().enumerate() {
            let grade_major = format!("{}级{}", class.grade, class.major);
            self.store
                .seed_directory(&class.id, &grade_major, students, self.now)?;
            let a = self.audit("scale.directory", &class.id);
            let author = Author {
                actor_name: "联络员",
                audit: &a,
                round: None,
            };
            for e in self.store.directory(&class.id)? {
                let n = self.built.entries;
                let fields = EntryFields {
                    phone: format!("138{n:08}"),
                    wechat: format!("wx{n}"),
                    email: format!("a{n}@example.com"),
                    employer: "某科技有限公司".into(),
                    position: "工程师".into(),
                    address: "浙江省杭州市西湖区".into(),
                    ..e.fields.clone()
                };
                self.store
                    .put_entry(&class.id, &e.id, Based::Rev(e.rev), &fields, &author)?;
                self.built.entries += 1;
            }
            if i % 2 == 0 {
                self.photo(class, students, &a)?;
            }
        }
        Ok(())
    }

    /// A photo record with its name list, rows of twenty.
    fn photo(
        &self,
        class: &ClassRecord,
        students: &[UserRecord],
        a: &AuditEntry,
    ) -> Result<(), StoreError> {
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
        let now = self.now;
        self.store.update_photo(&class.id, None, a, |r| {
            r.ext = "jpg".into();
            r.mime = "image/jpeg".into();
            r.uploaded_by_name = "联络员".into();
            r.uploaded_at = now;
            r.names = Some(names.clone());
        })?;
        Ok(())
    }
}

/// One step of a seeded nomination's history.
fn step(who: &UserRecord, action: &str, stage: Option<Stage>, opinion: &str) -> HistoryEntry {
    HistoryEntry {
        at: "2026-11-30 09:00".to_owned(),
        actor_id: who.id.clone(),
        actor_name: who.name.clone(),
        role: who.role,
        action: action.into(),
        stage,
        opinion: opinion.into(),
        in_place_of: None,
        signature: None,
    }
}
