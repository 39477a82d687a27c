//! The form being filled in: kept on the device as typed, saved through the outbox, submitted for review.

use super::*;

/// The editable form, checked as the user types by the rules the server applies.
#[component]
pub(super) fn Editor(n: Nomination, current: RwSignal<Option<Nomination>>) -> impl IntoView {
    // Every change is kept on this device at once and sent when the server
    // can be reached (SPEC §9); a draft kept here wins over the copy it was
    // based on.
    let outbox = Outbox::<NominationForm>::load(format!("nom:{}", n.id));
    let base = StoredValue::new(n.form.clone());
    let form = RwSignal::new(
        outbox
            .pending(&n.id)
            .map(|p| p.value)
            .unwrap_or(n.form.clone()),
    );
    let rev = RwSignal::new(n.rev);
    let id = StoredValue::new(n.id.clone());
    let touched = RwSignal::new(std::collections::BTreeSet::<&'static str>::new());
    let show_all = RwSignal::new(false);
    let server_errors = RwSignal::new(FieldErrors::new());
    let status = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let today = today();
    let sync = move || {
        outbox.flush(
            |p| async move {
                let id = p.target.clone();
                api::sync_nomination(&id, p).await
            },
            move |t, r, v| {
                if outbox.pending(t).is_none() {
                    base.set_value(v.clone());
                }
                rev.set(r);
                if form.with_untracked(|f| *f != v) {
                    form.set(v);
                }
            },
            move |_, e| status.set(Some(Err(e.message()))),
        )
    };
    Effect::new(move |_| {
        let f = form.get();
        let t = id.get_value();
        if outbox.pending(&t).is_none() && base.with_value(|b| *b == f) {
            return;
        }
        outbox.record(&t, rev.get_untracked(), &base.get_value(), f);
        set_timeout(sync, std::time::Duration::from_millis(800));
    });
    let conflict = move || {
        outbox.queue.with(|q| {
            q.get(&id.get_value())
                .filter(|p| !p.conflicts.is_empty())
                .cloned()
        })
    };
    let errors = Memo::new(move |_| form.with(|f| f.check(&today).err().unwrap_or_default()));
    let error_of = move |field: &'static str| {
        move || {
            let shown = show_all.get() || touched.with(|t| t.contains(field));
            server_errors.with(|e| e.get(field).cloned()).or_else(|| {
                shown
                    .then(|| errors.with(|e| e.get(field).cloned()))
                    .flatten()
            })
        }
    };
    let text = move |field: &'static str,
                     label: &'static str,
                     get: fn(&NominationForm) -> String,
                     set: fn(&mut NominationForm, String),
                     kind: &'static str| {
        let err = error_of(field);
        view! {
            <label for=field>{label}</label>
            <input id=field type=kind prop:value=move || form.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    server_errors.update(|e| { e.remove(field); });
                }
                on:blur=move |_| touched.update(|t| { t.insert(field); })/>
            {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    let choice = move |field: &'static str,
                       label: &'static str,
                       options: &'static [&'static str],
                       get: fn(&NominationForm) -> String,
                       set: fn(&mut NominationForm, String)| {
        let err = error_of(field);
        view! {
            <label for=field>{label}</label>
            <select id=field prop:value=move || form.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    touched.update(|t| { t.insert(field); });
                }>
                <option value="">"请选择"</option>
                {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
            </select>
            {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    // Submitting saves what is on screen first (the draft is in sync, so
    // this revision is the server's), then submits.
    let save_and_submit = move || {
        busy.set(true);
        status.set(None);
        let f = form.get_untracked();
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            let result = match api::save_nomination(&id, rev.get_untracked(), &f).await {
                Ok(n) => {
                    rev.set(n.rev);
                    api::nomination_step(&id, "submit", n.rev).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(n) => current.set(Some(n)),
                Err(e) => {
                    // Nothing typed is lost: the form stays as it is, and
                    // without a connection it waits on the device.
                    if e.status == 0 {
                        outbox.record(&id, rev.get_untracked(), &base.get_value(), f.clone());
                    }
                    if let Some(b) = &e.body {
                        server_errors.set(b.error.fields.clone());
                    }
                    show_all.set(true);
                    status.set(Some(Err(e.message())));
                }
            }
            busy.set(false);
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        show_all.set(true);
        if !errors.with(|e| e.is_empty()) {
            status.set(Some(Err("还有内容需要修改，请查看标红的提示".into())));
            return;
        }
        match outbox.status() {
            Status::Syncing(_) => {
                status.set(Some(Err("正在同步草稿，请稍候再提交".into())));
            }
            Status::Conflict(_) => {
                status.set(Some(Err("请先处理上方两个版本不同的内容，再提交".into())));
            }
            _ => {
                // Submitting saves what is on screen itself.
                outbox.forget(&id.get_value());
                save_and_submit();
            }
        }
    };
    let profile_err = error_of("profile");
    let cond_err = error_of("conditions");
    let count = move || form.with(|f| f.profile.trim().chars().count());
    view! {
        <form class="card nomination-form" on:submit=submit novalidate>
            <h2>"填写推荐表" <SyncBadge status=Signal::derive(move || outbox.status())/></h2>
            {move || conflict().map(|p| {
                let theirs = p.theirs.map(|t| object(&t.1)).unwrap_or_default();
                view! {
                    <ConflictChoices mine=object(&p.value) theirs=theirs keys=p.conflicts
                        label=domain::nomination::field_label
                        done=Callback::new(move |m| {
                            if let Ok(f) = serde_json::from_value::<NominationForm>(serde_json::Value::Object(m)) {
                                outbox.resolve(&id.get_value(), f.clone());
                                form.set(f);
                                sync();
                            }
                        })/>
                }
            })}
            {text("name", "姓名", |f| f.name.clone(), |f, v| f.name = v, "text")}
            {text("birth_month", "出生年月（如 2002-05）", |f| f.birth_month.clone(), |f, v| f.birth_month = v, "text")}
            {choice("gender", "性别", &["男", "女"], |f| f.gender.clone(), |f, v| f.gender = v)}
            {choice("political_status", "政治面貌", &POLITICAL_STATUSES, |f| f.political_status.clone(), |f, v| f.political_status = v)}
            {choice("education", "最高学历（学位）", &EDUCATIONS, |f| f.education.clone(), |f, v| f.education = v)}
            {text("phone", "手机号", |f| f.phone.clone(), |f, v| f.phone = v, "tel")}
            {text("wechat", "微信号", |f| f.wechat.clone(), |f, v| f.wechat = v, "text")}
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
                                    touched.update(|t| { t.insert("conditions"); });
                                }/>
                            {format!("{n}. {c}")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || cond_err().map(|m| view! { <p class="field-error">{m}</p> })}
            {text("cadre_posts", "担任过的学生干部职务", |f| f.cadre_posts.clone(), |f, v| f.cadre_posts = v, "text")}
            {text("destination", "毕业去向（工作单位、升学院校或所在城市）", |f| f.destination.clone(), |f, v| f.destination = v, "text")}
            <label for="profile">"个人简介"</label>
            <textarea id="profile" rows="6" prop:value=move || form.with(|f| f.profile.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.profile = v);
                    server_errors.update(|e| { e.remove("profile"); });
                }
                on:blur=move |_| touched.update(|t| { t.insert("profile"); })></textarea>
            <p class="hint">{move || format!("{}/{} 字（至少{}字）", count(), domain::nomination::PROFILE_MAX, domain::nomination::PROFILE_MIN)}</p>
            {move || profile_err().map(|m| view! { <p class="field-error">{m}</p> })}
            <Outcome status=status/>
            <div class="actions">
                <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| sync()>"保存草稿"</button>
                <button class="btn btn-primary" type="submit" disabled=move || busy.get()>"提交审核"</button>
            </div>
        </form>
    }
}
