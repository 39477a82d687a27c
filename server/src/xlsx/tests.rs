use super::*;

const TWO: Template = Template {
    columns: &["手机号", "备注"],
    max_rows: 10,
    max_unpacked: 1 << 20,
};

#[test]
fn a_written_sheet_reads_back_as_text() -> Result<(), String> {
    let rows = vec![
        vec!["13812345678".to_owned(), "=SUM(A1)".to_owned()],
        vec!["0012".to_owned(), "张三".to_owned()],
    ];
    let bytes = write_sheet("名单", &["手机号", "备注"], &rows)?;
    let back = read_single_sheet(&bytes, &TWO).map_err(|e| e.summary())?;
    assert_eq!(back[0], ["手机号", "备注"]);
    assert_eq!(back[1], ["13812345678", "'=SUM(A1)"]);
    assert_eq!(back[2], ["0012", "张三"], "leading zeros survive as text");
    Ok(())
}

/// Written row by row (low memory mode), the file is still what Excel
/// writes and the school's importer reads: text in the shared-strings
/// table, not inline strings, and every row present.
#[test]
fn a_written_sheet_keeps_its_strings_shared() -> Result<(), String> {
    let rows: Vec<Vec<String>> = (0..300)
        .map(|i| vec![format!("1381234{i:04}"), "同班".to_owned()])
        .collect();
    let bytes = write_sheet("名单", &["手机号", "备注"], &rows)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut part = |name: &str| -> Result<String, String> {
        let mut text = String::new();
        zip.by_name(name)
            .map_err(|e| format!("{name}: {e}"))?
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        Ok(text)
    };
    let sheet = part("xl/worksheets/sheet1.xml")?;
    let strings = part("xl/sharedStrings.xml")?;
    assert!(!sheet.contains("inlineStr"), "no inline strings");
    assert_eq!(
        sheet.matches("t=\"s\"").count(),
        2 * 301,
        "every cell shared"
    );
    assert!(sheet.contains("<row r=\"301\""), "the last row is there");
    assert!(strings.contains("13812340299") && strings.contains("同班"));
    Ok(())
}

#[test]
fn a_text_file_or_an_old_xls_is_not_an_xlsx() {
    let e = read_single_sheet(b"hello, world", &TWO).err();
    assert!(e.is_some_and(|e| e.summary().contains(".xlsx")));
    let e = read_single_sheet(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], &TWO);
    assert!(e.is_err_and(|e| e.summary().contains(".xls")));
}

#[test]
fn an_archive_that_unpacks_too_large_is_refused_before_reading() -> Result<(), String> {
    let rows: Vec<Vec<String>> = (0..2000)
        .map(|i| vec!["x".repeat(200), i.to_string()])
        .collect();
    let bytes = write_sheet("大", &["a", "b"], &rows)?;
    assert!(bytes.len() < 200_000, "compresses well: {}", bytes.len());
    let small = Template {
        max_unpacked: 100_000,
        max_rows: 5000,
        ..TWO
    };
    let e = read_single_sheet(&bytes, &small).err();
    assert!(e.is_some_and(|e| e.summary().contains("解压后")));
    Ok(())
}

#[test]
fn a_value_right_of_the_template_is_refused_with_its_cell() -> Result<(), String> {
    let rows = vec![vec![
        "13812345678".to_owned(),
        "".to_owned(),
        "多余".to_owned(),
    ]];
    let bytes = write_sheet("名单", &["手机号", "备注"], &rows)?;
    let e = read_single_sheet(&bytes, &TWO).err();
    let Some(Refusal::Cell {
        row,
        column,
        message,
    }) = e
    else {
        return Err(format!("{e:?}"));
    };
    assert_eq!((row, column), (2, None));
    assert!(
        message.contains("C2") && message.contains("多余"),
        "{message}"
    );
    Ok(())
}

#[test]
fn a_value_below_the_row_limit_is_refused_with_its_row() -> Result<(), String> {
    let rows: Vec<Vec<String>> = (0..12).map(|i| vec![i.to_string()]).collect();
    let bytes = write_sheet("名单", &["手机号", "备注"], &rows)?;
    let e = read_single_sheet(&bytes, &TWO).err();
    let Some(Refusal::Cell { row, column, .. }) = e else {
        return Err(format!("{e:?}"));
    };
    assert_eq!((row, column.as_deref()), (12, Some("手机号")));
    Ok(())
}

#[test]
fn a_formula_is_refused_with_its_row_and_column() -> Result<(), String> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "手机号").map_err(|e| e.to_string())?;
    ws.write_string(0, 1, "备注").map_err(|e| e.to_string())?;
    ws.write_string(1, 0, "13812345678")
        .map_err(|e| e.to_string())?;
    ws.write_formula(2, 1, "=HYPERLINK(\"http://example.com\",\"主页\")")
        .map_err(|e| e.to_string())?;
    let bytes = book.save_to_buffer().map_err(|e| e.to_string())?;
    let e = read_single_sheet(&bytes, &TWO).err().ok_or("accepted")?;
    assert_eq!(e.summary(), "第3行“备注”是公式，请粘贴为数值");
    Ok(())
}

#[test]
fn column_letters_run_to_xfd() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(16383), "XFD");
}

#[test]
fn declared_string_counts_are_found_however_written() {
    let xml = br#"<sst count="3" uniqueCount = '99999999999999999999'>"#;
    assert_eq!(declared_counts(xml).collect::<Vec<_>>(), [u64::MAX]);
    assert_eq!(
        declared_counts(b"<x:sst uniqueCount=\"+12\">").max(),
        Some(12)
    );
    assert_eq!(declared_counts(b"<sst>").max(), None);
}

#[test]
fn a_declaration_padded_across_chunks_is_still_refused() -> Result<(), String> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("xl/sharedStrings.xml", opts)
        .map_err(|e| e.to_string())?;
    let padded = format!(
        "<sst uniqueCount{}=\"999999999999\"><si><t>x</t></si></sst>",
        " ".repeat(70_000)
    );
    zip.write_all(padded.as_bytes())
        .map_err(|e| e.to_string())?;
    let bytes = zip.finish().map_err(|e| e.to_string())?.into_inner();
    let e = check_archive(&bytes, &TWO).err().ok_or("accepted")?;
    assert!(
        e.summary().contains("异常") || e.summary().contains("声明"),
        "{e:?}"
    );
    Ok(())
}

#[test]
fn excel_date_serials_become_iso_dates() {
    assert_eq!(excel_date(45413.0), "2024-05-01");
    assert!(
        excel_date(1e300).starts_with("1000"),
        "an absurd serial stays a number"
    );
    assert_eq!(excel_date(f64::NAN), "NaN");
}

#[test]
fn formula_like_cells_are_neutralised() {
    for s in ["=1+1", "+86", "-1", "@cmd"] {
        assert!(neutralise(s).starts_with('\''));
    }
    assert_eq!(neutralise("张三"), "张三");
}
