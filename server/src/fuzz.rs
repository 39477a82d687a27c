//! Property tests of every parser of uploaded bytes: spreadsheets, photos,
//! seals and JSON bodies, from random bytes and from valid files with bytes
//! flipped, cut or inserted. None may panic or run unbounded; every refusal
//! is Chinese. `make fuzz` runs them with many more cases.

use proptest::prelude::*;

use crate::{error::parse_json, image, png, xlsx};

const TEMPLATE: xlsx::Template = xlsx::Template {
    columns: &domain::directory::COLUMNS,
    max_rows: 50,
    max_unpacked: 1 << 20,
};

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A valid class file to mutate.
fn class_file() -> Vec<u8> {
    let rows: Vec<Vec<String>> = (0..5)
        .map(|i| {
            vec![
                (i + 1).to_string(),
                "王伟".into(),
                "男".into(),
                "2023级计算机科学与技术".into(),
                format!("1380000000{i}"),
            ]
        })
        .collect();
    xlsx::write_sheet("校友数据库", &domain::directory::COLUMNS, &rows).unwrap_or_default()
}

/// A few edits of `base`: mostly bytes set, some inserted, rarely a cut.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len().max(1);
    prop::collection::vec((0..len, any::<u8>(), 0u8..10), 1..6).prop_map(move |edits| {
        let mut b = base.clone();
        for (at, byte, kind) in edits {
            let at = at.min(b.len().saturating_sub(1));
            match kind {
                0..=6 if !b.is_empty() => b[at] = byte,
                9 => b.truncate(at.max(1)),
                _ => b.insert(at, byte),
            }
        }
        b
    })
}

/// The parts of an archive, unpacked.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return vec![];
    };
    (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).ok()?;
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut v).ok()?;
            Some((f.name().ok()?.into_owned(), v))
        })
        .collect()
}

/// The parts packed again.
fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let opts = zip::write::SimpleFileOptions::default();
        if zip.start_file(name.as_str(), opts).is_err() || zip.write_all(bytes).is_err() {
            return vec![];
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// A valid class file with the XML of one of its parts damaged, so that
/// the archive is sound and calamine's parsers get the hostile text.
fn damaged_xml() -> impl Strategy<Value = Vec<u8>> {
    let parts = unzip(&class_file());
    let n = parts.len().max(1);
    (0..n, any::<prop::sample::Index>()).prop_flat_map(move |(which, _)| {
        let parts = parts.clone();
        let base = parts.get(which).map(|p| p.1.clone()).unwrap_or_default();
        mutated(base).prop_map(move |xml| {
            let mut parts = parts.clone();
            if let Some(p) = parts.get_mut(which) {
                p.1 = xml;
            }
            rezip(&parts)
        })
    })
}

#[test]
fn the_file_mutated_is_a_good_one() {
    let rows = xlsx::read_single_sheet(&class_file(), &TEMPLATE);
    assert_eq!(rows.map(|r| r.len()), Ok(6));
    let again = xlsx::read_single_sheet(&rezip(&unzip(&class_file())), &TEMPLATE);
    assert_eq!(again.map(|r| r.len()), Ok(6), "unpacked and packed again");
}

fn check_sheet(bytes: &[u8]) -> Result<(), TestCaseError> {
    match xlsx::read_single_sheet(bytes, &TEMPLATE) {
        Ok(rows) => {
            prop_assert!(rows.len() <= TEMPLATE.max_rows + 1);
            prop_assert!(rows.iter().all(|r| r.len() <= TEMPLATE.columns.len()));
        }
        Err(e) => prop_assert!(chinese(&e.summary()), "{e:?}"),
    }
    Ok(())
}

fn check_image(bytes: &[u8]) -> Result<(), TestCaseError> {
    match image::clean(bytes) {
        Ok(img) => prop_assert!(img.bytes.len() <= bytes.len() + 2),
        Err(e) => prop_assert!(chinese(&e), "{e}"),
    }
    if let Err(e) = png::clean(bytes, 2000) {
        prop_assert!(chinese(&e), "{e}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_no_spreadsheet(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_sheet(&bytes)?;
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        check_sheet(&zip)?;
    }

    #[test]
    fn a_damaged_spreadsheet_is_read_or_refused(bytes in mutated(class_file())) {
        check_sheet(&bytes)?;
    }

    #[test]
    fn damaged_xml_inside_a_sound_archive_is_read_or_refused(bytes in damaged_xml()) {
        check_sheet(&bytes)?;
    }

    #[test]
    fn random_bytes_are_no_photo(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_image(&bytes)?;
        for magic in [&b"\xFF\xD8\xFF"[..], b"\x89PNG\r\n\x1a\n"] {
            check_image(&[magic, &bytes].concat())?;
        }
    }

    #[test]
    fn a_damaged_photo_is_cleaned_or_refused(
        bytes in mutated(image::tests::sample_jpeg()),
        png_bytes in mutated(png::tests::tiny_png_with_text()),
    ) {
        check_image(&bytes)?;
        check_image(&png_bytes)?;
    }

    #[test]
    fn any_body_is_read_as_json_or_refused_in_chinese(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            "[\\[\\]{}\":,0-9a-z ]{0,200}".prop_map(String::into_bytes),
            (1usize..5000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        ]
    ) {
        let r: Result<domain::api::LoginRequest, _> = parse_json(&body);
        if let Err(e) = r {
            prop_assert!(chinese(&e.user_message()), "{}", e.user_message());
        }
        let r: Result<serde_json::Value, _> = parse_json(&body);
        if let Err(e) = r {
            prop_assert!(chinese(&e.user_message()), "{}", e.user_message());
        }
    }
}
