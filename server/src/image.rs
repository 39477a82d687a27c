//! Uploaded photos: JPEG or PNG recognised by content (never by file name),
//! returned without metadata (EXIF with its GPS position and camera serial,
//! XMP, IPTC, comments, PNG text chunks).

/// Largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 15 * 1024 * 1024;

/// A checked, cleaned image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `jpg` or `png`.
    pub ext: &'static str,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

const NOT_AN_IMAGE: &str = "只接受 JPEG 或 PNG 格式的照片（按文件内容识别，改扩展名无效）";

/// Checks `bytes` and strips its metadata; the message says why not.
pub fn clean(bytes: &[u8]) -> Result<Image, String> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return jpeg(bytes).map(|bytes| Image {
            ext: "jpg",
            mime: "image/jpeg",
            bytes,
        });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return crate::png::clean(bytes, 30_000).map(|p| Image {
            ext: "png",
            mime: "image/png",
            bytes: p.bytes,
        });
    }
    Err(NOT_AN_IMAGE.into())
}

/// Copies a JPEG's segments, leaving out APP1 (EXIF, XMP), APP3–APP13
/// (IPTC and other metadata), APP15 and comments; JFIF (APP0), the colour
/// profile (APP2) and Adobe's colour marker (APP14) stay, as does
/// everything from the start of the scan.
fn jpeg(b: &[u8]) -> Result<Vec<u8>, String> {
    let broken = || "JPEG 照片不完整或已损坏".to_owned();
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while b.get(at) == Some(&0xFF) && b.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if b.get(at) != Some(&0xFF) {
            return Err(broken());
        }
        let marker = *b.get(at + 1).ok_or_else(broken)?;
        if marker == 0xD9 {
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Ok(out);
        }
        let len = usize::from(u16::from_be_bytes([
            *b.get(at + 2).ok_or_else(broken)?,
            *b.get(at + 3).ok_or_else(broken)?,
        ]));
        let end = at + 2 + len;
        if len < 2 || end > b.len() {
            return Err(broken());
        }
        if marker == 0xDA {
            // Start of scan: the compressed image follows to the end.
            out.extend_from_slice(&b[at..]);
            if !b.ends_with(&[0xFF, 0xD9]) {
                return Err(broken());
            }
            return Ok(out);
        }
        let metadata = matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE);
        if !metadata {
            out.extend_from_slice(&b[at..end]);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny JPEG: SOI, APP0, APP1 (EXIF with a fake GPS text), COM, DQT,
    /// SOS with two data bytes, EOI.
    pub fn sample_jpeg() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0]);
        let exif = b"Exif\0\0GPS 34.26N 108.94E";
        v.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        v.extend_from_slice(exif);
        v.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x06, b'h', b'i', b'!', b'!']);
        v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x00, 0x12, 0x34]);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    #[test]
    fn a_jpeg_loses_exif_and_comments_and_keeps_the_image() {
        let img = clean(&sample_jpeg()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((img.ext, img.mime), ("jpg", "image/jpeg"));
        let text = String::from_utf8_lossy(&img.bytes);
        assert!(!text.contains("GPS") && !text.contains("Exif") && !text.contains("hi!!"));
        assert!(text.contains("JFIF"));
        assert!(img.bytes.ends_with(&[0x12, 0x34, 0xFF, 0xD9]));
    }

    #[test]
    fn other_files_are_refused_by_content() {
        assert_eq!(clean(b"GIF89a....").map(|_| ()), Err(NOT_AN_IMAGE.into()));
        assert_eq!(
            clean(b"hello, I am a text file renamed to .jpg").map(|_| ()),
            Err(NOT_AN_IMAGE.into())
        );
        let mut cut = sample_jpeg();
        cut.truncate(20);
        assert!(clean(&cut).is_err());
    }
}
