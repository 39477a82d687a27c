//! The form being filled in: kept on the device as typed, saved through the outbox, submitted for review.

mod fields;

use super::*;
use fields::Fields;

/// The editable form, checked as the user types by the rules the server applies.
#[component]
pub(in crate::pages::nominations) fn Editor(
    n: Nomination,
    current: RwSignal<Option<Nomination>>,
) -> impl IntoView {
    // Every change is kept on this device at once and sent when the server
    // can be reached (SPEC §9); a draft kept here wins over the copy it was
    // based on.
    let outbox = Outbox::<NominationForm>::load(format!("nom:{}", n.id));
    let form = RwSignal::new(
        outbox
            .pending(&n.id)
            .map(|p| p.value)
            .unwrap_or(n.form.clone()),
    );
    let draft = Draft {
        outbox,
        base: StoredValue::new(n.form.clone()),
        rev: RwSignal::new(n.rev),
        id: StoredValue::new(n.id.clone()),
        fields: Fields::new(form),
        status: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    Effect::new(move |_| {
        let f = form.get();
        let t = draft.id.get_value();
        if outbox.pending(&t).is_none() && draft.base.with_value(|b| *b == f) {
            return;
        }
        outbox.record(&t, draft.rev.get_untracked(), &draft.base.get_value(), f);
        set_timeout(move || draft.sync(), std::time::Duration::from_millis(800));
    });
    let conflict = move || {
        outbox.queue.with(|q| {
            q.get(&draft.id.get_value())
                .filter(|p| !p.conflicts.is_empty())
                .cloned()
        })
    };
    let fields = draft.fields;
    let (status, busy) = (draft.status, draft.busy);
    // Drawn and ready to type in: the moment the benchmarks time.
    Effect::new(|_| crate::mark("form-ready"));
    view! {
        <form class="card nomination-form" on:submit=move |ev| draft.submit(ev, current) novalidate>
            <h2>"填写推荐表" <SyncBadge status=Signal::derive(move || outbox.status())/></h2>
            {move || conflict().map(|p| {
                let theirs = p.theirs.map(|t| object(&t.1)).unwrap_or_default();
                view! {
                    <ConflictChoices mine=object(&p.value) theirs=theirs keys=p.conflicts
                        label=domain::nomination::field_label
                        done=Callback::new(move |m| {
                            if let Ok(f) = serde_json::from_value::<NominationForm>(serde_json::Value::Object(m)) {
                                outbox.resolve(&draft.id.get_value(), f.clone());
                                form.set(f);
                                draft.sync();
                            }
                        })/>
                }
            })}
            {fields.text("name", "姓名", |f| f.name.clone(), |f, v| f.name = v, "text")}
            {fields.text("birth_month", "出生年月（如 2002-05）", |f| f.birth_month.clone(), |f, v| f.birth_month = v, "text")}
            {fields.choice("gender", "性别", &["男", "女"], |f| f.gender.clone(), |f, v| f.gender = v)}
            {fields.choice("political_status", "政治面貌", &POLITICAL_STATUSES, |f| f.political_status.clone(), |f, v| f.political_status = v)}
            {fields.choice("education", "最高学历（学位）", &EDUCATIONS, |f| f.education.clone(), |f, v| f.education = v)}
            {fields.text("phone", "手机号", |f| f.phone.clone(), |f, v| f.phone = v, "tel")}
            {fields.text("wechat", "微信号", |f| f.wechat.clone(), |f, v| f.wechat = v, "text")}
            {fields.conditions()}
            {fields.text("cadre_posts", "担任过的学生干部职务", |f| f.cadre_posts.clone(), |f, v| f.cadre_posts = v, "text")}
            {fields.text("destination", "毕业去向（工作单位、升学院校或所在城市）", |f| f.destination.clone(), |f, v| f.destination = v, "text")}
            {fields.profile()}
            <Outcome status=status/>
            <div class="actions">
                <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| draft.sync()>"保存草稿"</button>
                <button class="btn btn-primary" type="submit" disabled=move || busy.get()>"提交审核"</button>
            </div>
        </form>
    }
}

/// How many times a submit looks again for a draft still on its way (every
/// 200 ms: ten seconds).
const SYNC_WAITS: u32 = 50;

/// The draft on this device and its way to the server.
#[derive(Clone, Copy)]
struct Draft {
    outbox: Outbox<NominationForm>,
    /// The server's copy the draft was based on.
    base: StoredValue<NominationForm>,
    rev: RwSignal<u64>,
    id: StoredValue<String>,
    fields: Fields,
    status: RwSignal<Option<Result<String, String>>>,
    busy: RwSignal<bool>,
}

impl Draft {
    /// Sends what waits on the device.
    fn sync(self) {
        let Draft {
            outbox,
            base,
            rev,
            status,
            ..
        } = self;
        let form = self.fields.form;
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
    }

    fn submit(self, ev: SubmitEvent, current: RwSignal<Option<Nomination>>) {
        ev.prevent_default();
        self.try_submit(current, SYNC_WAITS);
    }

    /// Submits once the form passes the rules and the draft is not on its
    /// way to the server: while it is, this looks again every 200 ms, up
    /// to `waits` times, then asks the person to try again.
    fn try_submit(self, current: RwSignal<Option<Nomination>>, waits: u32) {
        self.fields.show_all.set(true);
        if !self.fields.errors.with(|e| e.is_empty()) {
            self.status
                .set(Some(Err("还有内容需要修改，请查看标红的提示".into())));
            return;
        }
        match self.outbox.status() {
            Status::Syncing(_) if waits > 0 => {
                self.status
                    .set(Some(Ok("正在同步草稿，同步完成后即提交…".into())));
                set_timeout(
                    move || self.try_submit(current, waits - 1),
                    std::time::Duration::from_millis(200),
                );
            }
            Status::Syncing(_) => {
                self.status
                    .set(Some(Err("正在同步草稿，请稍候再提交".into())));
            }
            Status::Conflict(_) => {
                self.status
                    .set(Some(Err("请先处理上方两个版本不同的内容，再提交".into())));
            }
            _ => {
                // Submitting saves what is on screen itself.
                self.outbox.forget(&self.id.get_value());
                self.save_and_submit(current);
            }
        }
    }

    /// Saves what is on screen first (the draft is in sync, so this
    /// revision is the server's), then submits.
    fn save_and_submit(self, current: RwSignal<Option<Nomination>>) {
        let Draft {
            outbox,
            base,
            rev,
            id,
            fields,
            status,
            busy,
        } = self;
        busy.set(true);
        status.set(None);
        let f = fields.form.get_untracked();
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
                        fields.server_errors.set(b.error.fields.clone());
                    }
                    fields.show_all.set(true);
                    status.set(Some(Err(e.message())));
                }
            }
            busy.set(false);
        });
    }
}
