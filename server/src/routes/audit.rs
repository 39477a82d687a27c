//! The audit log by month (`GET /audit/export?month=YYYY-MM`, the admin):
//! a spreadsheet-friendly CSV of who did what, when, to keep for the 等保
//! rule that logs are kept at least six months. The export is itself
//! audited.

use std::collections::BTreeMap;

use axum::{
    Router,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use domain::Role;
use serde::Deserialize;
use time::{Date, Month, OffsetDateTime};

use crate::{
    auth::CurrentUser,
    clock::CHINA,
    error::{ApiError, ApiQuery},
    state::AppState,
};

use super::{attachment, audit_entry, require};

pub fn router() -> Router<AppState> {
    Router::new().route("/audit/export", get(export))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct MonthQuery {
    /// `YYYY-MM` (China time).
    month: String,
}

/// The first instants (Unix seconds) of `month` and of the month after.
fn bounds(month: &str) -> Option<(i64, i64)> {
    let (y, m) = month.trim().split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let start = Date::from_calendar_date(y, m, 1).ok()?;
    let next = if m == Month::December {
        Date::from_calendar_date(y + 1, Month::January, 1).ok()?
    } else {
        Date::from_calendar_date(y, m.next(), 1).ok()?
    };
    let at = |d: Date| d.midnight().assume_offset(CHINA).unix_timestamp();
    Some((at(start), at(next)))
}

/// One CSV field: quoted, quotes doubled, and a leading `=+-@` defused so a
/// spreadsheet does not run it.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn export(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let Some((from, to)) = bounds(&q.month) else {
        return Err(ApiError::fields(BTreeMap::from([(
            "month".to_owned(),
            "月份格式应为 年-月，例如 2026-11".to_owned(),
        )])));
    };
    // The export is audited when it starts, and durable before the file
    // begins: a month can be long, and it streams out as it is read.
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.audit",
        &q.month,
        serde_json::Value::Null,
    ))?;
    st.store.durable().await?;
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let store = st.store.clone();
    tokio::task::spawn_blocking(move || write_csv(&store, from, to, &tx));
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let file = format!("审计日志-{}.csv", q.month.trim());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            attachment("audit.csv", &file),
        ],
        axum::body::Body::from_stream(chunks),
    )
        .into_response())
}

/// Bytes of CSV sent at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// Writes the month's entries as CSV into `tx`, a chunk at a time, until
/// the month ends or the client goes away; a store error ends the file
/// with that error (the download stops unfinished).
fn write_csv(
    store: &crate::store::Store,
    from: i64,
    to: i64,
    tx: &tokio::sync::mpsc::Sender<Result<axum::body::Bytes, crate::store::StoreError>>,
) {
    // Each actor's account and name, looked up once.
    let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
    // A BOM, so that Excel and WPS read the UTF-8.
    let mut out = String::from("\u{feff}时间,账号,姓名,动作,对象,详情\r\n");
    let send = |out: &mut String| tx.blocking_send(Ok(std::mem::take(out).into())).is_ok();
    for e in store.audit_between(from, to) {
        let row = e.and_then(|e| {
            if !names.contains_key(&e.actor) {
                let who = match store.user(&e.actor)? {
                    Some(u) => (u.username, u.name),
                    None => (e.actor.clone(), String::new()),
                };
                names.insert(e.actor.clone(), who);
            }
            Ok(csv_row(&e, &names[&e.actor]))
        });
        match row {
            Ok(row) => out.push_str(&row),
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
        if out.len() >= CHUNK_BYTES && !send(&mut out) {
            return; // the client went away
        }
    }
    if !out.is_empty() {
        send(&mut out);
    }
}

/// One entry as a CSV line, its actor shown by account and name.
fn csv_row(e: &crate::store::AuditEntry, (username, name): &(String, String)) -> String {
    let when = OffsetDateTime::from_unix_timestamp(e.at)
        .map(|t| t.to_offset(CHINA))
        .map(|t| {
            format!(
                "{} {:02}:{:02}:{:02}",
                crate::clock::iso_date(t.date()),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default();
    let detail = if e.detail.is_null() {
        String::new()
    } else {
        e.detail.to_string()
    };
    let mut line = [
        when,
        field(username),
        field(name),
        field(&e.action),
        field(&e.target),
        field(&detail),
    ]
    .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_china_time_and_december_rolls_over() {
        let (from, to) = bounds("2026-12").expect("month");
        assert_eq!(from, 1_796_083_200 - 8 * 3600);
        assert_eq!(to - from, 31 * 86_400);
        assert!(bounds("2026-13").is_none() && bounds("26").is_none());
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("a\"b"), "\"a\"\"b\"");
        assert_eq!(field("=1+1"), "\"'=1+1\"");
    }
}
