//! Size budgets of the built client (#14): what a visitor of each role
//! downloads before the login page or home shows.

use tests::sizes::{FIRST_LOAD_BUDGET, role_clients};

#[test]
fn every_role_first_load_fits_the_budget_and_pages_are_chunks() -> anyhow::Result<()> {
    let clients = role_clients(&tests::dist_dir())?;
    let mut over = Vec::new();
    for c in &clients {
        let gzip = c.first_load_gzip();
        println!(
            "{:<10} first load {gzip} B gzip, {} B brotli (budget {FIRST_LOAD_BUDGET}); {} page chunks, most used {:?}",
            c.role,
            c.first_load_brotli(),
            c.chunks.len(),
            c.chunks.first().map(|f| (&f.path, f.gzip)),
        );
        if gzip > FIRST_LOAD_BUDGET {
            over.push(format!("{}: {gzip} B", c.role));
        }
        // The pages are split out: a role's bundle is more than its main module.
        assert!(
            c.chunks.len() >= 3,
            "{}: only {} page chunks",
            c.role,
            c.chunks.len()
        );
    }
    assert!(
        over.is_empty(),
        "first load over {FIRST_LOAD_BUDGET} B gzip: {over:?}"
    );
    Ok(())
}
