//! The class's link: shown, made (replacing the last), ended, drawn as a
//! QR code.

use super::*;
use crate::store::LinkRecord;
use domain::api::{ClassLink, ClassLinkEnvelope};

/// The page a link opens; the token follows `#`, which a browser never
/// sends to a server (so it is in no log, ours or a proxy's).
const PAGE: &str = "/u/#";

/// The site's address as the caller reached it: `LIAISON_PUBLIC_URL` when
/// set, else the request's host.
fn site(st: &AppState, headers: &HeaderMap, https: bool) -> String {
    let fixed = st.config.public_url.trim().trim_end_matches('/');
    if !fixed.is_empty() {
        return fixed.to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if https { "https" } else { "http" })
}

fn view(
    st: &AppState,
    headers: &HeaderMap,
    https: bool,
    class: &ClassRecord,
    l: &LinkRecord,
) -> ClassLink {
    let path = format!("{PAGE}{}", l.token);
    let url = format!("{}{path}", site(st, headers, https));
    ClassLink {
        message: domain::directory::classmate::group_message(
            &class.display_name(),
            l.year,
            &url,
            &l.made_by_name,
        ),
        path,
        year: l.year,
        made_by: l.made_by_name.clone(),
        made_at: l.made_at,
    }
}

/// The class's live link in the open round.
fn live(st: &AppState, class: &str) -> Result<(Option<u16>, Option<LinkRecord>), ApiError> {
    let round = st.store.open_round()?;
    let link = st
        .store
        .class_link(class)?
        .filter(|l| Some(l.year) == round);
    Ok((round, link))
}

/// `GET /classes/{id}/classmates/link`.
pub(super) async fn get(
    State(st): State<AppState>,
    cu: CurrentUser,
    ClientIp(_, https): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ClassLinkEnvelope>, ApiError> {
    let class = managed(&st, &cu, &id)?;
    let (round, link) = live(&st, &class.id)?;
    Ok(Json(ClassLinkEnvelope {
        link: link.map(|l| view(&st, &headers, https, &class, &l)),
        round,
    }))
}

/// `POST /classes/{id}/classmates/link`: a new link; the last one, if
/// any, then answers that it was replaced.
pub(super) async fn make(
    State(st): State<AppState>,
    cu: CurrentUser,
    ClientIp(_, https): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ClassLinkEnvelope>, ApiError> {
    let class = managed(&st, &cu, &id)?;
    let year = open_round(&st)?;
    let link = LinkRecord {
        class_id: class.id.clone(),
        year,
        token: crate::auth::random_token()?,
        made_by: cu.user.id.clone(),
        made_by_name: cu.user.name.clone(),
        made_at: st.clock.now(),
    };
    let audit = audit_entry(
        &st,
        &cu,
        "classmates.link.make",
        &class.id,
        json!({ "year": year }),
    );
    st.store.put_class_link(&class.id, Some(&link), &audit)?;
    st.store.durable().await?;
    Ok(Json(ClassLinkEnvelope {
        link: Some(view(&st, &headers, https, &class, &link)),
        round: Some(year),
    }))
}

/// `DELETE /classes/{id}/classmates/link`.
pub(super) async fn revoke(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ClassLinkEnvelope>, ApiError> {
    let class = managed(&st, &cu, &id)?;
    let audit = audit_entry(&st, &cu, "classmates.link.revoke", &class.id, json!({}));
    st.store.put_class_link(&class.id, None, &audit)?;
    st.store.durable().await?;
    let round = st.store.open_round()?;
    Ok(Json(ClassLinkEnvelope { link: None, round }))
}

/// `GET /classes/{id}/classmates/link.svg`: the link as a QR code to show
/// or print.
pub(super) async fn qr(
    State(st): State<AppState>,
    cu: CurrentUser,
    ClientIp(_, https): ClientIp,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let class = managed(&st, &cu, &id)?;
    let (_, link) = live(&st, &class.id)?;
    let link = link.ok_or(ApiError::NotFound)?;
    let url = format!("{}{PAGE}{}", site(&st, &headers, https), link.token);
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ApiError::Internal(format!("qr: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        svg,
    )
        .into_response())
}
