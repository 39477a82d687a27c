//! The addresses of files the browser downloads or shows as they are.

use super::*;

/// A duty-log entry's photo.
pub fn log_photo_url(liaison: &str, entry: &str, photo: &str) -> String {
    url(&format!("/liaisons/{liaison}/log/{entry}/photos/{photo}"))
}

/// The duty-log statistics workbook.
pub fn duty_summary_xlsx_url() -> String {
    url("/duty-log/summary.xlsx")
}

/// A class's graduation photo; `version` changes after an upload.
pub fn class_photo_url(class: &str, version: u32) -> String {
    url(&format!("/classes/{class}/photo/image?v={version}"))
}

/// The Word list of who is in a class's photo.
pub fn photo_names_docx_url(class: &str) -> String {
    url(&format!("/classes/{class}/photo/names.docx"))
}

/// The 汇总表 workbook of a college (all colleges when empty).
pub fn summary_xlsx_url(college: &str) -> String {
    url(&format!("/exports/summary.xlsx?college={college}"))
}

/// A college's graduation photos, one folder per class.
pub fn photos_zip_url(college: &str) -> String {
    url(&format!("/exports/photos.zip?college={college}"))
}

/// Which classes an alumni-database export holds.
pub enum Alumni<'a> {
    Class(&'a str),
    College(&'a str),
    School,
}

/// The alumni database in the school's template.
pub fn alumni_xlsx_url(of: Alumni) -> String {
    match of {
        Alumni::Class(id) => url(&format!("/exports/alumni.xlsx?class_id={id}")),
        Alumni::College(code) => url(&format!("/exports/alumni.xlsx?college={code}")),
        Alumni::School => url("/exports/alumni.xlsx"),
    }
}

/// A month (`YYYY-MM`) of the audit log as CSV.
pub fn audit_export_url(month: &str) -> String {
    url(&format!("/audit/export?month={month}"))
}
