//! The signed-in user: `/me` and `/me/password`.

use crate::routes::endpoint::{self as ep, Endpoint};
use std::collections::BTreeMap;

use axum::{
    Json,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use domain::{
    api::{ChangePassword, UpdateProfile, User, UserEnvelope},
    validate::{self, Email, MobilePhone},
};
use sha2::{Digest, Sha256};

use crate::{
    auth::{ClientIp, CurrentUser},
    error::{ApiError, ApiJson},
    state::AppState,
    store::{AuditEntry, UserRecord, Write, idem_key},
};

use super::{etag, idempotency_key, if_match, settle};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/me", "当前用户", me),
        ep::patch("/me", "修改本人联系方式（需 If-Match）", update_profile).json::<UpdateProfile>(),
        ep::post("/me/password", "修改密码", change_password).json::<ChangePassword>(),
    ]
}

/// Where an account belongs, looked up once (the view itself reads no store).
pub struct Scope {
    classes: Vec<String>,
    is_liaison: bool,
    college: Option<String>,
    college_name: Option<String>,
    class_names: Vec<String>,
}

/// Looks up the college and class names of an account.
pub fn scope_of(st: &AppState, u: &UserRecord) -> Result<Scope, ApiError> {
    let classes = u.class_ids(&st.store)?;
    let mut class_names = Vec::with_capacity(classes.len());
    let mut colleges = Vec::new();
    for id in &classes {
        if let Some(c) = st.views.class(id)? {
            class_names.push(c.display_name());
            colleges.push(c.college);
        }
    }
    // A dean has a college; a student or counselor has that of their classes
    // when they all share one.
    let college = u.college.clone().or_else(|| {
        let first = colleges.first()?;
        colleges.iter().all(|c| c == first).then(|| first.clone())
    });
    let college_name = match &college {
        Some(code) => st.store.college(code)?.map(|c| c.name),
        None => None,
    };
    let is_liaison = u.role == domain::Role::Student
        && st
            .store
            .is_liaison(&u.id, &crate::clock::iso_date(st.clock.today()))?;
    Ok(Scope {
        classes,
        is_liaison,
        college,
        college_name,
        class_names,
    })
}

/// The API view of an account; pure, so it may run inside a store transaction.
pub fn view(u: &UserRecord, scope: &Scope) -> User {
    User {
        id: u.id.clone(),
        username: u.username.clone(),
        name: u.name.clone(),
        role: u.role,
        college: scope.college.clone(),
        college_name: scope.college_name.clone(),
        classes: scope.classes.clone(),
        class_names: scope.class_names.clone(),
        is_liaison: scope.is_liaison,
        is_director: u.is_director,
        must_change_password: u.must_change_password,
        portal_vouches: false,
        needs_own_password: false,
        phone: u.phone.clone(),
        email: u.email.clone(),
        email_notifications: !u.no_email,
        rev: u.rev,
    }
}

/// The API view of an account, with its scope spelled out.
pub fn user_view(st: &AppState, u: &UserRecord) -> Result<User, ApiError> {
    Ok(view(u, &scope_of(st, u)?))
}

/// The caller's account; a session begun through the campus portal has no
/// one-time password to replace.
fn answer(st: &AppState, u: &UserRecord, cu: &CurrentUser) -> Result<Response, ApiError> {
    let mut view = user_view(st, u)?;
    if cu.via.is_some() {
        view.needs_own_password = view.is_liaison && view.must_change_password;
        view.must_change_password = false;
        view.portal_vouches = portal_vouches(st, cu);
    }
    Ok(([etag(u.rev)], Json(UserEnvelope { user: view })).into_response())
}

async fn me(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    answer(&st, &cu.user, &cu)
}

/// A checked profile change: `None` leaves a field, `Some(None)` clears it.
struct ProfileChange {
    phone: Option<Option<String>>,
    email: Option<Option<String>>,
}

/// Validates a profile change with the shared rules; `Some("")` clears a field.
fn parse_profile(p: &UpdateProfile) -> Result<ProfileChange, ApiError> {
    let mut fields = BTreeMap::new();
    let mut clean =
        |key: &str,
         v: &Option<String>,
         parse: &dyn Fn(&str) -> Result<String, validate::FieldError>| match v {
            None => None,
            Some(s) if s.trim().is_empty() => Some(None),
            Some(s) => match parse(s) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    fields.insert(key.to_owned(), e.0);
                    None
                }
            },
        };
    let phone = clean("phone", &p.phone, &|s| {
        MobilePhone::parse(s).map(|p| p.as_str().to_owned())
    });
    let email = clean("email", &p.email, &|s| {
        Email::parse(s).map(|e| e.as_str().to_owned())
    });
    if !fields.is_empty() {
        return Err(ApiError::fields(fields));
    }
    Ok(ProfileChange { phone, email })
}

async fn update_profile(
    State(st): State<AppState>,
    cu: CurrentUser,
    headers: HeaderMap,
    ApiJson(req): ApiJson<UpdateProfile>,
) -> Result<Response, ApiError> {
    let expected_rev = if_match(&headers)?;
    let ProfileChange { phone, email } = parse_profile(&req)?;
    let key = idempotency_key(&headers)?.map(|k| idem_key(&cu.user.id, &k));
    let fingerprint = {
        let body = serde_json::to_vec(&req).map_err(|e| ApiError::Internal(e.to_string()))?;
        let d = Sha256::new()
            .chain_update(b"PATCH /me\n")
            .chain_update(&body)
            .finalize();
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let scope = scope_of(&st, &cu.user)?;
    let now = st.clock.now();
    let mail = req.email_notifications;
    let changed: Vec<&str> = [
        ("phone", phone.is_some()),
        ("email", email.is_some()),
        ("email_notifications", mail.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, c)| c.then_some(k))
    .collect();
    let audit = AuditEntry {
        at: now,
        actor: cu.user.id.clone(),
        action: "profile.update".into(),
        target: cu.user.id.clone(),
        detail: serde_json::json!({ "fields": changed }),
    };
    let write = Write {
        expected_rev,
        idem: key.as_deref().map(|k| (k, fingerprint.as_str())),
        audit: &audit,
        now,
    };
    let outcome = st.store.update_user(
        &cu.user.id,
        &write,
        |u| {
            if let Some(p) = &phone {
                u.phone = p.clone();
            }
            if let Some(e) = &email {
                u.email = e.clone();
            }
            if let Some(on) = mail {
                u.no_email = !on;
            }
        },
        |u| serde_json::json!({ "user": view(u, &scope) }),
    )?;
    settle(&st, outcome, |u| answer(&st, u, &cu)).await
}

/// Changes the caller's password. The current password is checked through
/// the login's attempt accounting (a wrong one counts toward the lock) —
/// unless the campus portal vouches for the caller ([`portal_vouches`]) —
/// and the account's other sessions end.
async fn change_password(
    State(st): State<AppState>,
    ClientIp(ip, _): ClientIp,
    cu: CurrentUser,
    ApiJson(req): ApiJson<ChangePassword>,
) -> Result<Response, ApiError> {
    let (store, config) = (&st.store, &st.config);
    let mut fields = BTreeMap::new();
    if !portal_vouches(&st, &cu) {
        let attempt = st
            .throttle
            .reserve(store, config, &cu.user.username, ip, st.clock.now())?;
        let hash = Some(cu.user.password_hash.clone());
        if super::session::verify(&st, hash, &req.current_password).await? {
            attempt.succeeded(store, st.clock.now())?;
        } else {
            let wrong = ApiError::fields(
                [("current_password".to_owned(), "当前密码不正确".to_owned())].into(),
            );
            match attempt.failed(store, config, st.clock.now(), wrong)? {
                ApiError::Validation { fields: f, .. } => fields = f,
                refused => return Err(refused),
            }
        }
    }
    if let Err(e) = validate::new_password(&req.new_password) {
        fields.insert("new_password".to_owned(), e.0);
    } else if req.new_password == req.current_password {
        fields.insert(
            "new_password".to_owned(),
            "新密码不能与当前密码相同".to_owned(),
        );
    }
    if !fields.is_empty() {
        return Err(ApiError::fields(fields));
    }
    let new = req.new_password.clone();
    let new_hash = st
        .hash(move || crate::password::hash_password(&new))
        .await?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let audit = super::audit_entry(
        &st,
        &cu,
        "password.change",
        &cu.user.id,
        serde_json::Value::Null,
    );
    let u = st
        .store
        .set_password(&cu.user.id, &new_hash, false, &audit)?
        .ok_or(ApiError::NotFound)?;
    st.store.end_sessions_of(&cu.user.id, &cu.session_key)?;
    st.store.durable().await?;
    answer(&st, &u, &cu)
}

/// How recent a portal sign-in stands in for the current password.
const PORTAL_FRESH_SECS: i64 = 10 * 60;

/// Whether the campus portal vouches for the caller in place of their
/// current password: signed in through it, and either the account has no
/// password of its own yet (a one-time password nobody kept; a liaison
/// setting the password they keep as an alumnus) or the sign-in is less
/// than ten minutes old.
fn portal_vouches(st: &AppState, cu: &CurrentUser) -> bool {
    cu.via.is_some()
        && (cu.user.must_change_password || st.clock.now() - cu.since < PORTAL_FRESH_SECS)
}
