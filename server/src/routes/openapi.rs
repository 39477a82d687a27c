//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from the route
//! table ([`super::table`]) with the JSON schema of every request body and
//! query (derived from the very types the handlers read, so the document
//! cannot drift from them).

use axum::Json;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::{
    Input,
    endpoint::{self as ep, Endpoint},
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![ep::get("/openapi.json", "本接口文档", || async {
        Json(document())
    })]
}

/// Query parameters from an object schema: every property, optional, never null.
fn query_parameters(schema: &Value) -> Vec<Value> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .map(|(name, s)| {
                    let mut s = s.clone();
                    if let Some(types) = s["type"].as_array() {
                        let kept: Vec<Value> =
                            types.iter().filter(|t| *t != "null").cloned().collect();
                        s["type"] = if kept.len() == 1 { kept[0].clone() } else { Value::Array(kept) };
                    }
                    json!({"name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": s})
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The answers an operation may give, by method.
fn responses(method: &str) -> Value {
    let error = json!({
        "description": "错误（中文说明）",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    });
    let mut r = Map::new();
    r.insert("200".into(), json!({"description": "成功"}));
    let codes: &[&str] = match method {
        "get" => &["304", "400", "401", "403", "404", "429"],
        "delete" => &["204", "400", "401", "403", "404", "412", "428"],
        _ => &[
            "201", "202", "204", "400", "401", "403", "404", "409", "410", "412", "413", "415",
            "422", "428", "429",
        ],
    };
    for c in codes {
        r.insert((*c).into(), error.clone());
    }
    Value::Object(r)
}

/// The whole document.
pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    let mut paths = Map::new();
    for route in super::table() {
        let (method, path, summary) = (route.method, route.path, route.summary);
        let item = paths
            .entry(format!("/api/v1{path}"))
            .or_insert_with(|| json!({}));
        let mut params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}').map(str::to_owned))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if summary.contains("If-Match") {
            params.push(json!({"name": "If-Match", "in": "header", "required": false,
                "description": "所依据的版本号 \"<rev>\"；缺少时 428", "schema": {"type": "string"}}));
        }
        if summary.contains("Idempotency-Key") {
            params.push(
                json!({"name": "Idempotency-Key", "in": "header", "required": false,
                "schema": {"type": "string", "maxLength": 100}}),
            );
        }
        let mut op = json!({"summary": summary, "responses": responses(method)});
        match route.input {
            Input::Json(schema) => {
                op["requestBody"] = json!({"required": true,
                    "content": {"application/json": {"schema": schema(&mut g)}}});
            }
            Input::File(types, _) => {
                // Files are recognised by their bytes, whatever type is declared.
                let content: Map<String, Value> = types
                    .iter()
                    .chain(&["application/octet-stream"])
                    .map(|t| {
                        (
                            (*t).to_owned(),
                            json!({"schema": {"type": "string", "format": "binary"}}),
                        )
                    })
                    .collect();
                op["requestBody"] = json!({"required": true, "content": content});
            }
            Input::Form(schema) => {
                op["requestBody"] = json!({"required": true,
                    "content": {"application/x-www-form-urlencoded": {"schema": schema(&mut g)}}});
            }
            Input::Query(schema) => params.extend(query_parameters(&schema(&mut g))),
            Input::None | Input::Undeclared => {}
        }
        op["parameters"] = Value::Array(params);
        item[method] = op;
    }
    let mut schemas = g.take_definitions(true);
    schemas.insert("ErrorBody".into(), error_body());
    json!({
        "openapi": "3.1.0",
        "info": {"title": "校友联络员 API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE}},
            "schemas": schemas
        }
    })
}

fn error_body() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string", "description": "中文说明"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}}
                }
            },
            "rows": {"type": "array", "items": {"type": "object", "properties": {
                "row": {"type": "integer"}, "column": {"type": ["string", "null"]}, "message": {"type": "string"}
            }}},
            "current": {"description": "412 时为当前记录"}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_write_documents_its_body() {
        let doc = document();
        for route in super::super::table() {
            let op = &doc["paths"][format!("/api/v1{}", route.path)][route.method];
            if route.writes() && !route.bodiless() {
                assert!(
                    op["requestBody"].is_object(),
                    "{} {} has no body",
                    route.method,
                    route.path
                );
            }
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(
                schemas.contains_key(name),
                "{name} is referenced but not defined"
            );
        }
        assert!(text.contains("\"in\":\"query\""), "queries are documented");
    }
}
