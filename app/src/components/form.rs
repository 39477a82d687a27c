//! Form pieces: a labelled input with its message, and result notices.

use domain::org::FieldErrors;
use leptos::prelude::*;

/// A labelled text input bound to `value`, with the message of `error` below.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    /// The JSON field name that `errors` uses for this input.
    field: &'static str,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error = move || errors.with(|e| e.get(field).cloned());
    view! {
        <label for=id>{label}</label>
        <input id=id type=kind.unwrap_or("text") placeholder=placeholder.unwrap_or("")
            disabled=move || disabled.get()
            prop:value=move || value.get()
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                errors.update(|e| { e.remove(field); });
            }
            aria-invalid=move || error().is_some().to_string()/>
        {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
    }
}

/// The file picked in a file input, if any.
pub fn chosen(input: NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    input.get_untracked()?.files()?.get(0)
}

/// The outcome of the last action: a green note or a red alert.
#[component]
pub fn Outcome(status: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    move || {
        status.get().map(|s| match s {
            Ok(m) => view! { <p class="ok" role="status">{m}</p> }.into_any(),
            Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
        })
    }
}

/// Per-field messages of a failed call, or its message as the outcome.
pub fn show_failure(
    e: &crate::api::ApiError,
    errors: RwSignal<FieldErrors>,
    status: RwSignal<Option<Result<String, String>>>,
) {
    if let Some(fields) = e
        .body
        .as_ref()
        .map(|b| b.error.fields.clone())
        .filter(|f| !f.is_empty())
    {
        errors.set(fields);
    }
    status.set(Some(Err(e.message())));
}

/// A refused import: the message and every row's reason (row, column, what).
#[component]
pub fn ImportFailure(message: String, rows: Vec<domain::api::RowError>) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <p>{message}</p>
            {(!rows.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0"><table class="row-errors cards">
                    <thead><tr><th>"行"</th><th>"列"</th><th>"问题"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><td data-label="行">{r.row}</td><td data-label="列">{r.column.unwrap_or_else(|| "—".into())}</td>
                                <td data-label="问题">{r.message}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </div>
    }
}
