//! The frozen package: the spreadsheet in the school's template and the zip of photo folders, made from the snapshot only.

use super::*;

/// The snapshot of a version (default: the current one) the caller may see,
/// with the download audited.
pub(super) async fn frozen(
    st: &AppState,
    cu: &CurrentUser,
    college: &str,
    kind: &str,
    q: &Which,
    what: &str,
) -> Result<SnapshotRecord, ApiError> {
    let kind = kind_of(kind)?;
    visible(cu, college)?;
    let c = campaign_of(st, q.campaign_id.as_deref())?;
    let record = st
        .store
        .submission(&c.id, college, kind)?
        .ok_or(ApiError::NotFound)?;
    let version = q.version.unwrap_or(record.version);
    let snap = st
        .store
        .snapshot(&c.id, college, kind, version)?
        .ok_or(ApiError::NotFound)?;
    st.store.append_audit(&audit_entry(
        st,
        cu,
        "submission.download",
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "version": version, "file": what }),
    ))?;
    st.store.durable().await?;
    Ok(snap)
}

/// The file name of a version's package, without extension.
pub(super) fn package_name(s: &SnapshotRecord) -> String {
    format!(
        "{}{}届{}报送（第{}版）",
        s.college_name,
        s.cohort,
        s.kind.short(),
        s.version
    )
}

/// `GET /submissions/{college}/{kind}/package.zip?version=`: the
/// spreadsheet, the photo folders and the 报送单, all from the snapshot.
pub(super) async fn package(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<Which>,
) -> Result<Response, ApiError> {
    let snap = frozen(&st, &cu, &college, &kind, &q, "package.zip").await?;
    let name = format!("{}.zip", package_name(&snap));
    let store = st.clone();
    let (body, ()) = spool::zip(move |zip| zip_of(&store, &snap, zip)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            attachment("package.zip", &name),
        ],
        body,
    )
        .into_response())
}

/// The sheet of a snapshot: its rows with 序号 1..n.
pub fn sheet_rows(s: &SnapshotRecord) -> Vec<Vec<String>> {
    s.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![(i + 1).to_string()];
            row.extend(r.cells.iter().cloned());
            row
        })
        .collect()
}

/// The package of a snapshot, written into `zip`.
pub(super) fn zip_of(
    st: &AppState,
    s: &SnapshotRecord,
    zip: &mut spool::Zip,
) -> Result<(), ApiError> {
    let internal = spool::internal;
    let io = ApiError::from;
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    let rows = sheet_rows(s);
    let (file, sheet) = match s.kind {
        Kind::Nominations => (
            "汇总表.xlsx",
            xlsx::write_sheet("汇总表", &SUMMARY_COLUMNS, &rows),
        ),
        Kind::Alumni => (
            "校友数据库.xlsx",
            xlsx::write_sheet("校友数据库", &directory::COLUMNS, &rows),
        ),
    };
    zip.start_file(file, stored).map_err(internal)?;
    zip.write_all(&sheet.map_err(ApiError::Internal)?)
        .map_err(io)?;
    for p in &s.photos {
        let bytes = st
            .store
            .submission_file(&p.sha256)?
            .ok_or_else(|| ApiError::Internal(format!("snapshot file {} missing", p.sha256)))?;
        let folder = format!("毕业合影/{}", p.folder);
        zip.add_directory(folder.as_str(), stored)
            .map_err(internal)?;
        zip.start_file(format!("{folder}/{}.{}", p.folder, p.ext), stored)
            .map_err(internal)?;
        zip.write_all(&bytes).map_err(io)?;
        if let Some(list) = &p.names {
            let doc = docx::name_list(&p.title, list).map_err(ApiError::Internal)?;
            zip.start_file(format!("{folder}/{}人员名单.docx", p.folder), stored)
                .map_err(internal)?;
            zip.write_all(&doc).map_err(io)?;
        }
    }
    zip.start_file("报送单.html", deflated).map_err(internal)?;
    zip.write_all(cover_html(st, s)?.as_bytes()).map_err(io)?;
    Ok(())
}
