//! What each role's browser downloads, read from the built `dist/` (the
//! `.gz` and `.br` copies the server sends): the first load (page, boot
//! script, style, the bundle's main module and loader) and each page chunk.

use std::path::Path;

/// The first load of every role must fit in this many gzip bytes (#14).
pub const FIRST_LOAD_BUDGET: u64 = 200 * 1024;

/// One file as served: its path under `dist/`, gzip and brotli bytes.
#[derive(Debug, Clone)]
pub struct Served {
    pub path: String,
    pub gzip: u64,
    pub brotli: u64,
}

/// One role's client.
#[derive(Debug, Clone)]
pub struct RoleClient {
    pub role: String,
    /// Everything needed to show the login page and home.
    pub first_load: Vec<Served>,
    /// The page chunks, the role's most used page first (the order the
    /// boot script prefetches them in).
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

/// Every role's client in `dist`, from the table the build wrote into the
/// boot script: `role: ['role-hash', ['chunk.wasm', …]],`.
pub fn role_clients(dist: &Path) -> anyhow::Result<Vec<RoleClient>> {
    let boot = asset(dist, "boot-")?;
    let style = asset(dist, "style-")?;
    let boot_js = std::fs::read_to_string(dist.join(&boot))?;
    let mut out = Vec::new();
    for role in ["student", "counselor", "dean", "office", "admin"] {
        let start = boot_js
            .find(&format!("  {role}: ['"))
            .ok_or_else(|| anyhow::anyhow!("{role} is not in the boot script"))?;
        let line = boot_js[start..].lines().next().unwrap_or_default();
        let quoted: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
        let (dir, chunks) = quoted
            .split_first()
            .ok_or_else(|| anyhow::anyhow!("{role}: no folder in {line}"))?;
        let mut first_load = vec![
            served(dist, "index.html")?,
            served(dist, &boot)?,
            served(dist, &style)?,
        ];
        for f in ["app.js", "__wasm_split.js", "app_bg.wasm"] {
            first_load.push(served(dist, &format!("assets/{dir}/{f}"))?);
        }
        let chunks = chunks
            .iter()
            .map(|c| served(dist, &format!("assets/{dir}/{c}")))
            .collect::<anyhow::Result<_>>()?;
        out.push(RoleClient {
            role: role.to_owned(),
            first_load,
            chunks,
        });
    }
    Ok(out)
}
