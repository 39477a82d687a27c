//! The form's fields: each shows the rule's message once touched (or after
//! a submit), and the server's until the field changes.

use super::*;

/// What every field reads and writes; cheap to copy into each handler.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub form: RwSignal<NominationForm>,
    pub touched: RwSignal<std::collections::BTreeSet<&'static str>>,
    pub show_all: RwSignal<bool>,
    pub server_errors: RwSignal<FieldErrors>,
    /// The domain's check of the form as it stands.
    pub errors: Memo<FieldErrors>,
}

impl Fields {
    pub fn new(form: RwSignal<NominationForm>) -> Fields {
        let today = today();
        Fields {
            form,
            touched: RwSignal::new(Default::default()),
            show_all: RwSignal::new(false),
            server_errors: RwSignal::new(FieldErrors::new()),
            errors: Memo::new(move |_| form.with(|f| f.check(&today).err().unwrap_or_default())),
        }
    }

    fn error_of(self, field: &'static str) -> impl Fn() -> Option<String> + Copy {
        move || {
            let shown = self.show_all.get() || self.touched.with(|t| t.contains(field));
            self.server_errors
                .with(|e| e.get(field).cloned())
                .or_else(|| {
                    shown
                        .then(|| self.errors.with(|e| e.get(field).cloned()))
                        .flatten()
                })
        }
    }

    fn error(self, field: &'static str) -> impl IntoView {
        let err = self.error_of(field);
        move || err().map(|m| view! { <p class="field-error">{m}</p> })
    }

    fn touch(self, field: &'static str) {
        self.touched.update(|t| {
            t.insert(field);
        });
    }

    pub fn text(
        self,
        field: &'static str,
        label: &'static str,
        get: fn(&NominationForm) -> String,
        set: fn(&mut NominationForm, String),
        kind: &'static str,
    ) -> impl IntoView {
        let form = self.form;
        view! {
            <label for=field>{label}</label>
            <input id=field type=kind prop:value=move || form.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    self.server_errors.update(|e| { e.remove(field); });
                }
                on:blur=move |_| self.touch(field)/>
            {self.error(field)}
        }
    }

    pub fn choice(
        self,
        field: &'static str,
        label: &'static str,
        options: &'static [&'static str],
        get: fn(&NominationForm) -> String,
        set: fn(&mut NominationForm, String),
    ) -> impl IntoView {
        let form = self.form;
        view! {
            <label for=field>{label}</label>
            <select id=field prop:value=move || form.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    self.touch(field);
                }>
                <option value="">"请选择"</option>
                {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
            </select>
            {self.error(field)}
        }
    }

    /// The basic conditions, one box each.
    pub fn conditions(self) -> impl IntoView {
        let form = self.form;
        view! {
            <fieldset class="choices">
                <legend>"基本条件（前四项须全部符合）"</legend>
                {CONDITIONS.iter().enumerate().map(|(i, c)| {
                    let n = i as u8 + 1;
                    view! {
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || form.with(|f| f.conditions.contains(&n))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.conditions.retain(|x| *x != n);
                                        if on { f.conditions.push(n); }
                                    });
                                    self.touch("conditions");
                                }/>
                            {format!("{n}. {c}")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {self.error("conditions")}
        }
    }

    /// The profile, with its length against the rule's bounds.
    pub fn profile(self) -> impl IntoView {
        let form = self.form;
        let count = move || form.with(|f| f.profile.trim().chars().count());
        view! {
            <label for="profile">"个人简介"</label>
            <textarea id="profile" rows="6" prop:value=move || form.with(|f| f.profile.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.profile = v);
                    self.server_errors.update(|e| { e.remove("profile"); });
                }
                on:blur=move |_| self.touch("profile")></textarea>
            <p class="hint">{move || format!("{}/{} 字（至少{}字）", count(), domain::nomination::PROFILE_MAX, domain::nomination::PROFILE_MIN)}</p>
            {self.error("profile")}
        }
    }
}
