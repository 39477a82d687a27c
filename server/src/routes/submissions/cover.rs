//! The printable 报送单 of a snapshot (HTML, every value escaped).

use super::*;
use crate::html::escape;

/// `GET /submissions/{college}/{kind}/cover.html?version=`: the 报送单 to
/// print, the same page the package encloses.
pub(super) async fn cover(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<Which>,
) -> Result<Response, ApiError> {
    let snap = frozen(&st, &cu, &college, &kind, &q, "cover.html").await?;
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        cover_html(&st, &snap)?,
    )
        .into_response())
}

/// The 报送单: one A4 page — college, campaign, what is enclosed with
/// counts, the 说明, the content hash, the dean's name, the date and the
/// college seal as it was when submitted.
///
/// Long: the page's HTML in reading order.
pub(super) fn cover_html(st: &AppState, s: &SnapshotRecord) -> Result<String, ApiError> {
    let seal = st
        .store
        .submission_file(&s.seal)?
        .map(|png| format!("data:image/png;base64,{}", B64.encode(png)))
        .unwrap_or_default();
    let signed = china_time(s.signed_at);
    let date = signed.get(..10).unwrap_or_default();
    let late = submission::days_late(&s.due, date).unwrap_or(0);
    let mut enclosed = match s.kind {
        Kind::Nominations => vec![format!(
            "《汇总表》汇总表.xlsx，{} 名推荐人选（已通过学院审核）",
            s.counts.rows
        )],
        Kind::Alumni => vec![
            format!("《校友数据库》校友数据库.xlsx，{} 条", s.counts.rows),
            format!(
                "毕业合影：{} 个班级文件夹（照片与人员名单）",
                s.counts.photos
            ),
        ],
    };
    enclosed.push(format!("本届毕业班级 {} 个", s.counts.classes));
    let items: String = enclosed
        .iter()
        .map(|e| format!("<li>{}</li>", escape(e)))
        .collect();
    let note = if s.explanation.is_empty() {
        "无".to_owned()
    } else {
        escape(&s.explanation)
    };
    Ok(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111; max-width: 170mm; margin: 0 auto; padding: 12mm 0; }}
h1 {{ text-align: center; font-size: 22pt; letter-spacing: .2em; margin: 0 0 4mm; }}
.sub {{ text-align: center; margin: 0 0 8mm; font-size: 12pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 12pt; }}
th, td {{ border: 1px solid #111; padding: 3mm 4mm; text-align: left; vertical-align: top; }}
th {{ width: 28mm; white-space: nowrap; font-weight: normal; background: #f4f4f4; }}
ul {{ margin: 0; padding-left: 5mm; }}
.hash {{ font-family: monospace; font-size: 9pt; word-break: break-all; }}
.sign {{ position: relative; margin-top: 14mm; height: 48mm; font-size: 13pt; }}
.sign p {{ margin: 0 0 8mm 80mm; }}
.seal {{ position: absolute; left: 95mm; top: -6mm; width: 42mm; height: 42mm; opacity: .85; }}
.seal {{ mix-blend-mode: multiply; }}
.late {{ color: #b00; }}
.how {{ color: #666; font-size: 10pt; text-align: center; }}
@media print {{ body {{ padding: 0; }} th {{ background: none; }} .how {{ display: none; }} }}
</style></head>
<body>
<p class="how">用浏览器的“打印”（Ctrl+P）打印本页，A4 纵向。</p>
<h1>学院报送单</h1>
<p class="sub">{university} · {cohort}届校友联络员工作 · 第 {version} 版</p>
<table>
<tr><th>学院</th><td>{college}</td></tr>
<tr><th>报送内容</th><td>{kind}</td></tr>
<tr><th>所附材料</th><td><ul>{items}</ul></td></tr>
<tr><th>截止日期</th><td>{due}</td></tr>
<tr><th>报送时间</th><td>{signed}{late}</td></tr>
<tr><th>说明</th><td>{note}</td></tr>
<tr><th>内容摘要</th><td class="hash">SHA-256 {hash}</td></tr>
</table>
<div class="sign">
<p>院长（签字）：{dean}</p>
<p>学院（盖章）</p>
<p>日期：{date}</p>
{seal}
</div>
</body></html>
"#,
        title = escape(&package_name(s)),
        university = escape(&st.config.university),
        cohort = s.cohort,
        version = s.version,
        college = escape(&s.college_name),
        kind = escape(s.kind.label()),
        due = escape(&s.due),
        late = if late > 0 {
            format!(r#" <span class="late">（逾期 {late} 天）</span>"#)
        } else {
            String::new()
        },
        hash = escape(&s.hash),
        dean = escape(&s.signed_by_name),
        seal = if seal.is_empty() {
            String::new()
        } else {
            format!(r#"<img class="seal" alt="学院公章" src="{seal}">"#)
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_markup_out_of_the_cover_sheet() {
        assert_eq!(
            escape(r#"<b>"A&B"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }
}
