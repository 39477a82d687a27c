//! What college staff and the office read: the logs in their scope and the counts per college and year.

use super::*;

/// Staff's view: counts per college and year (table, chart, .xlsx), then
/// the entries, feedback waiting for an answer first when asked.
#[component]
pub(super) fn Overview() -> impl IntoView {
    let open = RwSignal::new(
        window()
            .location()
            .search()
            .is_ok_and(|s| s.contains("open=1")),
    );
    let kind = RwSignal::new(String::new());
    let data = LocalResource::new(move || {
        let mut q = format!("open={}", open.get());
        let k = kind.get();
        if !k.is_empty() {
            q.push_str(&format!("&kind={k}"));
        }
        async move { api::duty_overview(&q).await }
    });
    let changed = Callback::new(move |_: ()| data.refetch());
    let edit = Callback::new(|_: LogEntry| {});
    view! {
        <h1 class="page-title">"联络员工作记录"</h1>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(d) => {
                let shown = d.entries.len();
                let total = d.total;
                view! {
                    <SummaryCard d=d.clone()/>
                    <section class="card">
                        <div class="filters">
                            <div>
                                <label for="log-kind">"类型"</label>
                                <select id="log-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                                    <option value="" selected=kind.get_untracked().is_empty()>"全部"</option>
                                    {LogKind::ALL.map(|k| view! {
                                        <option value=k.as_str() selected=kind.get_untracked() == k.as_str()>{k.label()}</option>
                                    })}
                                </select>
                            </div>
                            <label class="choice"><input type="checkbox" prop:checked=move || open.get()
                                on:change=move |ev| open.set(event_target_checked(&ev))/>"只看待处理的意见建议"</label>
                        </div>
                        <p class="muted">{if shown < total { format!("最近 {shown} 条，共 {total} 条") } else { format!("共 {total} 条") }}</p>
                    </section>
                    <ul class="log-list">
                        {d.entries.into_iter().map(|e| {
                            let l = e.liaison_id.clone();
                            view! { <EntryCard entry=e liaison=l local=false can_write=false can_reply=true edit=edit changed=changed/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
    }
}

/// Per college and year: a table with the spreadsheet's columns and a
/// chart of each college's entries.
#[component]
pub(super) fn SummaryCard(d: DutyOverview) -> impl IntoView {
    let mut by_college: Vec<(String, u32)> = Vec::new();
    for r in &d.summary {
        match by_college.iter_mut().find(|(c, _)| *c == r.college_name) {
            Some((_, n)) => *n += r.tally.total(),
            None => by_college.push((r.college_name.clone(), r.tally.total())),
        }
    }
    let max = by_college.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    view! {
        <section class="card">
            <h2>"按学院、年份统计"</h2>
            {(d.overdue > 0).then(|| view! {
                <p class="notice" role="alert">{format!("{} 条意见建议超过 14 天未处理", d.overdue)}</p>
            })}
            {if d.summary.is_empty() {
                view! { <p class="muted">"还没有工作记录。"</p> }.into_any()
            } else {
                view! {
                    <div class="bars" role="img" aria-label="各学院工作记录条数">
                        {by_college.into_iter().map(|(c, n)| {
                            let w = format!("width:{}%", n * 100 / max);
                            view! {
                                <div class="bar-row"><span>{c}</span>
                                    <span class="bar"><span class="fill" style=w></span></span>
                                    <span class="bar-value">{format!("{n} 条")}</span></div>
                            }
                        }).collect_view()}
                    </div>
                    <ul class="stats">
                        {d.summary.into_iter().map(|r| {
                            let t = r.tally;
                            view! {
                                <li><strong>{format!("{} · {}年", r.college_name, r.year)}</strong>
                                    <span>{format!("活动 {} 次 / {} 人次", t.activities, t.participants)}</span>
                                    <span>{format!("投稿 {} 篇", t.articles)}</span>
                                    <span>{format!("意见 已处理 {} / 待处理 {}", t.feedback_handled, t.feedback_open)}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="actions"><a class="btn" href=crate::api::duty_summary_xlsx_url() download="联络员工作记录统计.xlsx">"下载 Excel"</a></p>
        </section>
    }
}
