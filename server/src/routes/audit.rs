//! The audit log by month (`GET /audit/export?month=YYYY-MM`, the admin):
//! a spreadsheet-friendly CSV of who did what, when, to keep for the 等保
//! rule that logs are kept at least six months. The export is itself
//! audited.

use crate::routes::endpoint::{self as ep, Endpoint};
use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
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

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/audit/export",
            "一个月的审计日志 CSV（系统管理员，?month=YYYY-MM）",
            export,
        )
        .query::<MonthQuery>(),
    ]
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

/// One CSV field: quoted, quotes doubled, and a leading `=+-@`, TAB or CR
/// defused (OWASP's list) so a spreadsheet does not run it.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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
    // Each actor's account and name, looked up once.
    let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
    // A BOM, so that Excel and WPS read the UTF-8.
    let mut out = String::from("\u{feff}时间,账号,姓名,动作,对象,详情\r\n");
    let mut rows = 0u64;
    for e in st.store.audit_between(from, to) {
        let e = e?;
        if !names.contains_key(&e.actor) {
            let who = match st.store.user(&e.actor)? {
                Some(u) => (u.username, u.name),
                None => (e.actor.clone(), String::new()),
            };
            names.insert(e.actor.clone(), who);
        }
        let (username, name) = &names[&e.actor];
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
        out.push_str(
            &[
                when,
                field(username),
                field(name),
                field(&e.action),
                field(&e.target),
                field(&detail),
            ]
            .join(","),
        );
        out.push_str("\r\n");
        rows += 1;
    }
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.audit",
        &q.month,
        serde_json::json!({ "rows": rows }),
    ))?;
    st.store.durable().await?;
    let file = format!("审计日志-{}.csv", q.month.trim());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            attachment("audit.csv", &file),
        ],
        out,
    )
        .into_response())
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
        for lead in ["\t=1+1", "\r=1+1", "@SUM(A1)", "-1+1", "+1"] {
            assert!(field(lead).starts_with("\"'"), "{lead:?} is defused");
        }
    }
}
