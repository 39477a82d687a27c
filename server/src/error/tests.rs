use std::collections::BTreeMap;

use super::*;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Form {
    name: String,
    count: u32,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

fn reason(body: &str) -> String {
    match parse_json::<Form>(body.as_bytes()) {
        Ok(v) => format!("accepted: {v:?}"),
        Err(e) => e.user_message(),
    }
}

#[test]
fn a_wrong_type_names_the_field_in_chinese() {
    assert_eq!(
        reason(r#"{"name": 3, "count": 1}"#),
        "字段 name 的类型不正确（应为文字）"
    );
    assert_eq!(
        reason(r#"{"name": "a", "count": "x"}"#),
        "字段 count 的类型不正确（应为数字）"
    );
    assert_eq!(reason(r#"{"name": "a"}"#), "请求内容缺少必填字段 count");
    assert_eq!(
        reason(r#"{"name": "a", "count": 1, "tags": [1]}"#),
        "字段 tags[0] 的类型不正确（应为文字）"
    );
}

#[test]
fn no_reason_leaks_english() {
    for body in [
        "",
        "{",
        "nul",
        "[]",
        r#"{"name": "a", "count": -1}"#,
        r#"{"name": "a", "count": 1} trailing"#,
        r#"{"name": "a", "count": 1e99}"#,
    ] {
        let r = reason(body);
        let words = r.replace("JSON", "").replace("count", "");
        assert!(
            !words.chars().any(|c| c.is_ascii_alphabetic()),
            "{body:?} → {r}"
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_recursing_through_it() {
    let deep = format!(
        r#"{{"name": "a", "count": 1, "extra": {{"x": {}{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(reason(&deep), "请求内容嵌套过深，无法读取");
}
