//! The operator's routes: an online backup on demand (the backup timer's
//! `liaison-server backup-now`). Only from this machine, never through the
//! proxy (a forwarded request is refused), and only with the token of
//! `LIAISON_DATA/ops.key`; anything else is 404, as if there were nothing.

use std::net::SocketAddr;

use axum::{
    Json,
    extract::{ConnectInfo, State},
    http::{HeaderMap, header},
};

use crate::routes::endpoint::{self as ep, Endpoint};
use crate::{backups, error::ApiError, state::AppState};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::post(
            "/ops/backup",
            "在线备份（仅本机、运维令牌 Bearer，LIAISON_BACKUP_DIR）",
            backup,
        )
        .bodiless(),
    ]
}

/// Whether the request is the operator's: from loopback, not forwarded,
/// with the token.
fn operator(st: &AppState, peer: SocketAddr, headers: &HeaderMap) -> bool {
    let Some(token) = st.ops_token.as_deref() else {
        return false;
    };
    let forwarded = ["x-forwarded-for", "x-real-ip", "forwarded"]
        .iter()
        .any(|h| headers.contains_key(*h));
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared in constant time.
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    peer.ip().is_loopback() && !forwarded && same
}

/// `POST /ops/backup`: a backup into `LIAISON_BACKUP_DIR` while serving
/// (writes wait while it reads), checked, with old ones thinned.
async fn backup(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<backups::Written>, ApiError> {
    let Some(dir) = st.config.backup_dir.clone() else {
        return Err(ApiError::NotFound);
    };
    if !operator(&st, peer, &headers) {
        return Err(ApiError::NotFound);
    }
    let at = time::OffsetDateTime::from_unix_timestamp(st.clock.now())
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .to_offset(crate::clock::CHINA);
    let store = st.store.clone();
    let copy = st.config.backup_copy.clone();
    let written = tokio::task::spawn_blocking(move || {
        let mut written = backups::write(&store, &dir, at)?;
        if let Some(command) = copy {
            let copied = backups::copy_off(&command, &written.file, backups::COPY_TIMEOUT);
            written.copied = Some(copied.is_ok());
            written.copy_error = copied.err();
        }
        anyhow::Ok(written)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::Internal(format!("备份失败: {e:#}")))?;
    tracing::info!(
        file = %written.file.display(),
        records = written.records,
        bytes = written.bytes,
        writes_held_ms = written.writes_held_ms,
        removed = written.removed.len(),
        "backup written"
    );
    if let Some(ok) = written.copied {
        st.metrics.backup_copied(ok);
    }
    if let Some(why) = &written.copy_error {
        tracing::warn!(file = %written.file.display(), why, "the backup was not copied off the machine");
    }
    Ok(Json(written))
}
