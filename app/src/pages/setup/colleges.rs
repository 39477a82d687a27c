//! Colleges: add one, rename one.

use super::*;

#[component]
pub(super) fn CollegesSection(
    colleges: LocalResource<Result<Vec<College>, api::ApiError>>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<College>);
    let errors = RwSignal::new(FieldErrors::new());
    let status: Status = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = NewCollege {
            code: code.get_untracked(),
            name: name.get_untracked(),
        };
        if let Err(e) = form.clone().parse() {
            errors.set(e);
            return;
        }
        let editing_now = editing.get_untracked();
        leptos::task::spawn_local(async move {
            let done = match &editing_now {
                Some(c) => api::rename_college(c, form.name.trim()).await,
                None => api::create_college(&form).await,
            };
            match done {
                Ok(()) => {
                    let verb = if editing_now.is_some() {
                        "已保存"
                    } else {
                        "已添加"
                    };
                    status.set(Some(Ok(format!("{verb}学院：{}", form.name.trim()))));
                    code.set(String::new());
                    name.set(String::new());
                    editing.set(None);
                    colleges.refetch();
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    let edit = move |c: College| {
        code.set(c.code.clone());
        name.set(c.name.clone());
        errors.set(FieldErrors::new());
        editing.set(Some(c));
    };
    view! {
        <section class="card">
            <h2>"学院"</h2>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"代码"</th><th>"名称"</th><th></th></tr></thead>
                <tbody>
                    {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| {
                            let label = format!("修改{}", c.name);
                            view! {
                                <tr><td data-label="代码">{c.code.clone()}</td><td data-label="名称">{c.name.clone()}</td>
                                <td><button class="btn btn-quiet" type="button" aria-label=label on:click=move |_| edit(c.clone())>"修改"</button></td></tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table></div>
            <form class="inline-form" on:submit=submit novalidate>
                <div><TextField id="college-code" label="学院代码" value=code errors=errors field="code" placeholder="例如 xx" disabled=Signal::derive(move || editing.with(Option::is_some))/></div>
                <div><TextField id="college-name" label="学院名称" value=name errors=errors field="name" placeholder="例如 信息工程学院"/></div>
                <button class="btn btn-primary" type="submit">{move || if editing.with(Option::is_some) { "保存学院名称" } else { "添加学院" }}</button>
            </form>
            <Outcome status=status/>
        </section>
    }
}
