//! 待办审核: counts, each class's quota, filters, one page of rows, bulk
//! approval.

use domain::{
    api::{ClassSummary, Nomination, Nominations},
    workflow::State,
};
use leptos::{ev::SubmitEvent, prelude::*};

use super::standins;
use crate::{
    api::{self, ApiError},
    components::form::Outcome,
    pages::nominations::StateTag,
    session::use_session,
};

/// Rows per page of the to-do list.
const PAGE: u32 = 50;

type Classes = LocalResource<Result<Vec<ClassSummary>, ApiError>>;

#[component]
pub fn Todo() -> impl IntoView {
    let user = use_session().get_untracked().user();
    let role = user.as_ref().map(|u| u.role);
    // A counselor's own classes: a row of another class is one they look
    // after in somebody's place (代理审批).
    let own: Vec<String> = user
        .filter(|u| u.role == domain::Role::Counselor)
        .map(|u| u.classes)
        .unwrap_or_default();
    let standins = standins::load();
    let mine = role.and_then(State::waiting_for);
    let filters = Filters::new(mine);
    let list = LocalResource::new(move || {
        let q = filters.query();
        async move { api::nominations_page(&q).await }
    });
    let campaigns = LocalResource::new(api::campaigns);
    let campaign = move || {
        campaigns
            .get()
            .and_then(Result::ok)
            .and_then(|cs| cs.iter().find(|c| c.open).or(cs.first()).cloned())
    };
    let summary: Classes = LocalResource::new(move || {
        let id = campaign().map(|c| c.id).unwrap_or_default();
        async move {
            if id.is_empty() {
                Ok(Default::default())
            } else {
                api::summary(&id).await.map(|s| s.classes)
            }
        }
    });
    let bulk = Bulk {
        selected: RwSignal::new(Vec::new()),
        opinion: RwSignal::new("同意".to_owned()),
        status: RwSignal::new(None),
        list,
        summary,
    };
    let loaded = Signal::derive(move || list.get().and_then(Result::ok).unwrap_or_default());
    // The work first (a phone's first screen shows the first waiting item):
    // the counters as one line above it, the quotas folded below it.
    view! {
        <h1 class="page-title">"待办审核"</h1>
        {counts(filters, loaded)}
        {standins::taking_line(standins)}
        <section class="card">
            {filters.bar(summary)}
            {rows(loaded, mine, bulk, Placed { own, standins })}
            {filters.pager(loaded)}
            {mine.map(|_| bulk.form())}
            <Outcome status=bulk.status/>
        </section>
        {quotas(summary)}
        {standins::card(standins)}
        {super::signature::card()}
        {copies_card()}
    }
}

/// The filters (default: waiting for me) and the page; the server filters
/// and pages.
#[derive(Clone, Copy)]
struct Filters {
    state: RwSignal<String>,
    class: RwSignal<String>,
    kind: RwSignal<String>,
    search: RwSignal<String>,
    page: RwSignal<u32>,
}

impl Filters {
    fn new(mine: Option<State>) -> Filters {
        Filters {
            state: RwSignal::new(mine.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            class: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
            page: RwSignal::new(1),
        }
    }

    fn query(self) -> String {
        let mut q = format!("?page={}&size={PAGE}", self.page.get());
        for (key, value) in [
            ("state", self.state.get()),
            ("class_id", self.class.get()),
            ("nomination_type", self.kind.get()),
            ("q", self.search.get()),
        ] {
            if !value.is_empty() {
                q.push_str(&format!("&{key}={}", js_sys::encode_uri_component(&value)));
            }
        }
        q
    }

    /// A filter change starts again from the first page.
    fn set(self, signal: RwSignal<String>, value: String) {
        self.page.set(1);
        signal.set(value);
    }

    fn bar(self, summary: Classes) -> impl IntoView {
        view! {
            <div class="filters">
                <label>"状态"<select prop:value=move || self.state.get() on:change=move |ev| self.set(self.state, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {State::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select></label>
                <label>"班级"<select on:change=move |ev| self.set(self.class, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {move || summary.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! { <option value=c.class_id>{c.class_name}</option> }).collect_view()}
                </select></label>
                <label>"推荐方式"<select on:change=move |ev| self.set(self.kind, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    <option value="self">"个人自荐"</option>
                    <option value="class">"班级推荐"</option>
                </select></label>
                <label>"姓名或学号"<input type="search" id="todo-search" placeholder="输入后按回车"
                    on:change=move |ev| self.set(self.search, event_target_value(&ev).trim().to_owned())/></label>
            </div>
        }
    }

    fn pager(self, loaded: Signal<Nominations>) -> impl IntoView {
        let page = self.page;
        let pages = move || {
            let total = loaded.with(|v| v.total);
            (total.div_ceil(u64::from(PAGE)).max(1), total)
        };
        // Outside `view!`: a `>` in an attribute there ends the tag.
        let on_last = move || u64::from(page.get()) >= pages().0;
        view! {
            <nav class="pager" aria-label="翻页">
                <button class="btn" type="button" prop:disabled=move || page.get() <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"上一页"</button>
                <span>{move || { let (n, total) = pages(); format!("第 {} / {n} 页，共 {total} 份", page.get()) }}</span>
                <button class="btn" type="button" prop:disabled=on_last
                    on:click=move |_| page.update(|p| *p += 1)>"下一页"</button>
            </nav>
        }
    }
}

/// How many are in each state; a tap filters by it.
fn counts(filters: Filters, loaded: Signal<Nominations>) -> impl IntoView {
    let count = move |s: State| loaded.with(|v| v.counts.get(s.as_str()).copied().unwrap_or(0));
    view! {
        <section class="card counts" aria-label="各状态份数">
            {[State::PendingCounselor, State::PendingCollege, State::PendingOffice, State::Returned, State::Appointed].into_iter().map(|s| view! {
                <button class="count" type="button" on:click=move |_| filters.set(filters.state, s.as_str().to_owned())>
                    <strong>{move || count(s)}</strong><span>{s.label()}</span>
                </button>
            }).collect_view()}
        </section>
    }
}

/// 抄送设置 and 工作群提醒: a dean's and the office's.
#[cfg(any(feature = "dean", feature = "office"))]
fn copies_card() -> impl IntoView {
    (super::copies::card(), super::robots::card())
}

#[cfg(not(any(feature = "dean", feature = "office")))]
fn copies_card() -> impl IntoView {}

/// Each class's quota and where its nominations are, below the work. A
/// college or the office has hundreds of classes: the table opens by
/// itself only when it is short, and never on a phone.
fn quotas(summary: Classes) -> impl IntoView {
    view! {
        <details class="card quota" prop:open=move || !phone() && summary.get().and_then(Result::ok).is_some_and(|c| c.len() <= 20)>
            <summary>{move || format!("各班名额（{} 个班）", summary.get().and_then(Result::ok).map_or(0, |c| c.len()))}</summary>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"班级"</th><th>"名额"</th><th>"已聘任"</th><th>"审核中"</th></tr></thead>
                <tbody>
                    {move || summary.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                        <tr><td data-label="班级">{c.class_name}</td><td data-label="名额">{c.quota}</td>
                            <td data-label="已聘任">{if c.appointed_names.is_empty() { "0".to_owned() } else { format!("{}（{}）", c.appointed, c.appointed_names.join("、")) }}</td>
                            <td data-label="审核中">{c.pending}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </details>
    }
}

/// A phone-sized window (the page's narrow layout).
fn phone() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 720.0)
}

/// Which rows are the caller's in somebody's place: a counselor's rows of
/// classes not their own.
#[derive(Clone)]
struct Placed {
    own: Vec<String>,
    standins: standins::Loaded,
}

impl Placed {
    /// "代赵老师" on a row of class `class_id`, if it is in somebody's place.
    fn tag(&self, class_id: &str) -> Option<String> {
        if self.own.is_empty() || self.own.iter().any(|c| c == class_id) {
            return None;
        }
        Some(match standins::principal_today(self.standins) {
            Some(name) => format!("代{name}"),
            None => "代理".to_owned(),
        })
    }
}

/// One page of rows; those waiting for me can be ticked or approved at once.
fn rows(
    loaded: Signal<Nominations>,
    mine: Option<State>,
    bulk: Bulk,
    placed: Placed,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0"><table class="todo cards">
            <thead><tr><th>"姓名"</th><th>"班级"</th><th>"方式"</th><th>"状态"</th><th></th></tr></thead>
            <tbody>
                {move || loaded.get().nominations.into_iter().map(|n| {
                    let mine_now = Some(n.state) == mine;
                    let tag = placed.tag(&n.class_id);
                    row(n, mine_now, bulk, tag)
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

fn row(n: Nomination, mine_now: bool, bulk: Bulk, tag: Option<String>) -> impl IntoView {
    let selected = bulk.selected;
    let key = (n.id.clone(), n.rev);
    let name = n.student_name.clone();
    let pick = mine_now.then(|| {
        let (k1, k2) = (key.clone(), key.clone());
        view! { <input type="checkbox" aria-label=format!("选择{name}")
        prop:checked=move || selected.with(|s| s.contains(&k1))
        on:change=move |ev| {
            let on = event_target_checked(&ev);
            let k = k2.clone();
            selected.update(|s| { s.retain(|x| x.0 != k.0); if on { s.push(k); } });
        }/> }
    });
    view! {
        <tr>
            <td><span class="pick">{pick}<a href=crate::routes::nomination(&n.id)>{name.clone()}</a>
                {tag.map(|t| view! { <span class="tag in-place">{t}</span> })}</span></td>
            <td data-label="班级">{n.class_name.clone()}</td>
            <td data-label="方式">{n.nomination_type.label()}</td>
            <td data-label="状态"><StateTag state=n.state/></td>
            <td class="row-actions">{mine_now.then(|| {
                let label = format!("同意{name}");
                view! {
                    <button class="btn btn-quiet" type="button" aria-label=label
                        on:click=move |_| bulk.approve_one(key.clone(), name.clone())>"同意"</button>
                }
            })}</td>
        </tr>
    }
}

/// The ticked rows and the opinion they are approved with.
#[derive(Clone, Copy)]
struct Bulk {
    selected: RwSignal<Vec<(String, u64)>>,
    opinion: RwSignal<String>,
    status: RwSignal<Option<Result<String, String>>>,
    list: LocalResource<Result<Nominations, ApiError>>,
    summary: Classes,
}

impl Bulk {
    /// Approves these with the opinion in 批量同意的意见: the ticked ones
    /// (批量同意) or one row's 同意 (other ticks stay).
    fn approve(self, items: Vec<(String, u64)>) {
        let text = self.opinion.get_untracked();
        leptos::task::spawn_local(async move {
            match api::bulk_approve(&items, &text).await {
                Ok(r) => {
                    let failed: Vec<String> = r
                        .results
                        .iter()
                        .filter(|o| !o.ok)
                        .filter_map(|o| o.message.clone())
                        .collect();
                    self.status.set(Some(if failed.is_empty() {
                        Ok(format!("已同意 {} 份", r.approved))
                    } else {
                        Err(format!(
                            "已同意 {} 份；{} 份未通过：{}",
                            r.approved,
                            failed.len(),
                            failed.join("；")
                        ))
                    }));
                    self.selected.update(|s| s.retain(|k| !items.contains(k)));
                    self.list.refetch();
                    self.summary.refetch();
                }
                Err(e) => self.status.set(Some(Err(e.message()))),
            }
        });
    }

    fn approve_one(self, key: (String, u64), name: String) {
        let text = self.opinion.get_untracked();
        let asked = format!("同意{name}的推荐表？意见：{text}");
        if web_sys::window().is_some_and(|w| w.confirm_with_message(&asked).unwrap_or(false)) {
            self.approve(vec![key]);
        }
    }

    fn form(self) -> impl IntoView {
        let Bulk {
            selected, opinion, ..
        } = self;
        let submit = move |ev: SubmitEvent| {
            ev.prevent_default();
            let items = selected.get_untracked();
            if items.is_empty() {
                self.status.set(Some(Err("请先勾选要同意的推荐表".into())));
            } else {
                self.approve(items);
            }
        };
        view! {
            <form class="bulk" on:submit=submit>
                <label for="bulk-opinion">"批量同意的意见"</label>
                <input id="bulk-opinion" prop:value=move || opinion.get() on:input=move |ev| opinion.set(event_target_value(&ev))/>
                <button class="btn btn-primary" type="submit">{move || format!("批量同意（{}）", selected.with(Vec::len))}</button>
            </form>
        }
    }
}
