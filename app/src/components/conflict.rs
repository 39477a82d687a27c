//! Both versions of a record two people changed (SPEC §9): for every field
//! both changed differently, the person keeps theirs or the other one.
//! Never a silent overwrite.

use leptos::prelude::*;
use serde_json::{Map, Value};

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) if s.is_empty() => "（空）".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(shown).collect::<Vec<_>>().join("、"),
        Value::Null => "（空）".into(),
        other => other.to_string(),
    }
}

/// `mine` and `theirs` are the record's JSON objects; `keys` the fields in
/// conflict; `done` gets `mine` with every choice applied.
#[component]
pub fn ConflictChoices(
    mine: Map<String, Value>,
    theirs: Map<String, Value>,
    keys: Vec<String>,
    label: fn(&str) -> &'static str,
    done: Callback<Map<String, Value>>,
) -> impl IntoView {
    let chosen = RwSignal::new(mine);
    let pending = RwSignal::new(keys);
    let theirs = StoredValue::new(theirs);
    let keep = move |key: String, v: Value| {
        chosen.update(|m| {
            m.insert(key.clone(), v);
        });
        pending.update(|p| p.retain(|k| *k != key));
        if pending.with_untracked(Vec::is_empty) {
            done.run(chosen.get_untracked());
        }
    };
    view! {
        <div class="conflict-box" role="alert">
            <p><strong>"这份内容刚被别人保存过，以下各项两边改得不一样，请逐项选择要保留的版本："</strong></p>
            {move || pending.get().into_iter().map(|k| {
                let mine = chosen.with_untracked(|m| m.get(&k).cloned().unwrap_or(Value::Null));
                let other = theirs.with_value(|t| t.get(&k).cloned().unwrap_or(Value::Null));
                let (k1, k2, m, o) = (k.clone(), k.clone(), mine.clone(), other.clone());
                view! {
                    <div class="conflict-field">
                        <span class="conflict-label">{label(&k)}</span>
                        <button class="btn" type="button" on:click=move |_| keep(k1.clone(), m.clone())>
                            {format!("用我的：{}", shown(&mine))}</button>
                        <button class="btn" type="button" on:click=move |_| keep(k2.clone(), o.clone())>
                            {format!("用对方的：{}", shown(&other))}</button>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// A record as its JSON object (empty for anything else).
pub fn object<T: serde::Serialize>(v: &T) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}
