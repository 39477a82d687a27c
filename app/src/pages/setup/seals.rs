//! The colleges' and the centre's seals.

use super::*;

#[component]
pub(super) fn SealsSection(
    colleges: LocalResource<Result<Vec<domain::org::College>, api::ApiError>>,
) -> impl IntoView {
    let seals = LocalResource::new(api::seals);
    let version = RwSignal::new(0u32);
    // A new college gets a seal row too.
    Effect::new(move |_| {
        colleges.track();
        seals.refetch();
    });
    view! {
        <section class="card">
            <h2>"印章"</h2>
            <p class="muted">"上传透明背景的 PNG 图片（不超过 512 KB），用于打印推荐表和聘书。"</p>
            <ul class="seals">
                {move || seals.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| {
                    let input = NodeRef::<html::Input>::new();
                    let status: Status = RwSignal::new(None);
                    let owner = s.owner.clone();
                    let upload = move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let Some(file) = chosen(input) else {
                            status.set(Some(Err("请先选择 PNG 图片".into())));
                            return;
                        };
                        let owner = owner.clone();
                        leptos::task::spawn_local(async move {
                            match api::upload_seal(&owner, &file).await {
                                Ok(()) => {
                                    status.set(Some(Ok("已上传".into())));
                                    version.update(|v| *v += 1);
                                    seals.refetch();
                                }
                                Err(e) => status.set(Some(Err(e.message()))),
                            }
                        });
                    };
                    let id = format!("seal-{}", s.owner);
                    let preview = s.uploaded.then(|| {
                        let owner = s.owner.clone();
                        view! { <img class="seal-preview" alt=format!("{}印章", s.name) src=move || api::seal_image_url(&owner, version.get())/> }
                    });
                    view! {
                        <li>
                            <form on:submit=upload novalidate>
                                <strong>{s.name.clone()}</strong>
                                <span class="muted">{if s.uploaded { " 已上传" } else { " 未上传" }}</span>
                                {preview}
                                <label for=id.clone()>{format!("选择{}印章", s.name)}</label>
                                <input id=id type="file" accept="image/png" node_ref=input/>
                                <button class="btn" type="submit">"上传印章"</button>
                                <Outcome status=status/>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
