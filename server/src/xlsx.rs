//! Reading and writing .xlsx files: one worksheet, every cell as text.
//!
//! Reading checks the archive's unpacked size before calamine sees it (a zip
//! bomb is refused), insists on exactly one worksheet, and turns numbers that
//! Excel stored for phone numbers or student numbers back into their digits.
//! Writing stores every cell as a string and neutralises cells that a
//! spreadsheet would take for a formula.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

/// The MIME type of .xlsx.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Why a file could not be read, in Chinese for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(pub String);

fn fail<T>(msg: impl Into<String>) -> Result<T, FileError> {
    Err(FileError(msg.into()))
}

/// Refuses archives that are not zip files or unpack to more than `max_unpacked` bytes.
pub fn check_archive(bytes: &[u8], max_unpacked: u64) -> Result<(), FileError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return fail("这不是有效的 Excel (.xlsx) 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传");
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            return fail("文件已损坏，无法读取");
        };
        total = total.saturating_add(entry.size());
        if total > max_unpacked {
            return fail(format!(
                "文件解压后超过 {} MB，拒绝读取",
                max_unpacked / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// The text of a cell as a person reads it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A number typed into a cell (a phone, a student number): its digits,
        // never `1.38e10` or `13812345678.0`.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let base = time::macros::date!(1899 - 12 - 30);
    base.checked_add(time::Duration::days(serial.floor() as i64))
        .map(crate::clock::iso_date)
        .unwrap_or_else(|| serial.to_string())
}

/// The rows of the only worksheet of an .xlsx file, as text, from row 1.
pub fn read_single_sheet(bytes: &[u8], max_unpacked: u64) -> Result<Vec<Vec<String>>, FileError> {
    check_archive(bytes, max_unpacked)?;
    let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) else {
        return fail("这不是有效的 Excel (.xlsx) 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传");
    };
    let names = book.sheet_names();
    if names.len() != 1 {
        return fail(format!(
            "文件应只有一个工作表，实际有 {} 个（{}）",
            names.len(),
            names.join("、")
        ));
    }
    let range = book
        .worksheet_range(&names[0])
        .or_else(|_| fail("无法读取工作表"))?;
    // Rows are numbered from the sheet's first row, even if it starts lower.
    let offset = range.start().map_or(0, |(r, _)| r as usize);
    let col_offset = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows = vec![Vec::new(); offset];
    for r in range.rows() {
        let mut cells = vec![String::new(); col_offset];
        cells.extend(r.iter().map(text));
        rows.push(cells);
    }
    Ok(rows)
}

/// A cell a spreadsheet would take for a formula gets a leading apostrophe.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// One worksheet named `sheet`, a bold header row, every cell text.
pub fn write_sheet(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
        ws.set_column_format(c as u16, &text)
            .map_err(|e| e.to_string())?;
        ws.set_column_width(c as u16, 16)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(r as u32 + 1, c as u16, neutralise(v), &text)
                .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_sheet_reads_back_as_text() -> Result<(), String> {
        let rows = vec![
            vec!["13812345678".to_owned(), "=SUM(A1)".to_owned()],
            vec!["0012".to_owned(), "张三".to_owned()],
        ];
        let bytes = write_sheet("名单", &["手机号", "备注"], &rows)?;
        let back = read_single_sheet(&bytes, 1 << 20).map_err(|e| e.0)?;
        assert_eq!(back[0], ["手机号", "备注"]);
        assert_eq!(back[1], ["13812345678", "'=SUM(A1)"]);
        assert_eq!(back[2], ["0012", "张三"], "leading zeros survive as text");
        Ok(())
    }

    #[test]
    fn a_text_file_is_not_an_xlsx() {
        let e = read_single_sheet(b"hello, world", 1 << 20).err();
        assert!(e.is_some_and(|e| e.0.contains(".xlsx")));
    }

    #[test]
    fn an_archive_that_unpacks_too_large_is_refused_before_reading() -> Result<(), String> {
        let rows: Vec<Vec<String>> = (0..2000)
            .map(|i| vec!["x".repeat(200), i.to_string()])
            .collect();
        let bytes = write_sheet("大", &["a", "b"], &rows)?;
        assert!(bytes.len() < 200_000, "compresses well: {}", bytes.len());
        let e = read_single_sheet(&bytes, 100_000).err();
        assert!(e.is_some_and(|e| e.0.contains("解压后")));
        Ok(())
    }

    #[test]
    fn excel_date_serials_become_iso_dates() {
        assert_eq!(excel_date(45413.0), "2024-05-01");
    }

    #[test]
    fn formula_like_cells_are_neutralised() {
        for s in ["=1+1", "+86", "-1", "@cmd"] {
            assert!(neutralise(s).starts_with('\''));
        }
        assert_eq!(neutralise("张三"), "张三");
    }
}
