//! A nomination's history: who did what, when, with which opinion.

use domain::{Role, api::HistoryEntry};
use leptos::prelude::*;

fn action_label(action: &str) -> &'static str {
    match action {
        "create" => "创建",
        "edit" => "修改",
        "submit" => "提交",
        "approve" => "同意",
        "return" => "退回修改",
        "reject" => "不同意",
        "withdraw" => "撤回",
        _ => "操作",
    }
}

#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    view! {
        <ol class="history">
            {entries.into_iter().map(|h| {
                let who = if h.role == Role::Student { h.signer() } else { format!("{}（{}）", h.signer(), h.role.label()) };
                let stage = h.stage.map(|s| format!("［{}］", s.label())).unwrap_or_default();
                view! {
                    <li>
                        <span class="when">{h.at.clone()}</span>
                        <span>{format!("{who} {stage}{}", action_label(&h.action))}</span>
                        {(!h.opinion.is_empty()).then(|| view! { <q>{h.opinion.clone()}</q> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
