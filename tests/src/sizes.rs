//! What each role's browser downloads, read from the built `dist/` (the
//! `.gz` and `.br` copies the server sends): the first load (page, boot
//! script, style, the bundle's main module and loader) and each page chunk.

use std::path::Path;

/// What a classmate's phone downloads to open the class link's page
/// (`/u/`, SPEC §14): the page and its script, gzip (#36).
pub const CLASS_LINK_BUDGET: u64 = 60 * 1024;

/// The class link's page's files, gzip sizes by name.
pub fn class_link_page(dist: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    ["u/index.html", "u/u.js", "favicon.svg"]
        .into_iter()
        .map(|f| {
            let gz = dist.join(format!("{f}.gz"));
            Ok((f.to_owned(), std::fs::metadata(&gz)?.len()))
        })
        .collect()
}

/// The first load of every role must fit in this many gzip bytes (#14).
pub const FIRST_LOAD_BUDGET: u64 = 200 * 1024;

/// One file as served: its path under `dist/`, gzip and brotli bytes.
#[derive(Debug, Clone)]
pub struct Served {
    pub path: String,
    pub gzip: u64,
    pub brotli: u64,
}

/// One page as the loader fetches it: its own module and the chunks of code
/// it shares with other pages.
#[derive(Debug, Clone)]
pub struct Page {
    /// The split point's name (`my_nomination`, `todo`, …).
    pub name: String,
    pub files: Vec<Served>,
}

impl Page {
    pub fn gzip(&self) -> u64 {
        self.files.iter().map(|f| f.gzip).sum()
    }
    pub fn brotli(&self) -> u64 {
        self.files.iter().map(|f| f.brotli).sum()
    }
}

/// Each role's most used page (what the app preloads first; see
/// `app/src/pages/gated.rs`, `preload_all`).
pub fn most_used(role: &str) -> &'static str {
    match role {
        "student" => "my_nomination",
        "admin" => "setup",
        _ => "todo",
    }
}

/// One role's client.
#[derive(Debug, Clone)]
pub struct RoleClient {
    pub role: String,
    /// Everything needed to show the login page and home.
    pub first_load: Vec<Served>,
    /// The pages loaded on first use, the role's most used page first.
    pub pages: Vec<Page>,
    /// Every chunk file of the bundle (page modules and shared code).
    pub chunks: Vec<Served>,
}

impl RoleClient {
    pub fn first_load_gzip(&self) -> u64 {
        self.first_load.iter().map(|f| f.gzip).sum()
    }
    pub fn first_load_brotli(&self) -> u64 {
        self.first_load.iter().map(|f| f.brotli).sum()
    }
}

fn served(dist: &Path, path: &str) -> anyhow::Result<Served> {
    let size = |ext: &str| -> anyhow::Result<u64> {
        let p = dist.join(format!("{path}.{ext}"));
        Ok(std::fs::metadata(&p)
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
            .len())
    };
    Ok(Served {
        path: path.to_owned(),
        gzip: size("gz")?,
        brotli: size("br")?,
    })
}

/// The one file in `dist/assets` whose name starts with `prefix`.
fn asset(dist: &Path, prefix: &str) -> anyhow::Result<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dist.join("assets"))? {
        let name = e?.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) && !name.ends_with(".gz") && !name.ends_with(".br") {
            found.push(name);
        }
    }
    anyhow::ensure!(found.len() == 1, "assets/{prefix}*: {found:?}");
    Ok(format!("assets/{}", found.remove(0)))
}

/// The pages of a bundle from its loader (`__wasm_split.js`, written by
/// wasm-split-cli): for each `__wasm_split_load_<page>` its module file and
/// the `__chunk_<n>` modules it waits for.
fn pages(loader: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Option<String>)> = None;
    for line in loader.lines() {
        if let Some(rest) = line.strip_prefix("export const __wasm_split_load_") {
            let name = rest.split(' ').next().unwrap_or_default();
            let name = name.trim_start_matches('_');
            let name = name.split("_view_").next().unwrap_or(name);
            current = Some((name.to_owned(), None));
        } else if let Some((_, file)) = current.as_mut()
            && file.is_none()
            && let Some(start) = line.find("new URL(\"./")
        {
            let rest = &line[start + 11..];
            *file = rest.split('"').next().map(str::to_owned);
        } else if let Some(deps) = line.strip_prefix(", [")
            && let Some((name, Some(file))) = current.take()
        {
            let mut files = vec![file];
            files.extend(
                deps.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter_map(|d| d.strip_prefix("__chunk_"))
                    .map(|n| format!("chunk_{n}.wasm")),
            );
            out.push((name, files));
        }
    }
    out
}

/// Every role's client in `dist`, from the table the build wrote into the
/// boot script (`role: 'role-hash',`) and each bundle's loader.
pub fn role_clients(dist: &Path) -> anyhow::Result<Vec<RoleClient>> {
    let boot = asset(dist, "boot-")?;
    let style = asset(dist, "style-")?;
    let boot_js = std::fs::read_to_string(dist.join(&boot))?;
    let mut out = Vec::new();
    for role in ["student", "counselor", "dean", "office", "admin"] {
        let start = boot_js
            .find(&format!("\n{role}: '"))
            .ok_or_else(|| anyhow::anyhow!("{role} is not in the boot script"))?;
        let dir = boot_js[start..]
            .split('\'')
            .nth(1)
            .ok_or_else(|| anyhow::anyhow!("{role}: no folder"))?;
        let mut first_load = vec![
            served(dist, "index.html")?,
            served(dist, &boot)?,
            served(dist, &style)?,
        ];
        for f in ["app.js", "__wasm_split.js", "app_bg.wasm"] {
            first_load.push(served(dist, &format!("assets/{dir}/{f}"))?);
        }
        let loader = std::fs::read_to_string(dist.join(format!("assets/{dir}/__wasm_split.js")))?;
        let mut pages = pages(&loader)
            .into_iter()
            .map(|(name, files)| {
                let files = files
                    .iter()
                    .map(|f| served(dist, &format!("assets/{dir}/{f}")))
                    .collect::<anyhow::Result<_>>()?;
                Ok(Page { name, files })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        pages.sort_by_key(|p| (p.name != most_used(role), p.name.clone()));
        let mut chunks = Vec::new();
        for e in std::fs::read_dir(dist.join(format!("assets/{dir}")))? {
            let name = e?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".wasm") && name != "app_bg.wasm" {
                chunks.push(served(dist, &format!("assets/{dir}/{name}"))?);
            }
        }
        chunks.sort_by(|a, b| a.path.cmp(&b.path));
        out.push(RoleClient {
            role: role.to_owned(),
            first_load,
            pages,
            chunks,
        });
    }
    Ok(out)
}
