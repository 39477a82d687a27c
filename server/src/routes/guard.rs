//! What a write must be before its handler runs: sent by a page of our own
//! origin, and carrying the kind of body its route reads (docs/SECURITY.md,
//! "Origin and body type").
//!
//! A page on a sibling subdomain (`*.example.edu.cn` is the same *site*, as
//! `edu.cn` is a public suffix) gets our SameSite=Strict cookie sent along,
//! so "not cross-site" is not enough: a browser's write must say it is
//! `same-origin`, or, where it does not send `Sec-Fetch-Site`, carry an
//! `Origin` naming this host. A request with neither header is not from a
//! browser page (a script or an integration) and carries no ambient cookie.
//! A body must be of its route's type, and none of those is one a page may
//! send without asking first (text/plain, a form) — so even a browser that
//! sends neither header cannot post a body we read.

use axum::{
    extract::{MatchedPath, Request},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::{ApiError, is_json, media_type};

/// Every write: our origin, then its route's body type.
pub async fn guard_writes(req: Request, next: Next) -> Response {
    let method = req.method();
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if !same_origin(req.headers()) {
        return ApiError::Forbidden("拒绝来自其他网站的请求").into_response();
    }
    let route = req.extensions().get::<MatchedPath>().map(|p| {
        let p = p.as_str();
        p.strip_prefix("/api/v1").unwrap_or(p)
    });
    if let Some(route) = route
        && let Err(e) = body_type(method, route, req.headers())
    {
        return e.into_response();
    }
    next.run(req).await
}

/// `Sec-Fetch-Site: same-origin`; without it, an `Origin` equal to this
/// host (or the host a trusted proxy was asked for); without either, not
/// a browser page.
fn same_origin(h: &HeaderMap) -> bool {
    let text = |name| h.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = h.get("sec-fetch-site") {
        return site == "same-origin";
    }
    let Some(origin) = h.get(header::ORIGIN) else {
        return true;
    };
    let Some((scheme, authority)) = origin.to_str().ok().and_then(|o| o.split_once("://")) else {
        return false;
    };
    let default_port = match scheme {
        "https" => ":443",
        "http" => ":80",
        _ => return false,
    };
    [text("host"), text("x-forwarded-host")]
        .into_iter()
        .flatten()
        .any(|host| {
            let host = host.trim();
            host.eq_ignore_ascii_case(authority)
                || host
                    .strip_suffix(default_port)
                    .is_some_and(|h| h.eq_ignore_ascii_case(authority))
        })
}

/// A body, if there is one, of the type the route reads.
fn body_type(method: &Method, route: &str, h: &HeaderMap) -> Result<(), ApiError> {
    if !matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
        return Ok(());
    }
    let m = method.as_str().to_ascii_lowercase();
    let declared = super::table()
        .iter()
        .find(|r| r.method == m && r.path == route);
    if declared.is_some_and(|r| r.bodiless()) {
        return Ok(());
    }
    let has_body = h.contains_key(header::TRANSFER_ENCODING)
        || h.get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|n| n.trim() != "0");
    if !has_body {
        return Ok(());
    }
    let media = media_type(h);
    if declared.is_some_and(|r| r.form()) {
        return if media == "application/x-www-form-urlencoded" {
            Ok(())
        } else {
            Err(ApiError::UnsupportedMediaType)
        };
    }
    match declared.and_then(|r| r.upload()) {
        Some((types, why)) => {
            if media == "application/octet-stream" || types.contains(&media.as_str()) {
                Ok(())
            } else {
                Err(ApiError::WrongFileType(why))
            }
        }
        None if is_json(&media) => Ok(()),
        None => Err(ApiError::UnsupportedMediaType),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_our_own_origin_may_write_from_a_browser() {
        let host = ("host", "liaison.example.edu.cn");
        for (pairs, ok) in [
            (vec![host, ("sec-fetch-site", "same-origin")], true),
            (vec![host, ("sec-fetch-site", "same-site")], false),
            (vec![host, ("sec-fetch-site", "cross-site")], false),
            (vec![host, ("sec-fetch-site", "none")], false),
            (
                vec![host, ("origin", "https://liaison.example.edu.cn")],
                true,
            ),
            (
                vec![
                    ("host", "liaison.example.edu.cn:443"),
                    ("origin", "https://liaison.example.edu.cn"),
                ],
                true,
            ),
            (vec![host, ("origin", "https://evil.example.edu.cn")], false),
            (vec![host, ("origin", "null")], false),
            (
                vec![
                    ("host", "127.0.0.1:8080"),
                    ("x-forwarded-host", "liaison.example.edu.cn"),
                    ("origin", "https://liaison.example.edu.cn"),
                ],
                true,
            ),
            (vec![host], true),
        ] {
            assert_eq!(same_origin(&headers(&pairs)), ok, "{pairs:?}");
        }
    }

    #[test]
    fn a_body_must_be_of_its_routes_type() {
        let post = Method::POST;
        let with = |ct| headers(&[("content-length", "5"), ("content-type", ct)]);
        assert!(body_type(&post, "/session", &with("application/json; charset=utf-8")).is_ok());
        assert!(body_type(&post, "/session", &with("text/plain")).is_err());
        assert!(
            body_type(
                &post,
                "/liaisons/{id}/renew",
                &with("text/plain;charset=UTF-8")
            )
            .is_err()
        );
        assert!(body_type(&post, "/liaisons/{id}/renew", &headers(&[])).is_ok());
        assert!(
            body_type(
                &post,
                "/rosters/staff",
                &with("multipart/form-data; boundary=x")
            )
            .is_err()
        );
        assert!(body_type(&post, "/rosters/staff", &with(crate::xlsx::MIME)).is_ok());
        assert!(body_type(&post, "/rosters/staff", &with("application/octet-stream")).is_ok());
        assert!(body_type(&Method::PUT, "/seals/{owner}", &with("image/jpeg")).is_err());
        assert!(body_type(&post, "/nominations/{id}/submit", &with("text/plain")).is_ok());
    }
}
