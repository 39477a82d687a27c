//! Which class a page shows: the one picked, else the first in the caller's
//! scope, else (offline) their own.

use domain::org::Class;
use leptos::prelude::*;

use crate::api;

#[derive(Clone, Copy)]
pub struct ClassChoice {
    classes: LocalResource<Result<Vec<Class>, api::ApiError>>,
    chosen: RwSignal<String>,
    fallback: StoredValue<String>,
}

impl ClassChoice {
    /// `fallback`: the class to show when the list cannot be had.
    pub fn new(fallback: String) -> ClassChoice {
        ClassChoice {
            classes: LocalResource::new(api::classes),
            chosen: RwSignal::new(String::new()),
            fallback: StoredValue::new(fallback),
        }
    }

    /// The class id shown (reactive).
    pub fn id(self) -> String {
        let c = self.chosen.get();
        if !c.is_empty() {
            return c;
        }
        self.classes
            .get()
            .and_then(Result::ok)
            .and_then(|v| v.first().map(|c| c.id.clone()))
            .unwrap_or_else(|| self.fallback.get_value())
    }

    /// The class shown, when the list is known (reactive).
    pub fn class(self) -> Option<Class> {
        let id = self.id();
        self.classes
            .get()
            .and_then(Result::ok)?
            .into_iter()
            .find(|c| c.id == id)
    }

    /// A `<select>` with the label 班级, when there is more than one class.
    pub fn picker(self, id: &'static str) -> impl IntoView {
        move || {
            let list = self.classes.get().and_then(Result::ok).unwrap_or_default();
            (list.len() > 1).then(|| {
                view! {
                    <label for=id>"班级"</label>
                    <select id=id on:change=move |ev| self.chosen.set(event_target_value(&ev))>
                        {list.into_iter().map(|c| view! { <option value=c.id.clone()>{c.display_name}</option> }).collect_view()}
                    </select>
                }
            })
        }
    }
}
