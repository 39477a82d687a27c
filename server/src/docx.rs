//! The Word name list of a graduation photo (SPEC §8): the title, then one
//! line per row (第一排左起：…), teachers' names underlined. A minimal
//! WordprocessingML package that Word and WPS open.

use std::io::Write;

use domain::photos::{NameList, row_label};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str, underline: bool, bold: bool) -> String {
    let mut props = String::from("<w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"SimSun\"/>");
    if bold {
        props.push_str("<w:b/>");
    }
    if underline {
        props.push_str("<w:u w:val=\"single\"/>");
    }
    format!(
        "<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

/// The `document.xml` body.
fn document(title: &str, list: &NameList) -> String {
    let mut body = format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
        run(title, false, true)
    );
    for (i, row) in list.rows.iter().enumerate() {
        let mut p = run(&row_label(i), false, false);
        for (j, person) in row.iter().enumerate() {
            if j > 0 {
                p.push_str(&run("、", false, false));
            }
            p.push_str(&run(&person.name, person.teacher, false));
        }
        body.push_str(&format!("<w:p>{p}</w:p>"));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

pub const MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The .docx file.
pub fn name_list(title: &str, list: &NameList) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("word/document.xml", document(title, list)),
    ] {
        zip.start_file(name, opts).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teachers_are_underlined_and_rows_keep_their_order() {
        let list = NameList::parse("*赵老师 王子涵\n李佳琪").unwrap_or_default();
        let xml = document("标题<&>", &list);
        assert!(xml.contains("标题&lt;&amp;&gt;"));
        let teacher = xml.find("赵老师").unwrap_or(0);
        let underline = xml[..teacher].rfind("<w:u ").unwrap_or(0);
        let run_start = xml[..teacher].rfind("<w:r>").unwrap_or(usize::MAX);
        assert!(underline > run_start, "the teacher's run is underlined");
        let student = xml.find("王子涵").unwrap_or(0);
        let run_start = xml[..student].rfind("<w:r>").unwrap_or(0);
        assert!(!xml[run_start..student].contains("<w:u "));
        assert!(xml.find("第一排左起").unwrap_or(0) < xml.find("第二排左起").unwrap_or(0));
        assert!(name_list("t", &list).is_ok_and(|b| b.starts_with(b"PK")));
    }
}
