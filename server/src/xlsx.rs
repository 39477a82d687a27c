//! Reading and writing .xlsx files: one worksheet, every cell as text.
//!
//! Uploaded spreadsheets are untrusted bytes, so reading is bounded by what
//! the template allows before anything is allocated by what the file
//! declares: every part of the archive is really unpacked and counted (a
//! zip bomb or a lying size header is refused), the shared-strings table may
//! not declare more strings than the template has cells, exactly one
//! worksheet is accepted, and its cells are read as a stream, stopping with
//! a row/column reason at the first value outside the template's columns or
//! rows and at the first formula. Numbers that Excel stored for phone or
//! student numbers come back as their digits.
//!
//! Writing stores every cell as a string and neutralises cells that a
//! spreadsheet would take for a formula.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};

/// The MIME type of .xlsx.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What an uploaded file may hold: the template's header and its row limit.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// The header row, exactly; reasons name a column by it.
    pub columns: &'a [&'a str],
    /// Most data rows below the header.
    pub max_rows: usize,
    /// Most bytes the whole archive may unpack to.
    pub max_unpacked: u64,
}

/// Parts an .xlsx of ours has: content types, relationships, workbook,
/// styles, one sheet, shared strings, theme, properties; WPS adds a few.
const MAX_PARTS: usize = 200;
/// Longest text a cell may hold; the templates' longest field is far shorter.
const MAX_CELL_CHARS: usize = 2000;

/// Why a file could not be read, in Chinese for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file as a whole.
    File(String),
    /// One cell: spreadsheet row (header = 1); the template's column name
    /// when the cell is inside the template.
    Cell {
        row: u32,
        column: Option<String>,
        message: String,
    },
}

impl Refusal {
    /// The sentence a person reads first.
    pub fn summary(&self) -> String {
        match self {
            Refusal::File(m) => m.clone(),
            Refusal::Cell {
                row,
                column: Some(c),
                message,
            } => format!("第{row}行“{c}”{message}"),
            Refusal::Cell { row, message, .. } => format!("第{row}行{message}"),
        }
    }
}

fn file<T>(msg: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::File(msg.into()))
}

const NOT_XLSX: &str = "这不是有效的 Excel (.xlsx) 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传";

/// `A`, `B`, … `XFD` for a zero-based column.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The attribute by which a shared-strings table declares its size.
const KEY: &[u8] = b"uniqueCount";

/// The `uniqueCount="N"` values declared in `xml`. calamine reserves that
/// many strings up front, so a 200-byte part could ask for terabytes.
fn declared_counts(xml: &[u8]) -> impl Iterator<Item = u64> + '_ {
    xml.windows(KEY.len())
        .enumerate()
        .filter(|(_, w)| *w == KEY)
        .map(move |(i, _)| {
            let rest = &xml[i + KEY.len()..];
            let rest = rest.trim_ascii_start();
            let rest = rest.strip_prefix(b"=").unwrap_or(rest).trim_ascii_start();
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let rest = rest.strip_prefix(b"+").unwrap_or(rest);
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            // Any number of digits: a value too long for u64 is "too many".
            if digits > 18 {
                u64::MAX
            } else {
                rest[..digits]
                    .iter()
                    .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'))
            }
        })
}

/// Unpacks every part of the archive, counting real bytes (never the sizes
/// the file declares), and refuses what no template-sized file needs.
pub fn check_archive(bytes: &[u8], t: &Template) -> Result<(), Refusal> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return file(
            "这是旧版 Excel (.xls) 文件或设置了打开密码的文件：请取消密码，用 Excel 或 WPS 另存为 .xlsx 后再上传",
        );
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return file(NOT_XLSX);
    };
    if zip.len() > MAX_PARTS {
        return file(format!(
            "文件内部有 {} 个部件，远多于一个表格所需；请把数据复制到新建的表格后再上传",
            zip.len()
        ));
    }
    let too_big = || {
        Refusal::File(format!(
            "文件解压后超过 {} MB，拒绝读取",
            t.max_unpacked / (1024 * 1024)
        ))
    };
    // Unique strings cannot outnumber the cells; generous headroom for
    // strings Excel keeps of cells that were cleared.
    let max_strings = ((t.max_rows + 1) * t.columns.len()) as u64 * 4 + 1024;
    let mut total: u64 = 0;
    // Parts are read in chunks, each searched with the tail of the one
    // before (a declaration may straddle two chunks): memory stays flat.
    let mut buf = vec![0u8; 64 * 1024];
    const CARRY: usize = 64;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return file("文件已损坏或使用了不支持的压缩方式，无法读取");
        };
        let mut kept = 0;
        loop {
            let n = match entry.read(&mut buf[kept..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => return file("文件已损坏，无法读取"),
            };
            total += n as u64;
            if total > t.max_unpacked {
                return Err(too_big());
            }
            let filled = kept + n;
            if let Some(n) = declared_counts(&buf[..filled]).max()
                && n > max_strings
            {
                return file(format!(
                    "文件的文字表声明了 {n} 条文字，超过模板最多可能用到的 {max_strings} 条；请把数据复制到新建的表格后再上传"
                ));
            }
            // Carry the tail, or an unfinished declaration whole: XML allows
            // any whitespace around its `=`, so a fixed tail is not enough.
            let unfinished = buf[..filled]
                .windows(KEY.len())
                .rposition(|w| w == KEY)
                .filter(|&p| !buf[p..filled].contains(&b'>'));
            let from = unfinished.unwrap_or(filled.saturating_sub(CARRY));
            if from == 0 && filled == buf.len() {
                return file("文件内容格式异常，无法读取；请用 Excel 或 WPS 另存为 .xlsx 后再上传");
            }
            kept = filled - from;
            buf.copy_within(from..filled, 0);
        }
    }
    Ok(())
}

/// The text of a cell as a person reads it.
fn text(cell: &DataRef) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        // A number typed into a cell (a phone, a student number): its digits,
        // never `1.38e10` or `13812345678.0`.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        DataRef::DateTime(d) => excel_date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("{e:?}"),
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let base = time::macros::date!(1899 - 12 - 30);
    if !serial.is_finite() || serial.abs() > 3_000_000.0 {
        return serial.to_string();
    }
    base.checked_add(time::Duration::days(serial.floor() as i64))
        .map(crate::clock::iso_date)
        .unwrap_or_else(|| serial.to_string())
}

/// A short quote of a cell's text for a reason.
fn quote(s: &str) -> String {
    let mut q: String = s.chars().take(20).collect();
    if s.chars().nth(20).is_some() {
        q.push('…');
    }
    q
}

/// The rows of the only worksheet of an .xlsx file, as text, from row 1,
/// at most `max_rows + 1` rows of at most `columns.len()` cells.
pub fn read_single_sheet(bytes: &[u8], t: &Template) -> Result<Vec<Vec<String>>, Refusal> {
    check_archive(bytes, t)?;
    // calamine is fed only archives that passed the checks above; should it
    // still trip over a malformed part, the file is broken, not the server.
    std::panic::catch_unwind(|| read_cells(bytes, t))
        .unwrap_or_else(|_| file("文件内容有误，无法读取；请用 Excel 或 WPS 另存为 .xlsx 后再上传"))
}

fn read_cells(bytes: &[u8], t: &Template) -> Result<Vec<Vec<String>>, Refusal> {
    let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) else {
        return file(NOT_XLSX);
    };
    let names = book.sheet_names();
    if names.len() != 1 {
        let mut listed: Vec<String> = names.iter().take(5).cloned().collect();
        if names.len() > 5 {
            listed.push("…".into());
        }
        return file(format!(
            "文件应只有一个工作表，实际有 {} 个（{}）",
            names.len(),
            listed.join("、")
        ));
    }
    let Ok(mut cells) = book.worksheet_cells_reader(&names[0]) else {
        return file("无法读取工作表，请用 Excel 或 WPS 另存为 .xlsx 后再上传");
    };
    let width = t.columns.len();
    let last_row = t.max_rows + 1;
    let mut rows: Vec<Vec<String>> = Vec::new();
    loop {
        let cell = match cells.next_cell_with_formula_metadata() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(_) => {
                return file("工作表内容有误，无法读取；请用 Excel 或 WPS 另存为 .xlsx 后再上传");
            }
        };
        let (r, c) = cell.pos;
        let row = r.saturating_add(1);
        let column = t.columns.get(c as usize).map(|s| (*s).to_owned());
        let at = format!("{}{row}", column_letters(c));
        if cell.formula.is_some() {
            return Err(Refusal::Cell {
                row,
                column: column.clone(),
                message: match column {
                    Some(_) => "是公式，请粘贴为数值".into(),
                    None => format!("第{}列（{at}）是公式，请粘贴为数值", c + 1),
                },
            });
        }
        let value = text(&cell.value);
        if value.trim().is_empty() {
            continue; // formatting without content, anywhere, is harmless
        }
        if c as usize >= width {
            return Err(Refusal::Cell {
                row,
                column: None,
                message: format!(
                    "第{}列（{at}）有内容“{}”，超出模板的 {width} 列（{}）；请删除多余的内容后重新上传",
                    c + 1,
                    quote(&value),
                    t.columns.join(" | ")
                ),
            });
        }
        if row as usize > last_row {
            return Err(Refusal::Cell {
                row,
                column,
                message: format!(
                    "超出最多导入{}行的限制（{at} 有内容）；请删除多余的行或分成几个文件上传",
                    t.max_rows
                ),
            });
        }
        if value.chars().nth(MAX_CELL_CHARS).is_some() {
            return Err(Refusal::Cell {
                row,
                column,
                message: format!("内容过长（超过 {MAX_CELL_CHARS} 字）"),
            });
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = value;
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
///
/// Rows go to a temporary file as they are written (rust_xlsxwriter's low
/// memory mode; strings still go to the shared-strings table, as in Excel's
/// own files), so a 15,000-row alumni export does not hold every cell in
/// memory at once.
pub fn write_sheet(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let ws = book
        .add_worksheet_with_low_memory()
        .map_err(|e| e.to_string())?;
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
mod tests;
