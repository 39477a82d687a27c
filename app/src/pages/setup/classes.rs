//! Classes: add one, change one, see its students.

use super::*;

type Counselors = LocalResource<Result<Vec<domain::api::Counselor>, api::ApiError>>;

#[component]
pub(super) fn ClassesSection(
    colleges: LocalResource<Result<Vec<domain::org::College>, api::ApiError>>,
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
) -> impl IntoView {
    let form = ClassForm::new();
    let counselors: Counselors = LocalResource::new(api::counselors);
    let status: Status = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let new = match form.read() {
            Ok(new) => new,
            Err(bad) => return form.errors.set(bad),
        };
        let editing_now = form.editing.get_untracked();
        leptos::task::spawn_local(async move {
            let done = match &editing_now {
                Some(c) => api::update_class(&c.id, c.rev, &new).await,
                None => api::create_class(&new).await,
            };
            match done {
                Ok(()) => {
                    let verb = if editing_now.is_some() {
                        "已保存"
                    } else {
                        "已添加"
                    };
                    let name = domain::org::class_display_name(
                        new.grade,
                        new.major.trim(),
                        new.class_name.trim(),
                    );
                    status.set(Some(Ok(format!("{verb}班级：{name}"))));
                    form.major.set(String::new());
                    form.chosen.set(vec![]);
                    form.editing.set(None);
                    classes.refetch();
                }
                Err(e) => show_failure(&e, form.errors, status),
            }
        });
    };
    let ClassForm {
        college,
        grade,
        major,
        class_name,
        level,
        cohort,
        count,
        errors,
        editing,
        ..
    } = form;
    view! {
        <section class="card">
            <h2>"班级"</h2>
            {class_table(classes, counselors, form)}
            <form class="grid-form" on:submit=submit novalidate>
                <div>
                    <label for="class-college">"学院"</label>
                    <select id="class-college" on:change=move |ev| college.set(event_target_value(&ev)) prop:value=move || college.get()>
                        <option value="">"请选择"</option>
                        {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|c| view! { <option value=c.code.clone()>{c.name}</option> })
                            .collect_view()}
                    </select>
                    {move || errors.with(|e| e.get("college").cloned()).map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div><TextField id="class-grade" label="年级（入学年份）" value=grade errors=errors field="grade" kind="number" placeholder="2023"/></div>
                <div><TextField id="class-major" label="专业" value=major errors=errors field="major" placeholder="计算机科学与技术"/></div>
                <div><TextField id="class-name" label="班级" value=class_name errors=errors field="class_name"/></div>
                <div>
                    <label for="class-level">"层次"</label>
                    <select id="class-level" on:change=move |ev| level.set(event_target_value(&ev)) prop:value=move || level.get()>
                        <option value="本科">"本科"</option>
                        <option value="专科">"专科"</option>
                    </select>
                </div>
                <div><TextField id="class-cohort" label="毕业届别" value=cohort errors=errors field="cohort" kind="number" placeholder="2027"/></div>
                <div><TextField id="class-count" label="班级人数" value=count errors=errors field="student_count" kind="number"/></div>
                {counselor_choice(counselors, form.chosen)}
                <div class="form-actions"><button class="btn btn-primary" type="submit">{move || if editing.with(Option::is_some) { "保存班级" } else { "添加班级" }}</button></div>
            </form>
            <Outcome status=status/>
        </section>
    }
}

/// The form's fields, and the class being changed (none: a new one).
#[derive(Clone, Copy)]
struct ClassForm {
    college: RwSignal<String>,
    grade: RwSignal<String>,
    major: RwSignal<String>,
    class_name: RwSignal<String>,
    level: RwSignal<String>,
    cohort: RwSignal<String>,
    count: RwSignal<String>,
    chosen: RwSignal<Vec<String>>,
    editing: RwSignal<Option<Class>>,
    errors: RwSignal<FieldErrors>,
}

impl ClassForm {
    fn new() -> ClassForm {
        ClassForm {
            college: RwSignal::new(String::new()),
            grade: RwSignal::new(String::new()),
            major: RwSignal::new(String::new()),
            class_name: RwSignal::new("1班".to_owned()),
            level: RwSignal::new("本科".to_owned()),
            cohort: RwSignal::new(String::new()),
            count: RwSignal::new(String::new()),
            chosen: RwSignal::new(Vec::new()),
            editing: RwSignal::new(None),
            errors: RwSignal::new(FieldErrors::new()),
        }
    }

    /// Fills the form with `c`, to change it.
    fn edit(self, c: Class) {
        self.college.set(c.college.clone());
        self.grade.set(c.grade.to_string());
        self.major.set(c.major.clone());
        self.class_name.set(c.class_name.clone());
        self.level.set(c.level.label().to_owned());
        self.cohort.set(c.cohort.to_string());
        self.count.set(c.student_count.to_string());
        self.chosen.set(c.counselors.clone());
        self.errors.set(FieldErrors::new());
        self.editing.set(Some(c));
    }

    /// The class as typed, checked by the domain's rules.
    fn read(self) -> Result<NewClass, FieldErrors> {
        let mut bad = FieldErrors::new();
        let num = |s: RwSignal<String>, field: &str, msg: &str, bad: &mut FieldErrors| {
            s.get_untracked().trim().parse::<u32>().map_err(|_| {
                bad.insert(field.into(), msg.into());
            })
        };
        let g = num(self.grade, "grade", "年级应为入学年份，例如 2023", &mut bad);
        let c = num(
            self.cohort,
            "cohort",
            "毕业届别应为年份，例如 2027",
            &mut bad,
        );
        let n = if self.count.get_untracked().trim().is_empty() {
            Ok(0)
        } else {
            num(self.count, "student_count", "班级人数应为数字", &mut bad)
        };
        if self.college.get_untracked().is_empty() {
            bad.insert("college".into(), "请选择学院".into());
        }
        let (Ok(g), Ok(c), Ok(n), true) = (g, c, n, bad.is_empty()) else {
            return Err(bad);
        };
        let form = NewClass {
            college: self.college.get_untracked(),
            grade: g.min(u16::MAX as u32) as u16,
            major: self.major.get_untracked(),
            class_name: self.class_name.get_untracked(),
            level: if self.level.get_untracked() == "专科" {
                Level::Associate
            } else {
                Level::Undergraduate
            },
            cohort: c.min(u16::MAX as u32) as u16,
            student_count: n,
            counselors: self.chosen.get_untracked(),
        };
        form.clone().parse()?;
        Ok(form)
    }
}

/// Every class with its counselors' names, each with 修改.
fn class_table(
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
    counselors: Counselors,
    form: ClassForm,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0"><table class="cards">
            <thead><tr><th>"班级"</th><th>"学院"</th><th>"层次"</th><th>"届别"</th><th>"人数"</th><th>"辅导员"</th><th></th></tr></thead>
            <tbody>
                {move || {
                    let people = counselors.get().and_then(Result::ok).unwrap_or_default();
                    classes.get().and_then(Result::ok).unwrap_or_default().into_iter()
                    .map(|c| {
                        let names: Vec<String> = c.counselors.iter()
                            .map(|id| people.iter().find(|p| p.id == *id).map_or_else(|| "（未知）".to_owned(), |p| p.name.clone()))
                            .collect();
                        let label = format!("修改{}", c.display_name);
                        view! {
                            <tr>
                                <td><strong>{c.display_name.clone()}</strong></td><td data-label="学院">{c.college_name.clone()}</td>
                                <td data-label="层次">{c.level.label()}</td>
                                <td data-label="届别">{format!("{}届", c.cohort)}</td><td data-label="人数">{c.student_count}</td>
                                <td data-label="辅导员">{if names.is_empty() { "未指定".to_owned() } else { names.join("、") }}</td>
                                <td><button class="btn btn-quiet" type="button" aria-label=label on:click=move |_| form.edit(c.clone())>"修改"</button></td>
                            </tr>
                        }
                    })
                    .collect_view()
                }}
            </tbody>
        </table></div>
    }
}

/// The counselors to tick for the class.
fn counselor_choice(counselors: Counselors, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>"辅导员"</legend>
            {move || counselors.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                let id = p.id.clone();
                let checked = {
                    let id = id.clone();
                    move || chosen.with(|c| c.contains(&id))
                };
                view! {
                    <label class="choice">
                        <input type="checkbox" prop:checked=checked on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != id);
                                if on { c.push(id.clone()); }
                            });
                        }/>
                        {format!("{}（{}）", p.name, p.username)}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
