//! Graduation photos (毕业合影, SPEC §8): the name list by rows, the names
//! of the class folder and its Word list.

use serde::{Deserialize, Serialize};

use crate::validate;

/// One person in the photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub name: String,
    /// Teachers are underlined in the list.
    #[serde(default)]
    pub teacher: bool,
}

/// The people by row, front row first, each row from the left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NameList {
    pub rows: Vec<Vec<Person>>,
}

/// Most rows and people per row a list may have.
pub const MAX_ROWS: usize = 20;
pub const MAX_PER_ROW: usize = 80;
/// Longest typed list: every row full of long names, and then some.
pub const MAX_TEXT_CHARS: usize = 20_000;

const NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

/// `第一排左起：` for row 0.
pub fn row_label(i: usize) -> String {
    format!("第{}排左起：", NUMERALS.get(i).copied().unwrap_or("?"))
}

impl NameList {
    /// Reads the typed list: one line per row, front row first; names
    /// separated by spaces, `、`, `，` or `,`; a teacher's name starts with
    /// `*` (or `＊`). Blank lines are skipped. The reason names the row.
    pub fn parse(text: &str) -> Result<NameList, String> {
        if text.chars().nth(MAX_TEXT_CHARS).is_some() {
            return Err(format!("名单过长：最多{MAX_TEXT_CHARS}字"));
        }
        let mut rows = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let n = rows.len();
            if n == MAX_ROWS {
                return Err(format!("最多{MAX_ROWS}排"));
            }
            let mut row = Vec::new();
            for word in line
                .split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';'))
                .filter(|w| !w.is_empty())
            {
                let (teacher, name) = match word.strip_prefix(['*', '＊']) {
                    Some(rest) => (true, rest),
                    None => (false, word),
                };
                if row.len() == MAX_PER_ROW {
                    return Err(format!("{}最多{MAX_PER_ROW}人", row_label(n)));
                }
                let name = validate::person_name(name)
                    .map_err(|e| format!("{}“{}”：{}", row_label(n), word, e.0))?;
                row.push(Person { name, teacher });
            }
            if row.is_empty() {
                continue; // a line of separators only, like a blank line
            }
            rows.push(row);
        }
        if rows.is_empty() {
            return Err("请填写名单：每排一行，从左到右".into());
        }
        Ok(NameList { rows })
    }

    /// The list in the typed form [`NameList::parse`] reads.
    pub fn to_text(&self) -> String {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|p| {
                        if p.teacher {
                            format!("*{}", p.name)
                        } else {
                            p.name.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Students' names that are not on `roster` (teachers are not checked).
    pub fn unknown<'a>(&'a self, roster: &[impl AsRef<str>]) -> Vec<&'a str> {
        self.rows
            .iter()
            .flatten()
            .filter(|p| !p.teacher && !roster.iter().any(|r| r.as_ref() == p.name))
            .map(|p| p.name.as_str())
            .collect()
    }
}

fn class_number(class_name: &str) -> &str {
    class_name.trim().trim_end_matches('班')
}

/// The folder and photo name: `2023级计算机科学与技术专业1班级`. It names a
/// folder in a zip, so a character no file name may hold (`/`, `\`, `:`,
/// `*`, `?`, `"`, `<`, `>`, `|`, a control) becomes `_`: a major named
/// `../x` stays one folder inside the archive.
pub fn folder_name(grade: u16, major: &str, class_name: &str) -> String {
    let name = format!("{grade}级{major}专业{}班级", class_number(class_name));
    name.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The list's title: `<学校> <学院> 2023级计算机科学与技术专业1班毕业合影人员名单注(划线者为教师)`.
pub fn title(university: &str, college: &str, grade: u16, major: &str, class_name: &str) -> String {
    format!(
        "{university} {college} {grade}级{major}专业{}班毕业合影人员名单注(划线者为教师)",
        class_number(class_name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_front_first_with_teachers_marked() {
        let l = NameList::parse("*赵老师 王子涵、李佳琪\n\n张天佑，*孙老师").unwrap_or_default();
        assert_eq!(l.rows.len(), 2);
        assert_eq!(
            l.rows[0],
            vec![
                Person {
                    name: "赵老师".into(),
                    teacher: true
                },
                Person {
                    name: "王子涵".into(),
                    teacher: false
                },
                Person {
                    name: "李佳琪".into(),
                    teacher: false
                },
            ]
        );
        assert!(l.rows[1][1].teacher);
        assert_eq!(NameList::parse(&l.to_text()), Ok(l));
    }

    #[test]
    fn a_line_of_separators_only_is_not_a_row() {
        // Found by the property test: ";" alone gave a list of one empty row.
        assert!(NameList::parse("；、,").is_err());
        let list = NameList::parse("张三 李四\n ， \n王五").unwrap_or_default();
        assert_eq!(list.rows.len(), 2);
    }

    #[test]
    fn a_bad_name_is_refused_naming_the_row() {
        assert_eq!(
            NameList::parse("王子涵\n李佳琪 张天佑!"),
            Err("第二排左起：“张天佑!”：姓名中不能有标点符号".into())
        );
        assert!(NameList::parse("  \n").is_err());
    }

    #[test]
    fn names_not_on_the_roster_are_flagged_teachers_are_not() {
        let l = NameList::parse("*赵老师 王子涵 王梓涵").unwrap_or_default();
        let roster = vec!["王子涵".to_owned()];
        assert_eq!(l.unknown(&roster), vec!["王梓涵"]);
    }

    #[test]
    fn folder_and_title_follow_the_template() {
        assert_eq!(
            folder_name(2023, "计算机科学与技术", "1班"),
            "2023级计算机科学与技术专业1班级"
        );
        assert_eq!(
            title("示例大学", "信息工程学院", 2023, "计算机科学与技术", "1班"),
            "示例大学 信息工程学院 2023级计算机科学与技术专业1班毕业合影人员名单注(划线者为教师)"
        );
        let odd = folder_name(2023, "../../etc", "1/2班");
        assert_eq!(odd, "2023级.._.._etc专业1_2班级");
        assert!(!odd.contains('/') && !odd.contains('\\'));
        assert_eq!(row_label(0), "第一排左起：");
        assert_eq!(row_label(11), "第十二排左起：");
    }
}
