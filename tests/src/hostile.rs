//! Hostile spreadsheets, made by the tests themselves: each is a few
//! kilobytes on the wire and attacks one bound of the server's reader (a far
//! cell, a declared or real flood of strings, thousands of sheets, formulas,
//! broken XML, lying sizes, files that are not spreadsheets at all).

use std::io::Write;

use zip::{ZipWriter, write::SimpleFileOptions};

/// One part of an archive.
pub enum Part {
    Bytes(Vec<u8>),
    /// `head`, then `unit` until `len` bytes are written, then `tail`:
    /// a flood that never sits in the test's memory.
    Flood {
        head: &'static [u8],
        unit: &'static [u8],
        len: usize,
        tail: &'static [u8],
    },
}

/// An archive of `parts` (name, bytes), deflated.
pub fn archive(parts: &[(&str, Part)]) -> anyhow::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, part) in parts {
        zip.start_file(*name, opts)?;
        match part {
            Part::Bytes(b) => zip.write_all(b)?,
            Part::Flood {
                head,
                unit,
                len,
                tail,
            } => {
                zip.write_all(head)?;
                let chunk = unit.repeat(4096);
                let mut written = head.len();
                while written < *len {
                    zip.write_all(&chunk)?;
                    written += chunk.len();
                }
                zip.write_all(tail)?;
            }
        }
    }
    Ok(zip.finish()?.into_inner())
}

fn bytes(s: impl Into<Vec<u8>>) -> Part {
    Part::Bytes(s.into())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// `workbook.xml` declaring `sheets` worksheets, all pointing at sheet 1.
fn workbook_xml(sheets: usize) -> String {
    let list: String = (1..=sheets)
        .map(|i| format!(r#"<sheet name="表{i}" sheetId="{i}" r:id="rId1"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#
    )
}

/// A worksheet whose `<sheetData>` holds `rows` (raw XML), declaring `dimension`.
fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// One inline-string cell.
pub fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Row 1: the template's header, as inline strings.
fn header_row(columns: &[&str]) -> String {
    let cells: String = columns
        .iter()
        .enumerate()
        .map(|(i, c)| text_cell(&format!("{}1", letter(i)), c))
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

fn letter(i: usize) -> char {
    char::from(b'A' + i as u8)
}

/// A whole workbook: one sheet with the header of `columns` and `more`
/// rows of raw XML, shared strings `shared`, `sheets` sheets declared.
pub fn workbook(
    columns: &[&str],
    dimension: &str,
    more: &str,
    shared: Option<Part>,
    sheets: usize,
) -> anyhow::Result<Vec<u8>> {
    let rows = format!("{}{more}", header_row(columns));
    let mut parts = vec![
        ("[Content_Types].xml", bytes(CONTENT_TYPES)),
        ("_rels/.rels", bytes(ROOT_RELS)),
        ("xl/workbook.xml", bytes(workbook_xml(sheets))),
        ("xl/_rels/workbook.xml.rels", bytes(WORKBOOK_RELS)),
        (
            "xl/worksheets/sheet1.xml",
            bytes(sheet_xml(dimension, &rows)),
        ),
    ];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s));
    }
    archive(&parts)
}

/// A row of the class-directory template: 序号, 姓名, 性别, 年级专业, 手机号, then `more` cells.
pub fn entry_row(row: u32, name: &str, gender: &str, phone: &str, more: &str) -> String {
    let cells: String = [(1, "A"), (2, "B"), (3, "C"), (4, "D"), (5, "E")]
        .into_iter()
        .zip([
            &(row - 1).to_string(),
            name,
            gender,
            "2023级计算机科学与技术",
            phone,
        ])
        .map(|((_, col), v)| text_cell(&format!("{col}{row}"), v))
        .collect();
    format!(r#"<row r="{row}">{cells}{more}</row>"#)
}

/// Row 2 of a template: every column filled with plausible text.
pub fn plain_row(columns: &[&str], row: u32) -> String {
    let cells: String = (0..columns.len())
        .map(|i| text_cell(&format!("{}{row}", letter(i)), "甲"))
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

/// Sets the uncompressed size recorded for every entry of a zip (local and
/// central headers) to `size`: the archive now lies about what it unpacks to.
pub fn lie_about_sizes(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let bytes = size.to_le_bytes();
    let mut i = 0;
    while i + 4 <= zip.len() {
        match &zip[i..i + 4] {
            // Local file header: uncompressed size at +22.
            b"PK\x03\x04" if i + 26 <= zip.len() => {
                zip[i + 22..i + 26].copy_from_slice(&bytes);
                i += 4;
            }
            // Central directory header: uncompressed size at +24.
            b"PK\x01\x02" if i + 28 <= zip.len() => {
                zip[i + 24..i + 28].copy_from_slice(&bytes);
                i += 4;
            }
            _ => i += 1,
        }
    }
    zip
}

/// Every hostile file for a template of `columns` with at most `max_rows`
/// data rows and `max_unpacked` bytes unpacked: (what it is, its bytes).
/// Each must be refused with a reason, whatever the importer.
pub fn files(
    columns: &[&str],
    max_rows: usize,
    max_unpacked: u64,
) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let n = columns.len();
    let last = letter(n - 1);
    let row2 = plain_row(columns, 2);
    let far = format!(
        r#"{row2}<row r="1048576">{}</row>"#,
        text_cell("XFD1048576", "x")
    );
    let below = max_rows + 10;
    let far_row = format!(
        r#"{row2}<row r="{below}">{}</row>"#,
        text_cell(&format!("A{below}"), "x")
    );
    let declared = || {
        bytes(&br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000000" uniqueCount="4000000000000"><si><t>x</t></si></sst>"#[..])
    };
    // Really more strings than the limit unpacks to: compresses ~1000:1.
    let flood = || {
        Part::Flood {
        head: br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        unit: b"<si><t>x</t></si>",
        len: usize::try_from(max_unpacked).unwrap_or(usize::MAX / 2) + 1024,
        tail: b"</sst>",
    }
    };
    let formula = format!(
        r#"<row r="2">{}<c r="{last}2" t="str"><f>HYPERLINK("http://example.com","主页")</f><v>主页</v></c></row>"#,
        text_cell("A2", "甲")
    );
    let shared_formula = r#"<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="99999999999">ROW()</f><v>2</v></c></row><row r="3"><c r="A3"><f t="shared" si="99999999999"/><v>3</v></c></row>"#;
    let huge_cell = format!(
        r#"<row r="2">{}</row>"#,
        text_cell("A2", &"长".repeat(100_000))
    );
    let broken_xml = {
        let rows = header_row(columns);
        let cut = sheet_xml(
            "A1",
            &format!("{rows}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲"),
        );
        let cut = cut
            .split("</t></is></c></row></sheetData>")
            .next()
            .unwrap_or_default();
        archive(&[
            ("[Content_Types].xml", bytes(CONTENT_TYPES)),
            ("_rels/.rels", bytes(ROOT_RELS)),
            ("xl/workbook.xml", bytes(workbook_xml(1))),
            ("xl/_rels/workbook.xml.rels", bytes(WORKBOOK_RELS)),
            ("xl/worksheets/sheet1.xml", bytes(cut)),
        ])?
    };
    let nested = format!("{}{}", "<x>".repeat(200_000), "</x>".repeat(200_000));
    let names: Vec<String> = (0..400).map(|i| format!("xl/media/p{i}.xml")).collect();
    let many_parts: Vec<(&str, Part)> = names.iter().map(|n| (n.as_str(), bytes("<a/>"))).collect();
    Ok(vec![
        (
            "a value in XFD1048576",
            workbook(columns, "A1:XFD1048576", &far, None, 1)?,
        ),
        (
            "a value below the row limit",
            workbook(columns, "A1", &far_row, None, 1)?,
        ),
        (
            "a shared-strings table declaring 4e12 strings",
            workbook(columns, "A1", &row2, Some(declared()), 1)?,
        ),
        (
            "a shared-strings table unpacking beyond the limit",
            workbook(columns, "A1", &row2, Some(flood()), 1)?,
        ),
        (
            "the same, its headers claiming 10 bytes a part",
            lie_about_sizes(workbook(columns, "A1", &row2, Some(flood()), 1)?, 10),
        ),
        (
            "5000 sheets declared",
            workbook(columns, "A1", &row2, None, 5000)?,
        ),
        (
            "a formula cell",
            workbook(columns, "A1", &formula, None, 1)?,
        ),
        (
            "a shared formula with an absurd index",
            workbook(columns, "A1", shared_formula, None, 1)?,
        ),
        (
            "a cell of 100 000 characters",
            workbook(columns, "A1", &huge_cell, None, 1)?,
        ),
        ("a cut-off worksheet XML", broken_xml),
        (
            "200 000 nested elements",
            workbook(columns, "A1", &nested, None, 1)?,
        ),
        (
            "a cell reference out of any range",
            workbook(
                columns,
                "A1",
                &format!(
                    r#"<row r="2">{}</row>"#,
                    text_cell("ZZZZZZZZ99999999999999", "x")
                ),
                None,
                1,
            )?,
        ),
        ("400 parts", archive(&many_parts)?),
        (
            "a Word document",
            archive(&[("word/document.xml", bytes("<w:document/>"))])?,
        ),
        (
            "an old .xls",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0u8; 504],
            ]
            .concat(),
        ),
        ("a PNG", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("an empty body", Vec::new()),
    ])
}
