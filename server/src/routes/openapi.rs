//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from [`super::ROUTES`]
//! with the JSON schema of every request body and query (derived from the
//! very types the handlers read, so the document cannot drift from them).

use axum::{Json, Router, routing::get};
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use crate::state::AppState;

use super::{audit, duty, exports, liaisons, nominations, notifications, org, submissions};

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

/// What a request carries besides its path.
enum Input {
    /// A JSON body of this schema.
    Json(Value),
    /// An uploaded file of these media types.
    File(&'static [&'static str]),
    /// Query parameters: the properties of this schema.
    Query(Value),
}

fn json_body<T: JsonSchema>(g: &mut SchemaGenerator) -> Input {
    Input::Json(g.subschema_for::<T>().to_value())
}

fn query<T: JsonSchema>(g: &mut SchemaGenerator) -> Input {
    Input::Query(g.root_schema_for::<T>().to_value())
}

/// Request bodies and queries by (method, path).
fn inputs(g: &mut SchemaGenerator) -> Vec<(&'static str, &'static str, Input)> {
    use domain::{api, directory::EntryFields, nomination::NominationForm, org as o};
    let files = super::UPLOADS
        .iter()
        .map(|(m, p, types, _)| (*m, *p, Input::File(types)));
    files
        .chain([
            ("post", "/session", json_body::<api::LoginRequest>(g)),
            ("patch", "/me", json_body::<api::UpdateProfile>(g)),
            ("post", "/me/password", json_body::<api::ChangePassword>(g)),
            ("post", "/colleges", json_body::<o::NewCollege>(g)),
            ("patch", "/colleges/{code}", json_body::<org::Rename>(g)),
            ("get", "/classes", query::<org::ClassFilter>(g)),
            ("post", "/classes", json_body::<o::NewClass>(g)),
            ("put", "/classes/{id}", json_body::<o::NewClass>(g)),
            ("post", "/campaigns", json_body::<o::NewCampaign>(g)),
            (
                "patch",
                "/campaigns/{id}",
                json_body::<org::CampaignPatch>(g),
            ),
            ("get", "/nominations", query::<nominations::Filter>(g)),
            (
                "post",
                "/nominations",
                json_body::<api::CreateNomination>(g),
            ),
            (
                "get",
                "/nominations/summary",
                query::<nominations::SummaryFilter>(g),
            ),
            (
                "post",
                "/nominations/bulk-decision",
                json_body::<nominations::BulkRequest>(g),
            ),
            ("patch", "/nominations/{id}", json_body::<NominationForm>(g)),
            (
                "post",
                "/nominations/{id}/decision",
                json_body::<api::DecisionRequest>(g),
            ),
            ("get", "/liaisons", query::<liaisons::Filter>(g)),
            ("post", "/liaisons", json_body::<liaisons::AddLiaison>(g)),
            (
                "post",
                "/liaisons/{id}/dismiss",
                json_body::<liaisons::Reason>(g),
            ),
            (
                "post",
                "/liaisons/{id}/renew",
                json_body::<liaisons::Reason>(g),
            ),
            (
                "post",
                "/liaisons/{id}/decline",
                json_body::<liaisons::Reason>(g),
            ),
            ("post", "/liaisons/{id}/log", json_body::<api::LogCreate>(g)),
            (
                "put",
                "/liaisons/{id}/log/{entry}",
                json_body::<domain::duty::LogInput>(g),
            ),
            (
                "post",
                "/liaisons/{id}/log/{entry}/reply",
                json_body::<api::LogReply>(g),
            ),
            ("get", "/duty-log", query::<duty::OverviewFilter>(g)),
            ("get", "/audit/export", query::<audit::MonthQuery>(g)),
            (
                "get",
                "/duty-log/summary.xlsx",
                query::<duty::OverviewFilter>(g),
            ),
            ("get", "/exports/summary", query::<exports::Filter>(g)),
            ("get", "/exports/summary.xlsx", query::<exports::Filter>(g)),
            (
                "put",
                "/classes/{id}/directory/{entry_id}",
                json_body::<EntryFields>(g),
            ),
            ("put", "/directory/round", json_body::<api::RoundRequest>(g)),
            (
                "get",
                "/directory/progress",
                query::<crate::access::Scope>(g),
            ),
            (
                "get",
                "/exports/alumni.xlsx",
                query::<crate::access::Scope>(g),
            ),
            (
                "put",
                "/classes/{id}/photo/names",
                json_body::<api::NamesRequest>(g),
            ),
            (
                "get",
                "/exports/photos.zip",
                query::<crate::access::Scope>(g),
            ),
            ("get", "/submissions", query::<submissions::ListQuery>(g)),
            ("get", "/notifications", query::<notifications::Page>(g)),
            (
                "post",
                "/submissions/{college}/{kind}",
                json_body::<api::SubmitRequest>(g),
            ),
            (
                "post",
                "/submissions/{college}/{kind}/accept",
                json_body::<api::SubmissionDecision>(g),
            ),
            (
                "post",
                "/submissions/{college}/{kind}/return",
                json_body::<api::SubmissionDecision>(g),
            ),
            (
                "get",
                "/submissions/{college}/{kind}/package.zip",
                query::<submissions::Which>(g),
            ),
            (
                "get",
                "/submissions/{college}/{kind}/cover.html",
                query::<submissions::Which>(g),
            ),
        ])
        .collect()
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
    let inputs = inputs(&mut g);
    let mut paths = Map::new();
    for (method, path, summary) in super::ROUTES {
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
        for (m, p, input) in &inputs {
            if m != method || p != path {
                continue;
            }
            match input {
                Input::Json(schema) => {
                    op["requestBody"] = json!({"required": true,
                        "content": {"application/json": {"schema": schema}}});
                }
                Input::File(types) => {
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
                Input::Query(schema) => params.extend(query_parameters(schema)),
            }
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
    fn every_write_documents_its_body_and_every_input_names_a_route() {
        let doc = document();
        for (method, path, _) in super::super::ROUTES {
            let op = &doc["paths"][format!("/api/v1{path}")][method];
            let writes = matches!(*method, "post" | "put" | "patch");
            if writes && !super::super::BODILESS.contains(&(method, path)) {
                assert!(op["requestBody"].is_object(), "{method} {path} has no body");
            }
        }
        let mut g = SchemaSettings::draft2020_12().into_generator();
        for (method, path, _) in inputs(&mut g) {
            assert!(
                super::super::ROUTES
                    .iter()
                    .any(|(m, p, _)| *m == method && *p == path),
                "{method} {path} is not a route"
            );
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
