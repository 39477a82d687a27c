//! The client is served with an SPA fallback, caching and compression; the
//! API's unknown paths are JSON 404s; the OpenAPI document lists every route.

use reqwest::StatusCode;
use tests::{TestApp, dist_dir, json};

#[tokio::test]
async fn a_deep_client_route_returns_the_app_shell() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for path in ["/", "/login", "/todo", "/some/deep/route?x=1"] {
        let res = reqwest::get(app.url(path)).await?;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-cache")
        );
        let csp = res
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let html = res.text().await?;
        assert!(
            html.contains("校友联络员") && html.contains("/assets/boot-"),
            "{path}: {html}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_compressed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // The main module of the student's bundle (each role has a folder).
    let wasm = tests::sizes::role_clients(&dist_dir())?
        .into_iter()
        .flat_map(|c| c.first_load)
        .map(|f| f.path)
        .find(|p| p.ends_with(".wasm"))
        .and_then(|p| p.strip_prefix("assets/").map(str::to_owned))
        .ok_or_else(|| anyhow::anyhow!("no wasm in dist/assets: build the client first"))?;
    let res = reqwest::Client::new()
        .get(app.url(&format!("/assets/{wasm}")))
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(
        h.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        h.get("content-encoding").and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    assert_eq!(
        h.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/wasm")
    );
    // Browsers that take brotli get the smaller .br copy the build made.
    let br = reqwest::Client::new()
        .get(app.url(&format!("/assets/{wasm}")))
        .header("accept-encoding", "br, gzip")
        .send()
        .await?;
    assert_eq!(
        br.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
    let br_len = br.bytes().await?.len() as u64;
    let gz_len = std::fs::metadata(dist_dir().join(format!("assets/{wasm}.gz")))?.len();
    assert!(br_len < gz_len, "brotli {br_len} B, gzip {gz_len} B");
    let missing = reqwest::get(app.url("/assets/app-000000.js")).await?;
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "a missing asset must not get index.html"
    );
    Ok(())
}

#[tokio::test]
async fn api_responses_are_compressed_when_asked() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let res = reqwest::Client::new()
        .get(app.api("/openapi.json"))
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    Ok(())
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for path in ["/api/v1/nothing", "/api/v2/me", "/api"] {
        let res = reqwest::get(app.url(path)).await?;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(json(res).await?["error"]["code"], "not_found");
    }
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_lists_routes_that_all_exist() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let doc = json(reqwest::get(app.api("/openapi.json")).await?).await?;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for server::routes::Route { method, path, .. } in server::routes::table() {
        let item = &paths.get(&format!("/api/v1{path}"));
        assert!(
            item.is_some_and(|p| p.get(method).is_some()),
            "{method} {path} missing from the document"
        );
    }
    let c = reqwest::Client::new();
    let mut checked = 0;
    for (path, item) in &paths {
        for method in item
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let url = app.url(&path.replace(['{', '}'], ""));
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())?;
            let res = c.request(m, &url).send().await?;
            assert!(
                res.headers().get("x-liaison-route").is_none(),
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                res.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(checked >= server::routes::table().len());
    Ok(())
}

/// Every route of the API is declared once, in its resource's `endpoints()`,
/// from which the router and the OpenAPI document are both built: no file
/// under `routes/` adds a route or a method router any other way.
#[test]
fn the_api_router_is_built_only_from_the_endpoint_tables() -> anyhow::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/routes");
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(d)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 30, "only {} route files found", files.len());
    let mut routed = Vec::new();
    for file in files {
        let src = std::fs::read_to_string(&file)?;
        let name = file.strip_prefix(&dir)?.display().to_string();
        if name != "endpoint.rs" {
            assert!(!src.contains("routing::"), "{name} builds a method router");
        }
        for _ in src.matches(".route(") {
            routed.push(name.clone());
        }
    }
    assert_eq!(routed, ["mod.rs"], "routes are added only from the tables");
    Ok(())
}
