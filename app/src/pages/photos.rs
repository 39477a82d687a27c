//! 毕业合影 (SPEC §8): the class's counselor or a liaison uploads the photo
//! and enters the name list by rows; names not on the roster are flagged.

use domain::photos::NameList;
use leptos::{html, prelude::*};

use crate::{
    api,
    components::{class_choice::ClassChoice, form::Outcome},
};

/// 班级合影: the class's photo, its name list and the upload. Long: its markup reads top to bottom
/// as the page does; the handlers above it are this page's own.
#[component]
pub fn PhotoPage() -> impl IntoView {
    let choice = ClassChoice::new(String::new());
    let class = move || choice.id();
    let photo = LocalResource::new(move || {
        let c = class();
        async move {
            if c.is_empty() {
                Err(None)
            } else {
                api::photo(&c).await.map_err(Some)
            }
        }
    });
    let version = RwSignal::new(0u32);
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(None);
    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(Ok(p)) = photo.get() {
            text.set(p.names.map(|n| n.to_text()).unwrap_or_default());
        }
    });
    let upload = move |_| {
        let Some(file) = crate::components::form::chosen(input) else {
            status.set(Some(Err("请先选择照片（JPEG 或 PNG）".into())));
            return;
        };
        let c = class();
        leptos::task::spawn_local(async move {
            match api::upload_photo(&c, &file).await {
                Ok(_) => {
                    status.set(Some(Ok("照片已上传（已去除拍摄地点等元数据）".into())));
                    version.update(|v| *v += 1);
                    photo.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let parsed = move || text.with(|t| NameList::parse(t));
    let save_names = move |_| {
        if let Err(m) = parsed() {
            status.set(Some(Err(m)));
            return;
        }
        let (c, t) = (class(), text.get_untracked());
        leptos::task::spawn_local(async move {
            match api::save_photo_names(&c, t).await {
                Ok(_) => {
                    status.set(Some(Ok("名单已保存".into())));
                    photo.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h1 class="page-title">"毕业合影"</h1>
        <div class="filters">{choice.picker("photo-class")}</div>
        {move || photo.get().map(|r| match r {
            Err(Some(e)) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Err(None) => view! { <p class="muted">"没有可查看的班级"</p> }.into_any(),
            Ok(p) => {
                let img = crate::api::class_photo_url(&p.class_id, version.get_untracked());
                let docx = crate::api::photo_names_docx_url(&p.class_id);
                view! {
                    <section class="card">
                        <h2>{p.folder.clone()}</h2>
                        {if p.has_image {
                            view! {
                                <p class="muted">{format!("{} 于 {} 上传", p.uploaded_by_name, p.uploaded_at)}</p>
                                <img class="class-photo" alt="毕业合影" src=img/>
                            }.into_any()
                        } else {
                            view! { <p class="notice">"尚未上传毕业合影。"</p> }.into_any()
                        }}
                        {p.can_edit.then(|| view! {
                            <div class="filters">
                                <label for="photo-file">"选择照片（JPEG 或 PNG，15 MB 以内）"</label>
                                <input id="photo-file" type="file" accept="image/jpeg,image/png" node_ref=input/>
                                <button class="btn btn-primary" type="button" on:click=upload>"上传照片"</button>
                            </div>
                        })}
                    </section>
                    <section class="card">
                        <h2>"人员名单"</h2>
                        <p class="muted">{p.title.clone()}</p>
                        {(!p.unknown_names.is_empty()).then(|| view! {
                            <p class="notice" role="alert">{format!("以下名字不在本班名单中，请核对：{}", p.unknown_names.join("、"))}</p>
                        })}
                        {if p.can_edit {
                            view! {
                                <label for="photo-names">"每排一行，从第一排开始，每排从左到右；名字之间用空格或顿号分隔；教师名字前加 *（名单中将加下划线）"</label>
                                <textarea id="photo-names" rows="6" prop:value=move || text.get()
                                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                {move || parsed().err().filter(|_| !text.with(String::is_empty)).map(|m| view! { <p class="field-error">{m}</p> })}
                                <p class="actions"><button class="btn btn-primary" type="button" on:click=save_names>"保存名单"</button></p>
                            }.into_any()
                        } else {
                            view! { <pre class="names">{move || text.get()}</pre> }.into_any()
                        }}
                        {p.names.is_some().then(|| view! {
                            <p class="actions"><a class="btn" href=docx download="人员名单.docx">"下载名单（Word）"</a></p>
                        })}
                    </section>
                }.into_any()
            }
        })}
        <Outcome status=status/>
    }
}
