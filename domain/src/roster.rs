//! Rosters imported from Excel by the admin (SPEC §2): the templates, and the
//! checks of every row. A file with any bad row is refused whole.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::{
    Role,
    org::Level,
    validate::{self, FieldError},
};

/// The student roster's columns, in order.
pub const STUDENT_COLUMNS: [&str; 8] = [
    "学号", "姓名", "性别", "学院", "年级", "专业", "班级", "层次",
];

/// The staff roster's columns, in order. 学院 names a dean's college; 班级
/// lists a counselor's classes (display names, separated by `、`, `,` or `;`).
pub const STAFF_COLUMNS: [&str; 5] = ["工号", "姓名", "角色", "学院", "班级"];

/// Most rows one roster file may hold.
pub const MAX_ROWS: usize = 5000;

/// Days a one-time password (from an import or a reset) signs in before it
/// has to be regenerated.
pub const ONETIME_VALID_DAYS: i64 = 30;

/// [`ONETIME_VALID_DAYS`] in seconds.
pub const ONETIME_VALID_SECS: i64 = ONETIME_VALID_DAYS * 24 * 3600;

/// One checked student row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRow {
    /// Spreadsheet row number (header = 1).
    pub row: u32,
    pub student_no: String,
    pub name: String,
    pub gender: String,
    /// As typed: a college code or name; the server resolves it.
    pub college: String,
    pub grade: u16,
    pub major: String,
    pub class_name: String,
    pub level: Level,
}

/// One checked staff row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub row: u32,
    pub staff_no: String,
    pub name: String,
    pub role: Role,
    pub college: String,
    pub classes: Vec<String>,
}

/// One row-level reason of a rejected spreadsheet import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowError {
    /// Spreadsheet row number; the header is row 1.
    pub row: u32,
    /// The column's header, or `None` for a whole-row or whole-file reason.
    pub column: Option<String>,
    pub message: String,
}

fn row_error(row: u32, column: Option<&str>, message: impl Into<String>) -> RowError {
    RowError {
        row,
        column: column.map(str::to_owned),
        message: message.into(),
    }
}

/// Checks that the first row is exactly `columns`; a reason names the first
/// column that differs.
pub fn check_header(header: &[String], columns: &[&str]) -> Result<(), RowError> {
    let header: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    let trimmed = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    if header[..trimmed] == *columns {
        return Ok(());
    }
    let expected = columns.join(" | ");
    for (i, want) in columns.iter().enumerate() {
        match header.get(i) {
            Some(got) if got == want => {}
            Some(&"") => {
                return Err(row_error(
                    1,
                    None,
                    format!("第{}列缺少表头“{want}”，模板应为：{expected}", i + 1),
                ));
            }
            Some(got) => {
                return Err(row_error(
                    1,
                    None,
                    format!(
                        "第{}列表头应为“{want}”，实际为“{got}”；模板应为：{expected}",
                        i + 1
                    ),
                ));
            }
            None => {
                return Err(row_error(
                    1,
                    None,
                    format!("缺少“{want}”列，模板应为：{expected}"),
                ));
            }
        }
    }
    Err(row_error(
        1,
        None,
        format!("表头有多余的列，模板应为：{expected}"),
    ))
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map(|s| s.trim()).unwrap_or("")
}

fn required<'a>(errors: &mut Vec<RowError>, row: u32, column: &str, value: &'a str) -> &'a str {
    if value.is_empty() {
        errors.push(row_error(row, Some(column), format!("请填写{column}")));
    }
    value
}

/// A year of entry: `2023` or `2023级`.
fn grade(value: &str) -> Result<u16, FieldError> {
    value
        .trim_end_matches('级')
        .parse::<u16>()
        .ok()
        .filter(|g| (2000..=2100).contains(g))
        .ok_or_else(|| FieldError("年级应为入学年份，例如 2023 或 2023级".into()))
}

fn level(value: &str) -> Result<Level, FieldError> {
    match value {
        "本科" => Ok(Level::Undergraduate),
        "专科" | "高职" => Ok(Level::Associate),
        _ => Err(FieldError("层次只能是“本科”或“专科”".into())),
    }
}

/// The good rows of a file and the reasons against the others. A file is
/// imported only when `errors` is empty — after the server has added its own
/// reasons (unknown college, taken number) for the good rows.
pub type Checked<T> = (Vec<T>, Vec<RowError>);

/// Checks every data row of a student roster (`rows[0]` is the header).
pub fn parse_students(rows: &[Vec<String>]) -> Checked<StudentRow> {
    let Some(header) = rows.first() else {
        return (vec![], vec![row_error(1, None, "文件是空的")]);
    };
    if let Err(e) = check_header(header, &STUDENT_COLUMNS) {
        return (vec![], vec![e]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        let row = i as u32 + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let no = required(&mut errors, row, "学号", cell(cells, 0));
        let student_no = match validate::username(no) {
            Ok(n) if !no.is_empty() => {
                if !seen.insert(n.clone()) {
                    errors.push(row_error(
                        row,
                        Some("学号"),
                        format!("学号 {n} 在文件中重复出现"),
                    ));
                }
                n
            }
            Ok(n) => n,
            Err(_) => {
                errors.push(row_error(row, Some("学号"), "学号只能包含字母和数字"));
                String::new()
            }
        };
        let mut check = |column: &str, r: Result<String, FieldError>| match r {
            Ok(v) => v,
            Err(e) => {
                errors.push(row_error(row, Some(column), e.0));
                String::new()
            }
        };
        let name = check("姓名", validate::person_name(cell(cells, 1)));
        let gender = check("性别", validate::gender(cell(cells, 2)));
        let college = required(&mut errors, row, "学院", cell(cells, 3)).to_owned();
        let grade =
            grade(cell(cells, 4)).map_err(|e| errors.push(row_error(row, Some("年级"), e.0)));
        let major = required(&mut errors, row, "专业", cell(cells, 5)).to_owned();
        let class_name = required(&mut errors, row, "班级", cell(cells, 6)).to_owned();
        let level =
            level(cell(cells, 7)).map_err(|e| errors.push(row_error(row, Some("层次"), e.0)));
        if errors.len() == before
            && let (Ok(grade), Ok(level)) = (grade, level)
        {
            out.push(StudentRow {
                row,
                student_no,
                name,
                gender,
                college,
                grade,
                major,
                class_name,
                level,
            });
        }
    }
    if rows.len() - 1 > MAX_ROWS {
        errors.insert(0, row_error(1, None, format!("一次最多导入{MAX_ROWS}行")));
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(row_error(2, None, "文件中没有数据行"));
    }
    (out, errors)
}

/// Checks every data row of a staff roster.
pub fn parse_staff(rows: &[Vec<String>]) -> Checked<StaffRow> {
    let Some(header) = rows.first() else {
        return (vec![], vec![row_error(1, None, "文件是空的")]);
    };
    if let Err(e) = check_header(header, &STAFF_COLUMNS) {
        return (vec![], vec![e]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        let row = i as u32 + 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let no = required(&mut errors, row, "工号", cell(cells, 0));
        let staff_no = validate::username(no).unwrap_or_else(|e| {
            if !no.is_empty() {
                errors.push(row_error(row, Some("工号"), e.0));
            }
            String::new()
        });
        if !staff_no.is_empty() && !seen.insert(staff_no.clone()) {
            errors.push(row_error(
                row,
                Some("工号"),
                format!("工号 {staff_no} 在文件中重复出现"),
            ));
        }
        let name = validate::person_name(cell(cells, 1)).unwrap_or_else(|e| {
            errors.push(row_error(row, Some("姓名"), e.0));
            String::new()
        });
        let role = match cell(cells, 2) {
            "院长" | "副院长" | "学院领导" | "分管学生工作的院领导" => {
                Some(Role::Dean)
            }
            other => Role::parse(other).filter(|r| *r != Role::Student),
        };
        if role.is_none() {
            errors.push(row_error(
                row,
                Some("角色"),
                "角色应为：辅导员、学院领导、校友办或管理员",
            ));
        }
        let college = cell(cells, 3).to_owned();
        let classes: Vec<String> = cell(cells, 4)
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if role == Some(Role::Dean) && college.is_empty() {
            errors.push(row_error(row, Some("学院"), "学院领导须填写所在学院"));
        }
        if role == Some(Role::Counselor) && classes.is_empty() {
            errors.push(row_error(
                row,
                Some("班级"),
                "辅导员须填写所带班级，例如 2023级工程管理1班",
            ));
        }
        if errors.len() == before
            && let Some(role) = role
        {
            out.push(StaffRow {
                row,
                staff_no,
                name,
                role,
                college,
                classes,
            });
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(row_error(2, None, "文件中没有数据行"));
    }
    (out, errors)
}

#[cfg(test)]
mod tests;
