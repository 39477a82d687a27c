//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from [`super::ROUTES`].

use axum::{Json, Router, routing::get};
use serde_json::{Map, Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, summary) in super::ROUTES {
        let item = paths
            .entry(format!("/api/v1{path}"))
            .or_insert_with(|| json!({}));
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}').map(str::to_owned))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        item[method] = json!({
            "summary": summary,
            "parameters": params,
            "responses": {
                "200": {"description": "成功"},
                "default": {
                    "description": "错误",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                }
            }
        });
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "校友联络员 API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE}},
            "schemas": {
                "ErrorBody": {
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
                }
            }
        }
    })
}
