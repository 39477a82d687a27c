//! The pages a campus sign-in ends on when it does not end signed in: plain
//! HTML in Chinese, readable on any phone without the app, each saying what
//! happened, whom to ask, and leading back to the login page (where
//! password login still works where allowed).

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::html::escape;

/// Why a sign-in through the portal did not sign anyone in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The portal proved a number no imported account has.
    Unknown { number: String },
    /// The provider answered nothing usable in time.
    Unreachable,
    /// The provider refused the ticket or code (used, expired, forged).
    Refused,
    /// The return came without a sign-in this browser began, or too late.
    NoFlow,
    /// The account may not sign in now (a one-time password not yet
    /// changed is no bar; a disabled provider is).
    Off,
}

impl Ended {
    /// The title, what happened and what to do.
    fn words(&self) -> (&'static str, String, &'static str) {
        match self {
            Ended::Unknown { number } => (
                "未找到您的账号",
                format!("统一身份认证确认您的学号/工号是 {number}，但本系统中没有这个账号。"),
                "学生请联系辅导员，确认已导入您所在班级的学生名单；教师请联系学校校友办（管理员导入教师名单后即可登录）。",
            ),
            Ended::Unreachable => (
                "统一身份认证暂时无法连接",
                "学校统一身份认证平台没有及时响应。".to_owned(),
                "请稍后再试；如果您有本系统的密码，也可以返回登录页用密码登录。",
            ),
            Ended::Refused => (
                "登录未完成",
                "统一身份认证没有确认这次登录（登录凭据已使用过或已过期）。".to_owned(),
                "请返回登录页重新点击统一身份认证登录。",
            ),
            Ended::NoFlow => (
                "登录已过期",
                "这次登录不是从本页面发起的，或已超过 10 分钟。".to_owned(),
                "请返回登录页重新点击统一身份认证登录。",
            ),
            Ended::Off => (
                "统一身份认证登录未开启",
                "管理员尚未开启或已关闭统一身份认证登录。".to_owned(),
                "请返回登录页用密码登录，或联系学校校友办。",
            ),
        }
    }

    /// What the audit log and the tests read.
    pub fn code(&self) -> &'static str {
        match self {
            Ended::Unknown { .. } => "unknown_account",
            Ended::Unreachable => "provider_unreachable",
            Ended::Refused => "ticket_refused",
            Ended::NoFlow => "no_flow",
            Ended::Off => "provider_off",
        }
    }
}

impl IntoResponse for Ended {
    fn into_response(self) -> Response {
        let status = match self {
            Ended::Unknown { .. } | Ended::Off => StatusCode::FORBIDDEN,
            Ended::Unreachable => StatusCode::BAD_GATEWAY,
            Ended::Refused | Ended::NoFlow => StatusCode::UNAUTHORIZED,
        };
        let (title, what, todo) = self.words();
        let body = format!(
            r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · 校友联络员</title>
<style>
body{{margin:0;padding:0 1rem;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6f8;color:#1f2933}}
main{{max-width:28rem;margin:12vh auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08)}}
h1{{font-size:1.3rem;margin:0 0 .75rem;color:#8a1c1c}}
a{{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#8a1c1c;color:#fff;border-radius:8px;text-decoration:none}}
</style></head>
<body><main id="campus-ended" data-code="{code}">
<h1>{title}</h1>
<p>{what}</p>
<p>{todo}</p>
<a href="/login">返回登录页</a>
</main></body></html>"#,
            title = title,
            what = escape(&what),
            todo = todo,
            code = self.code(),
        );
        (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response()
    }
}
