//! The checks of an imported class file: the header, every row's cells, the
//! row limit.

use super::*;

/// One checked row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// Spreadsheet row number (header = 1).
    pub row: u32,
    /// The stored form of the row.
    pub fields: EntryFields,
    /// Cells stored differently from how the file wrote them, with the
    /// reason the person is shown.
    pub normalised: Vec<RowError>,
}

/// Checks a class file's rows (row 1 the header): every row's cells against
/// the rules, the row limit. The file is imported only when the reasons are
/// empty. Blank rows are skipped; phones are stored normalised.
pub fn parse_import(rows: &[Vec<String>]) -> (Vec<ImportRow>, Vec<RowError>) {
    let mut errors = Vec::new();
    let Some(header) = rows.first() else {
        return (
            vec![],
            vec![RowError {
                row: 1,
                column: None,
                message: "文件是空的：第一行应为表头".into(),
            }],
        );
    };
    if let Err(e) = check_header(header, &COLUMNS) {
        return (vec![], vec![e]);
    }
    let body: Vec<(u32, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, r)| (i as u32 + 1, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if body.len() > MAX_ROWS {
        return (
            vec![],
            vec![RowError {
                row: 1,
                column: None,
                message: format!("一个班最多导入{MAX_ROWS}行，文件有{}行", body.len()),
            }],
        );
    }
    if body.is_empty() {
        errors.push(RowError {
            row: 2,
            column: None,
            message: "文件中没有数据行".into(),
        });
    }
    let mut good = Vec::new();
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    for (row, cells) in body {
        let mut fields = EntryFields::default();
        let mut ok = true;
        for f in Field::ALL {
            let value = cells.get(f as usize + 1).cloned().unwrap_or_default();
            if let Err(e) = f.check(&value) {
                ok = false;
                errors.push(RowError {
                    row,
                    column: Some(f.column().to_owned()),
                    message: match f.suggest(&value) {
                        Some(s) => format!("{e}（可改为“{s}”）"),
                        None => e.0,
                    },
                });
            }
            f.set(&mut fields, value);
        }
        if !ok {
            continue;
        }
        let written = fields.clone();
        let fields = fields.normalised();
        let normalised = written
            .diff(&fields)
            .into_iter()
            .map(|(f, old, new)| RowError {
                row,
                column: Some(f.column().to_owned()),
                message: format!("“{old}”已按规范保存为“{new}”"),
            })
            .collect();
        let key = (fields.name.clone(), fields.phone.clone());
        if let Some(first) = seen.insert(key, row) {
            errors.push(RowError {
                row,
                column: Some("姓名".into()),
                message: format!("与第{first}行重复（姓名和手机号都相同）"),
            });
            continue;
        }
        good.push(ImportRow {
            row,
            fields,
            normalised,
        });
    }
    (good, errors)
}
