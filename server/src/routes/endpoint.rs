//! Each route of the API is declared once, as an [`Endpoint`] in its resource
//! module's `endpoints()`: method, path, Chinese summary, what it reads
//! besides its path, and its handler. The router, the OpenAPI document, the
//! write guard's body types and the tests' route list are all built from
//! those declarations (`super::endpoints`, `super::table`).

use axum::{
    extract::DefaultBodyLimit,
    handler::Handler,
    routing::{self, MethodRouter},
};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::Value;

use crate::state::AppState;

/// One route without its handler: what the guard, the document and the
/// tests read.
#[derive(Clone, Copy)]
pub struct Route {
    /// Lower case, as OpenAPI writes it: `get`, `post`, `put`, `patch`, `delete`.
    pub method: &'static str,
    /// axum syntax, under `/api/v1`.
    pub path: &'static str,
    pub summary: &'static str,
    pub input: Input,
}

/// What a request carries besides its path.
#[derive(Clone, Copy)]
pub enum Input {
    /// Nothing: a read without a query, or a write whose path says
    /// everything (any body it is sent is ignored, never read).
    None,
    /// A write that has not said what it reads: refused when the router is
    /// built, so that no write is left bodiless by omission.
    Undeclared,
    /// A JSON body of this schema.
    Json(fn(&mut SchemaGenerator) -> Value),
    /// Query parameters: the properties of this object schema.
    Query(fn(&mut SchemaGenerator) -> Value),
    /// A form (`application/x-www-form-urlencoded`) of this schema: only
    /// what another server posts to us (a CAS server's single logout);
    /// a browser page's write is still refused unless from our origin.
    Form(fn(&mut SchemaGenerator) -> Value),
    /// An uploaded file of these media types (besides
    /// `application/octet-stream`: files are recognised by their bytes), and
    /// what to tell someone who sends another.
    File(&'static [&'static str], &'static str),
}

impl Route {
    /// Whether this write's body is ignored.
    pub fn bodiless(&self) -> bool {
        self.writes() && matches!(self.input, Input::None)
    }

    /// Whether this write reads a form.
    pub fn form(&self) -> bool {
        matches!(self.input, Input::Form(_))
    }

    /// The media types and refusal of an upload.
    pub fn upload(&self) -> Option<(&'static [&'static str], &'static str)> {
        match self.input {
            Input::File(types, why) => Some((types, why)),
            _ => None,
        }
    }

    /// POST, PUT or PATCH.
    pub fn writes(&self) -> bool {
        matches!(self.method, "post" | "put" | "patch")
    }
}

/// A route and its handler.
pub struct Endpoint {
    pub route: Route,
    pub(super) handler: MethodRouter<AppState>,
}

fn endpoint(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    handler: MethodRouter<AppState>,
) -> Endpoint {
    let mut route = Route {
        method,
        path,
        summary,
        input: Input::None,
    };
    if route.writes() {
        route.input = Input::Undeclared;
    }
    Endpoint { route, handler }
}

pub fn get<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    summary: &'static str,
    h: H,
) -> Endpoint {
    endpoint("get", path, summary, routing::get(h))
}

pub fn post<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    summary: &'static str,
    h: H,
) -> Endpoint {
    endpoint("post", path, summary, routing::post(h))
}

pub fn put<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    summary: &'static str,
    h: H,
) -> Endpoint {
    endpoint("put", path, summary, routing::put(h))
}

pub fn patch<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    summary: &'static str,
    h: H,
) -> Endpoint {
    endpoint("patch", path, summary, routing::patch(h))
}

pub fn delete<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    summary: &'static str,
    h: H,
) -> Endpoint {
    endpoint("delete", path, summary, routing::delete(h))
}

fn schema_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

fn root_schema_of<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.root_schema_for::<T>().to_value()
}

impl Endpoint {
    /// Reads a JSON body of type `B`.
    pub fn json<B: JsonSchema>(mut self) -> Self {
        self.route.input = Input::Json(schema_of::<B>);
        self
    }

    /// Reads query parameters of type `Q`.
    pub fn query<Q: JsonSchema>(mut self) -> Self {
        self.route.input = Input::Query(root_schema_of::<Q>);
        self
    }

    /// Reads a form of this schema, at most `max` bytes.
    pub fn form<F: JsonSchema>(mut self, max: usize) -> Self {
        self.route.input = Input::Form(root_schema_of::<F>);
        self.handler = self.handler.layer(DefaultBodyLimit::max(max));
        self
    }

    /// Reads an uploaded file of one of `types`, at most `max` bytes; `why`
    /// tells whoever sends another type.
    pub fn file(mut self, types: &'static [&'static str], why: &'static str, max: usize) -> Self {
        self.route.input = Input::File(types, why);
        self.handler = self.handler.layer(DefaultBodyLimit::max(max));
        self
    }

    /// Reads an Excel workbook of at most `max` bytes.
    pub fn excel(self, max: usize) -> Self {
        self.file(&[crate::xlsx::MIME], "请上传 Excel 文件（.xlsx）", max)
    }

    /// Reads a photo of at most `max` bytes.
    pub fn image(self, max: usize) -> Self {
        self.file(
            &["image/jpeg", "image/png"],
            "请上传 JPEG 或 PNG 格式的照片",
            max,
        )
    }

    /// A write whose path says everything.
    pub fn bodiless(mut self) -> Self {
        self.route.input = Input::None;
        self
    }
}
