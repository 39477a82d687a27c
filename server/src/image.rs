//! Uploaded photos: JPEG or PNG recognised by content (never by file name),
//! returned without metadata (EXIF with its GPS position and camera serial,
//! XMP, IPTC, comments, PNG text chunks).

/// Largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 15 * 1024 * 1024;
/// Most pixels a photo may declare: more than a 108-megapixel phone takes.
/// A few kilobytes can declare 60000×60000 pixels, 14 GB for whoever
/// decodes them, so the declared size is checked before anyone does.
pub const MAX_PIXELS: u64 = 120_000_000;
/// Longest side a photo may declare.
const MAX_SIDE: u32 = 30_000;

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
        // The side is checked with the pixels, for one message about size.
        let p = crate::png::clean(bytes, u32::MAX)?;
        check_pixels(p.width, p.height)?;
        return Ok(Image {
            ext: "png",
            mime: "image/png",
            bytes: p.bytes,
        });
    }
    Err(NOT_AN_IMAGE.into())
}

/// Refuses an image that declares more pixels than a photo has.
fn check_pixels(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("无法识别照片的尺寸，请用相机或手机的原图重新上传".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "照片过大：{width}×{height} 像素，最多 {} 万像素、每边最多 {MAX_SIDE} 像素",
            MAX_PIXELS / 10_000
        ));
    }
    Ok(())
}

/// Copies a JPEG's segments, leaving out APP1 (EXIF, XMP), APP3–APP13
/// (IPTC and other metadata), APP15 and comments; JFIF (APP0), the colour
/// profile (APP2) and Adobe's colour marker (APP14) stay, as does
/// everything from the start of the scan.
fn jpeg(b: &[u8]) -> Result<Vec<u8>, String> {
    let broken = || "JPEG 照片不完整或已损坏".to_owned();
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2;
    let mut size = None;
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
        if is_start_of_frame(marker) {
            // Precision, then height and width: the size any decoder allocates.
            if len < 7 {
                return Err(broken());
            }
            let h = u16::from_be_bytes([b[at + 5], b[at + 6]]);
            let w = u16::from_be_bytes([b[at + 7], b[at + 8]]);
            size = Some((u32::from(w), u32::from(h)));
        }
        if marker == 0xDA {
            // Start of scan: the compressed image follows to the end.
            let (w, h) = size.ok_or_else(broken)?;
            check_pixels(w, h)?;
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

/// SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
fn is_start_of_frame(marker: u8) -> bool {
    (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A baseline frame header declaring `w`×`h` pixels, one component.
    fn sof(w: u16, h: u16) -> Vec<u8> {
        let [h1, h0] = h.to_be_bytes();
        let [w1, w0] = w.to_be_bytes();
        vec![0xFF, 0xC0, 0x00, 0x0B, 8, h1, h0, w1, w0, 1, 1, 0x11, 0]
    }

    /// Where the frame header of [`sample_jpeg`] starts.
    fn sof_at(jpeg: &[u8]) -> usize {
        jpeg.windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .unwrap_or_default()
    }

    /// A tiny JPEG: SOI, APP0, APP1 (EXIF with a fake GPS text), COM, DQT,
    /// SOF0 (640×480), SOS with two data bytes, EOI.
    pub fn sample_jpeg() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0]);
        let exif = b"Exif\0\0GPS 34.26N 108.94E";
        v.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        v.extend_from_slice(exif);
        v.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x06, b'h', b'i', b'!', b'!']);
        v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x01]);
        v.extend_from_slice(&sof(640, 480));
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

    #[test]
    fn a_jpeg_declaring_a_giant_picture_is_refused_before_anyone_decodes_it() {
        let mut bomb = sample_jpeg();
        let at = sof_at(&bomb);
        bomb.splice(at..at + 13, sof(60000, 60000));
        let e = clean(&bomb).err().unwrap_or_default();
        assert!(e.contains("照片过大") && e.contains("60000×60000"), "{e}");
    }

    #[test]
    fn a_jpeg_without_a_frame_header_or_with_no_size_is_refused() {
        let mut v = sample_jpeg();
        let at = sof_at(&v);
        let mut no_size = v.clone();
        no_size.splice(at..at + 13, sof(0, 480));
        assert!(clean(&no_size).is_err_and(|e| e.contains("尺寸")));
        v.drain(at..at + 13);
        assert!(clean(&v).is_err());
    }

    #[test]
    fn a_png_declaring_too_many_pixels_is_refused() {
        let mut png = crate::png::tests::tiny_png_with_text();
        // IHDR width and height: 20000×20000 = 400 million pixels.
        png[16..20].copy_from_slice(&20000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20000u32.to_be_bytes());
        let e = clean(&png).err().unwrap_or_default();
        assert!(e.contains("照片过大"), "{e}");
        png[16..20].copy_from_slice(&60000u32.to_be_bytes());
        assert!(clean(&png).is_err());
    }
}
