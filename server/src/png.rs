//! PNG checks by content (never by file name) and metadata stripping: only
//! the chunks needed to draw the image are kept (IHDR, PLTE, tRNS, IDAT,
//! IEND), so uploaded seals carry no text, EXIF or timestamps.

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
const KEEP: [&[u8; 4]; 5] = [b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"];

/// A checked, cleaned PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Png {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Parses `bytes` as a PNG of at most `max_side` pixels a side and returns it
/// without ancillary chunks; the message says why not, in Chinese.
pub fn clean(bytes: &[u8], max_side: u32) -> Result<Png, String> {
    let not_png = || "只接受 PNG 图片（按文件内容识别，改扩展名无效）".to_owned();
    if bytes.len() < 8 || &bytes[..8] != SIGNATURE {
        return Err(not_png());
    }
    let mut out = SIGNATURE.to_vec();
    let (mut width, mut height) = (0, 0);
    let mut at = 8;
    let mut ended = false;
    while at + 12 <= bytes.len() {
        let len = be32(&bytes[at..]) as usize;
        let kind = &bytes[at + 4..at + 8];
        let end = at
            .checked_add(12)
            .and_then(|e| e.checked_add(len))
            .ok_or_else(not_png)?;
        if end > bytes.len() {
            return Err("PNG 图片不完整或已损坏".into());
        }
        if at == 8 {
            if kind != b"IHDR" || len != 13 {
                return Err(not_png());
            }
            width = be32(&bytes[at + 8..]);
            height = be32(&bytes[at + 12..]);
        }
        if KEEP.iter().any(|k| *k == kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            ended = true;
            break;
        }
    }
    if !ended || width == 0 {
        return Err("PNG 图片不完整或已损坏".into());
    }
    if width > max_side || height > max_side {
        return Err(format!(
            "图片过大：{width}×{height} 像素，最大 {max_side}×{max_side}"
        ));
    }
    Ok(Png {
        width,
        height,
        bytes: out,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid 1×1 PNG with a tEXt chunk before its data.
    pub fn tiny_png_with_text() -> Vec<u8> {
        let mut v = SIGNATURE.to_vec();
        let mut chunk = |kind: &[u8; 4], data: &[u8]| {
            v.extend_from_slice(&(data.len() as u32).to_be_bytes());
            v.extend_from_slice(kind);
            v.extend_from_slice(data);
            v.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked here
        };
        chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
        chunk(b"tEXt", b"Author\0someone");
        chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1]);
        chunk(b"IEND", &[]);
        v
    }

    #[test]
    fn a_png_is_recognised_and_its_text_chunks_dropped() {
        let png = clean(&tiny_png_with_text(), 100);
        let png = png.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((png.width, png.height), (1, 1));
        assert!(!png.bytes.windows(4).any(|w| w == b"tEXt"));
        assert!(png.bytes.windows(4).any(|w| w == b"IDAT"));
    }

    #[test]
    fn a_renamed_text_file_or_a_jpeg_is_refused() {
        assert!(clean(b"just some text pretending to be a png", 100).is_err());
        assert!(
            clean(
                &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0],
                100
            )
            .is_err()
        );
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let mut png = tiny_png_with_text();
        png.truncate(png.len() - 12);
        assert!(clean(&png, 100).is_err());
    }

    #[test]
    fn an_oversized_image_is_refused() {
        let e = clean(&tiny_png_with_text(), 0).err().unwrap_or_default();
        assert!(e.contains("图片过大"), "{e}");
    }
}
