//! 届次: the recruitment rounds, their windows and deadlines. The admin and
//! the office create them; the office extends a deadline.

use domain::org::{Campaign, FieldErrors, NewCampaign};
use leptos::{ev::SubmitEvent, prelude::*};

use crate::{
    api,
    components::form::{Outcome, TextField, show_failure},
};

fn state_label(c: &Campaign) -> &'static str {
    if c.open {
        "推荐进行中"
    } else {
        "未在推荐时间内"
    }
}

#[component]
pub fn Campaigns() -> impl IntoView {
    let campaigns = LocalResource::new(api::campaigns);
    view! {
        <h1 class="page-title">"届次与截止日期"</h1>
        <section class="card">
            <h2>"各届推荐工作"</h2>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"届别"</th><th>"推荐时间"</th><th>"材料截止"</th><th>"每班名额"</th><th>"任期"</th><th>"状态"</th></tr></thead>
                <tbody>
                    {move || campaigns.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                        <tr>
                            <td><strong>{format!("{}届", c.cohort)}</strong></td>
                            <td data-label="推荐时间">{format!("{} 至 {}", c.nomination_opens, c.nomination_closes)}</td>
                            <td data-label="材料截止">{c.materials_deadline.clone()}</td>
                            <td data-label="每班名额">{c.quota}</td>
                            <td data-label="任期">{format!("{}年", c.term_years)}</td>
                            <td data-label="状态"><span class=if c.open { "tag tag-ok" } else { "tag" }>{state_label(&c)}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
        <Extend campaigns=campaigns/>
        <Create campaigns=campaigns/>
    }
}

#[component]
fn Extend(campaigns: LocalResource<Result<Vec<Campaign>, api::ApiError>>) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let materials = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let status = RwSignal::new(None);
    let current = move || {
        let id = chosen.get();
        campaigns
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.id == id)
    };
    // Picking a campaign fills in its current dates.
    Effect::new(move |_| {
        if let Some(c) = current() {
            closes.set(c.nomination_closes.clone());
            materials.set(c.materials_deadline.clone());
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(c) = current() else {
            status.set(Some(Err("请选择届别".into())));
            return;
        };
        let (cl, ma) = (closes.get_untracked(), materials.get_untracked());
        let check = NewCampaign {
            cohort: c.cohort,
            nomination_opens: c.nomination_opens.clone(),
            nomination_closes: cl.clone(),
            materials_deadline: ma.clone(),
            quota: c.quota,
            term_years: c.term_years,
            second_slot_min_students: c.second_slot_min_students,
        };
        if let Err(e) = check.parse(c.id.clone()) {
            errors.set(e);
            return;
        }
        leptos::task::spawn_local(async move {
            match api::extend_campaign(&c, &cl, &ma).await {
                Ok(()) => {
                    status.set(Some(Ok(format!("{}届截止日期已更新", c.cohort))));
                    campaigns.refetch();
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"延长截止日期"</h2>
            <form class="grid-form" on:submit=submit novalidate>
                <div>
                    <label for="extend-campaign">"届别"</label>
                    <select id="extend-campaign" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">"请选择"</option>
                        {move || campaigns.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|c| view! { <option value=c.id.clone()>{format!("{}届", c.cohort)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div><TextField id="extend-closes" label="推荐截止日期" value=closes errors=errors field="nomination_closes" kind="date"/></div>
                <div><TextField id="extend-materials" label="材料截止日期" value=materials errors=errors field="materials_deadline" kind="date"/></div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"保存截止日期"</button></div>
            </form>
            <Outcome status=status/>
        </section>
    }
}

#[component]
fn Create(campaigns: LocalResource<Result<Vec<Campaign>, api::ApiError>>) -> impl IntoView {
    let cohort = RwSignal::new(String::new());
    let opens = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let materials = RwSignal::new(String::new());
    let quota = RwSignal::new("2".to_owned());
    let min_students = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let status = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(year) = cohort.get_untracked().trim().parse::<u16>() else {
            errors.set(
                [(
                    "cohort".to_owned(),
                    "届别应为毕业年份，例如 2027".to_owned(),
                )]
                .into(),
            );
            return;
        };
        let form = NewCampaign {
            cohort: year,
            nomination_opens: opens.get_untracked(),
            nomination_closes: closes.get_untracked(),
            materials_deadline: materials.get_untracked(),
            quota: if quota.get_untracked() == "1" { 1 } else { 2 },
            term_years: 3,
            second_slot_min_students: min_students.get_untracked().trim().parse().ok(),
        };
        if let Err(e) = form.clone().parse(String::new()) {
            errors.set(e);
            return;
        }
        leptos::task::spawn_local(async move {
            match api::create_campaign(&form).await {
                Ok(()) => {
                    status.set(Some(Ok(format!("已新建{}届推荐工作", form.cohort))));
                    campaigns.refetch();
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"新建一届"</h2>
            <form class="grid-form" on:submit=submit novalidate>
                <div><TextField id="new-cohort" label="届别（毕业年份）" value=cohort errors=errors field="cohort" kind="number" placeholder="2028"/></div>
                <div><TextField id="new-opens" label="推荐开始日期" value=opens errors=errors field="nomination_opens" kind="date"/></div>
                <div><TextField id="new-closes" label="推荐截止日期" value=closes errors=errors field="nomination_closes" kind="date"/></div>
                <div><TextField id="new-materials" label="材料截止日期" value=materials errors=errors field="materials_deadline" kind="date"/></div>
                <div>
                    <label for="new-quota">"每班名额"</label>
                    <select id="new-quota" on:change=move |ev| quota.set(event_target_value(&ev))>
                        <option value="2">"2名"</option>
                        <option value="1">"1名"</option>
                    </select>
                </div>
                <div><TextField id="new-min" label="第二名额的最低班级人数（可不填）" value=min_students errors=errors field="second_slot_min_students" kind="number" placeholder="50"/></div>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"新建"</button></div>
            </form>
            <Outcome status=status/>
        </section>
    }
}
