//! Size budgets of the built client (#14): what a visitor of each role
//! downloads before the login page or home shows.

use tests::sizes::{CLASS_LINK_BUDGET, FIRST_LOAD_BUDGET, class_link_page, role_clients};

#[test]
fn every_role_first_load_fits_the_budget_and_pages_are_chunks() -> anyhow::Result<()> {
    let clients = role_clients(&tests::dist_dir())?;
    let mut over = Vec::new();
    for c in &clients {
        let gzip = c.first_load_gzip();
        println!(
            "{:<10} first load {gzip} B gzip, {} B brotli (budget {FIRST_LOAD_BUDGET}); {} pages in {} chunks, most used {:?}",
            c.role,
            c.first_load_brotli(),
            c.pages.len(),
            c.chunks.len(),
            c.pages.first().map(|p| (&p.name, p.gzip())),
        );
        if gzip > FIRST_LOAD_BUDGET {
            over.push(format!("{}: {gzip} B", c.role));
        }
        // The pages are split out, the most used one among them, and every
        // file the loader names is there to be served.
        assert!(
            c.pages.len() >= 3,
            "{}: only {} pages",
            c.role,
            c.pages.len()
        );
        assert_eq!(
            c.pages.first().map(|p| p.name.as_str()),
            Some(tests::sizes::most_used(&c.role))
        );
        let named: std::collections::BTreeSet<&str> = c
            .pages
            .iter()
            .flat_map(|p| p.files.iter().map(|f| f.path.as_str()))
            .collect();
        let present: std::collections::BTreeSet<&str> =
            c.chunks.iter().map(|f| f.path.as_str()).collect();
        assert!(
            named.is_subset(&present),
            "{}: the loader names missing files",
            c.role
        );
    }
    assert!(
        over.is_empty(),
        "first load over {FIRST_LOAD_BUDGET} B gzip: {over:?}"
    );
    Ok(())
}

#[test]
fn the_class_link_page_is_small_and_loads_no_application() -> anyhow::Result<()> {
    let dist = tests::dist_dir();
    let files = class_link_page(&dist)?;
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    println!("class link page {total} B gzip (budget {CLASS_LINK_BUDGET}): {files:?}");
    assert!(total <= CLASS_LINK_BUDGET, "{total} B gzip: {files:?}");
    let page = std::fs::read_to_string(dist.join("u/index.html"))?;
    assert!(
        !page.contains("/assets/") && !page.contains(".wasm"),
        "the page loads nothing of the application"
    );
    Ok(())
}
