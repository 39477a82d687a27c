//! 统一身份认证: the campus portal (CAS, OpenID Connect) and who may still
//! use a password once it is on.

use super::*;
use domain::campus::CampusSettings;

type ReadText = fn(&CampusSettings) -> String;
type WriteText = fn(&mut CampusSettings, String);

#[component]
pub(super) fn CampusSection() -> impl IntoView {
    let loaded = LocalResource::new(api::campus_settings);
    let s = RwSignal::new(CampusSettings::default());
    let secret_set = RwSignal::new(false);
    let service = RwSignal::new(None::<String>);
    let redirect = RwSignal::new(None::<String>);
    let errors = RwSignal::new(FieldErrors::new());
    let status: Status = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(v)) = loaded.get() {
            s.set(v.settings);
            secret_set.set(v.client_secret_set);
            service.set(v.cas_service);
            redirect.set(v.oidc_redirect);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let new = s.get_untracked();
        if let Err(e) = new.check() {
            errors.set(e);
            return;
        }
        leptos::task::spawn_local(async move {
            match api::save_campus_settings(&new).await {
                Ok(v) => {
                    s.set(v.settings);
                    secret_set.set(v.client_secret_set);
                    errors.set(FieldErrors::new());
                    status.set(Some(Ok("已保存统一身份认证设置".into())));
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    let text = move |id: &'static str,
                     label: &'static str,
                     field: &'static str,
                     get: ReadText,
                     set: WriteText| {
        let error = move || errors.with(|e| e.get(field).cloned());
        view! {
            <div>
                <label for=id>{label}</label>
                <input id=id prop:value=move || s.with(get)
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        s.update(|x| set(x, v));
                        errors.update(|e| { e.remove(field); });
                    }/>
                {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        }
    };
    let flag = move |label: &'static str,
                     get: fn(&CampusSettings) -> bool,
                     set: fn(&mut CampusSettings, bool)| {
        view! {
            <label class="choice">
                <input type="checkbox" prop:checked=move || s.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.update(|x| set(x, on));
                    }/>
                {label}
            </label>
        }
    };
    view! {
        <section class="card" id="campus">
            <h2>"统一身份认证"</h2>
            <p class="muted">"开启后，登录页首先显示“统一身份认证登录”：学校账号证明身份，角色和范围仍以导入的名单为准；名单中没有的学号/工号无法登录。"</p>
            {move || match service.get() {
                Some(url) => view! {
                    <p class="hint">"请信息中心登记的 CAS 服务地址（service）："<code>{url}</code></p>
                }.into_any(),
                None => view! {
                    <p class="notice">"服务器未设置 LIAISON_PUBLIC_URL（本系统的访问地址），统一身份认证暂不能使用。"</p>
                }.into_any(),
            }}
            <form class="grid-form" on:submit=submit novalidate>
                <fieldset class="choices">
                    <legend>"CAS（多数学校的统一身份认证）"</legend>
                    {flag("开启 CAS 登录", |x| x.cas.enabled, |x, v| x.cas.enabled = v)}
                    {text("cas-url", "CAS 地址（/login 之前的部分）", "cas.server_url", |x| x.cas.server_url.clone(), |x, v| x.cas.server_url = v)}
                    <div>
                        <label for="cas-version">"协议版本"</label>
                        <select id="cas-version" prop:value=move || s.with(|x| x.cas.version.to_string())
                            on:change=move |ev| {
                                let v = event_target_value(&ev).parse().unwrap_or(3);
                                s.update(|x| x.cas.version = v);
                            }>
                            <option value="3">"CAS 3.0（/p3/serviceValidate）"</option>
                            <option value="2">"CAS 2.0（/serviceValidate）"</option>
                        </select>
                    </div>
                    {text("cas-account", "学号/工号所在属性（留空则用 CAS 用户名）", "cas.account_attribute", |x| x.cas.account_attribute.clone(), |x, v| x.cas.account_attribute = v)}
                    {text("cas-name-attr", "姓名属性（可选，用于审计日志）", "cas.name_attribute", |x| x.cas.name_attribute.clone(), |x, v| x.cas.name_attribute = v)}
                    {text("cas-display", "按钮名称（默认“统一身份认证”）", "cas.display_name", |x| x.cas.display_name.clone(), |x, v| x.cas.display_name = v)}
                    <div>
                        <label for="cas-ca">"信任的 CA 证书（可选，PEM）"</label>
                        <textarea id="cas-ca" rows="3" prop:value=move || s.with(|x| x.cas.ca_pem.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                s.update(|x| x.cas.ca_pem = v);
                            }></textarea>
                        {move || errors.with(|e| e.get("cas.ca_pem").cloned()).map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </fieldset>
                <fieldset class="choices">
                    <legend>"OpenID Connect（OAuth2）"</legend>
                    {move || redirect.get().map(|url| view! {
                        <p class="hint">"请信息中心登记的回调地址（redirect URI）："<code>{url}</code></p>
                    })}
                    {flag("开启 OpenID Connect 登录", |x| x.oidc.enabled, |x, v| x.oidc.enabled = v)}
                    {text("oidc-issuer", "Issuer 地址", "oidc.issuer", |x| x.oidc.issuer.clone(), |x, v| x.oidc.issuer = v)}
                    {text("oidc-client", "client_id", "oidc.client_id", |x| x.oidc.client_id.clone(), |x, v| x.oidc.client_id = v)}
                    <div>
                        <label for="oidc-secret">"client secret"</label>
                        <input id="oidc-secret" type="password" autocomplete="off"
                            placeholder=move || if secret_set.get() { "已设置，留空则不变" } else { "" }
                            prop:value=move || s.with(|x| x.oidc.client_secret.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                s.update(|x| x.oidc.client_secret = v);
                            }/>
                    </div>
                    {text("oidc-scopes", "scope（openid 之外，空格分隔）", "oidc.scopes", |x| x.oidc.scopes.clone(), |x, v| x.oidc.scopes = v)}
                    {text("oidc-claim", "学号/工号所在 claim（默认 preferred_username）", "oidc.account_claim", |x| x.oidc.account_claim.clone(), |x, v| x.oidc.account_claim = v)}
                    {text("oidc-display", "按钮名称（默认“统一身份认证”）", "oidc.display_name", |x| x.oidc.display_name.clone(), |x, v| x.oidc.display_name = v)}
                </fieldset>
                <fieldset class="choices">
                    <legend>"仍可用密码登录的角色"</legend>
                    <p class="hint">"管理员账号和校友联络员（毕业后学校账号会停用）始终可以用密码登录。"</p>
                    {flag("学生", |x| x.passwords.student, |x, v| x.passwords.student = v)}
                    {flag("辅导员", |x| x.passwords.counselor, |x, v| x.passwords.counselor = v)}
                    {flag("学院领导", |x| x.passwords.dean, |x, v| x.passwords.dean = v)}
                    {flag("校友办", |x| x.passwords.office, |x, v| x.passwords.office = v)}
                </fieldset>
                <div class="form-actions"><button class="btn btn-primary" type="submit">"保存设置"</button></div>
            </form>
            <Outcome status=status/>
        </section>
    }
}
