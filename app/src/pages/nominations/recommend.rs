//! 班级推荐: a counselor recommends a student of the class.

use super::*;

/// 班级推荐: a counselor recommends a student of one of their classes.
#[component]
pub fn Recommend() -> impl IntoView {
    let auth = use_session();
    let me = match auth.get_untracked() {
        Auth::SignedIn(u) => u.id,
        _ => String::new(),
    };
    let campaigns = LocalResource::new(api::campaigns);
    let classes = LocalResource::new(api::classes);
    let mine = LocalResource::new(|| api::nominations("?nomination_type=class&size=200"));
    let class = RwSignal::new(String::new());
    let student = RwSignal::new(String::new());
    let roster = LocalResource::new(move || {
        let c = class.get();
        async move {
            if c.is_empty() {
                Ok(vec![])
            } else {
                api::class_students(&c).await
            }
        }
    });
    let status = RwSignal::new(None);
    let navigate = leptos_router::hooks::use_navigate();
    let start = move |ev: SubmitEvent| {
        ev.prevent_default();
        let campaign = campaigns
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|cs| cs.into_iter().find(|c| c.open));
        let pick = roster
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|r| r.into_iter().find(|s| s.id == student.get_untracked()));
        let (Some(campaign), Some(pick)) = (campaign, pick) else {
            status.set(Some(Err("请选择班级和学生（且须在推荐时间内）".into())));
            return;
        };
        let req = CreateNomination {
            form: NominationForm {
                name: pick.name.clone(),
                gender: pick.gender.clone().unwrap_or_default(),
                ..Default::default()
            },
            nomination_type: NominationType::Class,
            student_id: Some(pick.id.clone()),
            campaign_id: campaign.id.clone(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_nomination(&req).await {
                Ok(n) => navigate(&crate::routes::nomination(&n.id), Default::default()),
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h1 class="page-title">"班级推荐"</h1>
        <form class="card grid-form" on:submit=start novalidate>
            <div>
                <label for="rec-class">"班级"</label>
                <select id="rec-class" on:change=move |ev| { class.set(event_target_value(&ev)); student.set(String::new()); }>
                    <option value="">"请选择"</option>
                    {move || classes.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.id.clone()>{c.display_name}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="rec-student">"学生"</label>
                <select id="rec-student" prop:value=move || student.get() on:change=move |ev| student.set(event_target_value(&ev))>
                    <option value="">"请选择"</option>
                    {move || roster.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|s| view! { <option value=s.id.clone()>{format!("{} {}", s.username, s.name)}</option> }).collect_view()}
                </select>
            </div>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"为该生填写推荐表"</button></div>
            <Outcome status=status/>
        </form>
        <section class="card">
            <h2>"我推荐的学生"</h2>
            <ul class="plain-list">
                {move || mine.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|n| n.created_by == me).map(|n| view! {
                    <li><a href=crate::routes::nomination(&n.id)>{format!("{}（{}）", n.student_name, n.class_name)}</a>" "<StateTag state=n.state/></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
