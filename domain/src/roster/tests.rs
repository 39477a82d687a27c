use super::*;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn header() -> Vec<String> {
    row(&STUDENT_COLUMNS)
}

fn good() -> Vec<String> {
    row(&[
        "2023110101",
        "王子涵",
        "男",
        "信息工程学院",
        "2023级",
        "计算机科学与技术",
        "1班",
        "本科",
    ])
}

#[test]
fn a_good_student_roster_parses() {
    let (rows, errors) = parse_students(&[header(), good()]);
    assert!(errors.is_empty());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].grade, 2023);
    assert_eq!(rows[0].level, Level::Undergraduate);
    assert_eq!(rows[0].row, 2);
}

#[test]
fn a_swapped_header_is_refused_on_row_one_naming_the_column() {
    let mut h = header();
    h.swap(1, 2);
    let e = parse_students(&[h, good()]).1;
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].row, e[0].column.as_deref()), (1, None));
    assert!(
        e[0].message.contains("第2列表头应为“姓名”"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_missing_column_is_refused() {
    let e = parse_students(&[header()[..7].to_vec(), good()]).1;
    assert!(e[0].message.contains("缺少“层次”列"), "{}", e[0].message);
}

#[test]
fn every_bad_cell_is_named_by_row_and_column() {
    let mut bad = good();
    bad[1] = "王 子涵".into();
    bad[2] = "M".into();
    bad[7] = "硕士".into();
    let (ok, e) = parse_students(&[header(), good(), bad]);
    assert_eq!(ok.len(), 1, "the good row is still returned");
    let named: Vec<(u32, Option<&str>)> = e.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert!(named.contains(&(3, Some("学号"))), "duplicate 学号: {e:?}");
    assert!(named.contains(&(3, Some("姓名"))));
    assert!(named.contains(&(3, Some("性别"))));
    assert!(named.contains(&(3, Some("层次"))));
}

#[test]
fn blank_rows_are_skipped_and_an_empty_file_is_refused() {
    let (rows, _) = parse_students(&[header(), row(&["", " "]), good()]);
    assert_eq!(rows[0].row, 3);
    assert!(!parse_students(&[header()]).1.is_empty());
    assert!(!parse_students(&[]).1.is_empty());
}

#[test]
fn staff_roles_and_scopes_are_checked() {
    let h = row(&STAFF_COLUMNS);
    let dean = row(&["t001", "李院长", "院长", "xx", ""]);
    let counselor = row(&[
        "t002",
        "赵老师",
        "辅导员",
        "",
        "2023级计算机科学与技术1班、2024级软件技术1班",
    ]);
    let (ok, errors) = parse_staff(&[h.clone(), dean, counselor]);
    assert!(errors.is_empty());
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0].role, Role::Dean);
    assert_eq!(ok[1].classes.len(), 2);
    let bad = parse_staff(&[
        h,
        row(&["t003", "钱老师", "辅导员", "", ""]),
        row(&["t004", "孙老师", "学生", "", ""]),
    ])
    .1;
    let named: Vec<(u32, Option<&str>)> =
        bad.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(named, [(2, Some("班级")), (3, Some("角色"))]);
}
