use super::*;

fn ok_fields() -> EntryFields {
    EntryFields {
        name: "王伟".into(),
        gender: "女".into(),
        grade_major: "2023级计算机科学与技术".into(),
        phone: "13010000000".into(),
        wechat: "wx_130-1".into(),
        email: "user0@example.com".into(),
        employer: "西安某某科技有限公司".into(),
        position: "工程师".into(),
        address: "陕西省西安市雁塔区科技路10号3-201".into(),
    }
}

#[test]
fn a_good_entry_passes_and_is_complete() {
    assert_eq!(ok_fields().check(), FieldErrors::new());
    assert!(ok_fields().is_complete());
}

#[test]
fn required_cells_are_named() {
    let errors = EntryFields::default().check();
    for key in ["name", "gender", "grade_major", "phone"] {
        assert!(errors.contains_key(key), "{key}");
    }
    assert!(!errors.contains_key("email"));
}

#[test]
fn each_rule_has_a_chinese_reason() {
    let cases = [
        (Field::Name, "张 三", "姓名中不能有空格"),
        (Field::Name, " 张三", "姓名前后有空格"),
        (Field::Gender, "M", "性别只能是“男”或“女”"),
        (Field::Phone, "1381234567", "手机号应为11位数字"),
        (Field::Phone, "23812345678", "手机号应以13–19开头"),
        (
            Field::Email,
            "user1@",
            "邮箱格式不正确，例如 name@example.com",
        ),
        (
            Field::Employer,
            "西安某某公司，研发部",
            "工作单位中不能有标点符号（，）",
        ),
        (
            Field::Address,
            "科技路１０号",
            "身份证住址中有全角字母或数字",
        ),
        (Field::Wechat, "wx 1", "微信号中不能有空格"),
        (Field::Position, "工程师!", "职务中不能有标点符号（!）"),
        (Field::Wechat, "-wx1", "微信号不能以 = + - @ 开头"),
        (Field::Address, "-3号", "身份证住址不能以 = + - @ 开头"),
    ];
    for (f, v, msg) in cases {
        assert_eq!(
            f.check(v).map_err(|e| e.0),
            Err(msg.to_owned()),
            "{f:?} {v}"
        );
    }
}

#[test]
fn structural_characters_a_field_needs_are_allowed() {
    assert!(Field::Email.check("first.last@mail.example.com").is_ok());
    assert!(Field::Wechat.check("wx_a-b").is_ok());
    assert!(Field::Address.check("科技路1号3-201").is_ok());
    assert!(Field::Employer.check("Acme Robotics").is_ok());
    assert!(Field::Employer.check("Acme-Robotics").is_err());
}

#[test]
fn the_written_form_of_a_phone_is_normalised_not_refused() {
    for typed in ["138-1234-5679", "１３８１２３４５６７９", "138 1234 5679"] {
        assert!(Field::Phone.check(typed).is_ok(), "{typed}");
        let f = EntryFields {
            phone: typed.into(),
            ..ok_fields()
        };
        assert_eq!(f.normalised().phone, "13812345679");
        assert_eq!(Field::Phone.suggest(typed).as_deref(), Some("13812345679"));
    }
    assert_eq!(Field::Phone.suggest("13812345679"), None);
}

#[test]
fn suggestions_repair_what_cleaning_can_and_never_for_good_values() {
    let cases = [
        (Field::Name, " 张三 ", Some("张三")),
        (Field::Name, "张 三", Some("张三")),
        (
            Field::Employer,
            "西安某某公司，研发部",
            Some("西安某某公司研发部"),
        ),
        (Field::Employer, "  Acme   Robotics ", Some("Acme Robotics")),
        (Field::Address, "科技路１０号", Some("科技路10号")),
        (
            Field::Email,
            "ＵＳＥＲ＠example.com",
            Some("user@example.com"),
        ),
        (Field::Gender, "M", None),
        (Field::Phone, "1381234567", None),
        (Field::Employer, "西安某某科技有限公司", None),
    ];
    for (f, v, want) in cases {
        assert_eq!(f.suggest(v).as_deref(), want, "{f:?} {v}");
    }
}

#[test]
fn withheld_contacts_show_a_masked_phone_and_no_address() {
    let mut f = EntryFields {
        name: "张三".into(),
        phone: "13812345678".into(),
        wechat: "wx13812345678".into(),
        address: "北京市海淀区".into(),
        ..Default::default()
    };
    f.withhold_contacts();
    assert_eq!((f.phone.as_str(), f.address.as_str()), ("138****5678", ""));
    assert_eq!(
        (f.wechat.as_str(), f.name.as_str()),
        ("wx138****5678", "张三")
    );
    let mut other = EntryFields {
        phone: "13812345678".into(),
        wechat: "zhangsan_88".into(),
        ..Default::default()
    };
    other.withhold_contacts();
    assert_eq!(other.wechat, "zhangsan_88", "another id is not a contact");
    assert_eq!(
        mask_phones_in("a13812345678b_19900001111"),
        "a138****5678b_199****1111"
    );
    assert_eq!(mask_phones_in("qq123456789012"), "qq123456789012");
}

#[test]
fn masking_keeps_the_first_three_and_last_four_digits() {
    assert_eq!(mask_phone("13812345678"), "138****5678");
    assert_eq!(mask_phone(""), "");
    assert_eq!(mask_phone("12"), "****");
}

#[test]
fn diff_lists_changed_cells_in_template_order() {
    let old = ok_fields();
    let new = EntryFields {
        phone: "13900000000".into(),
        name: "王薇".into(),
        ..old.clone()
    };
    let d = old.diff(&new);
    assert_eq!(
        d,
        vec![
            (Field::Name, "王伟".to_owned(), "王薇".to_owned()),
            (
                Field::Phone,
                "13010000000".to_owned(),
                "13900000000".to_owned()
            ),
        ]
    );
}

#[test]
fn a_phone_with_the_country_code_is_refused_with_the_national_number_offered() {
    for typed in [
        "+86 138 1234 5678",
        "0086-138-1234-5678",
        "+86(138)12345678",
        "8613812345678",
    ] {
        assert!(Field::Phone.check(typed).is_err(), "{typed}");
        assert_eq!(
            Field::Phone.suggest(typed).as_deref(),
            Some("13812345678"),
            "{typed}"
        );
    }
    let (good, errors) = parse_import(&sheet(&[&[
        "1",
        "王伟",
        "男",
        "2023级计算机科学与技术",
        "+86 138 1234 5678",
    ]]));
    assert!(good.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].column.as_deref(), Some("手机号"));
    assert!(
        errors[0].message.contains("可改为“13812345678”"),
        "{}",
        errors[0].message
    );
}

#[test]
fn an_import_reports_every_cell_it_stores_in_another_written_form() {
    let (good, errors) = parse_import(&sheet(&[
        &["1", "王伟", "男", "2023级计算机科学与技术", "138 1234 5678"],
        &["2", "李娜", "女", "2023级计算机科学与技术", "13912345678"],
    ]));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(good[0].fields.phone, "13812345678");
    assert_eq!(good[0].normalised.len(), 1);
    assert_eq!(good[0].normalised[0].row, 2);
    assert_eq!(good[0].normalised[0].column.as_deref(), Some("手机号"));
    assert!(good[0].normalised[0].message.contains("138 1234 5678"));
    assert!(good[1].normalised.is_empty(), "nothing to report as typed");
}

fn sheet(rows: &[&[&str]]) -> Vec<Vec<String>> {
    let mut v = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    v.extend(
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect()),
    );
    v
}

#[test]
fn an_import_names_row_and_column_of_every_bad_cell() {
    let rows = sheet(&[
        &["1", "王伟", "女", "2023级计算机", "13010000000"],
        &["2", "张 三", "M", "2023级计算机", "1381234567"],
    ]);
    let (good, errors) = parse_import(&rows);
    assert_eq!(good.len(), 1);
    let named: Vec<(u32, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        named,
        [(3, Some("姓名")), (3, Some("性别")), (3, Some("手机号"))]
    );
    assert!(
        errors[0].message.contains("可改为“张三”"),
        "{}",
        errors[0].message
    );
}

#[test]
fn an_import_refuses_a_wrong_header_too_many_rows_and_duplicates() {
    let mut rows = sheet(&[]);
    rows[0].swap(1, 2);
    let (_, e) = parse_import(&rows);
    assert_eq!((e[0].row, e[0].column.clone()), (1, None));

    let row = ["1", "王伟", "女", "2023级计算机", "13010000000"];
    let many = sheet(&vec![&row[..]; MAX_ROWS + 1]);
    let (_, e) = parse_import(&many);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("最多导入500行"), "{}", e[0].message);

    let (good, e) = parse_import(&sheet(&[&row, &row]));
    assert_eq!(good.len(), 1);
    assert_eq!(e[0].row, 3);
}

#[test]
fn blank_rows_are_skipped_and_numbering_stays_the_sheets() {
    let rows = sheet(&[
        &["1", "王伟", "女", "2023级计算机", "13010000000"],
        &["", "", ""],
        &["3", "李勇", "男", "2023级计算机", "1371000791"],
    ]);
    let (good, errors) = parse_import(&rows);
    assert_eq!(good.len(), 1);
    assert_eq!(errors[0].row, 4);
}
