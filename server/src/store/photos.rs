//! Graduation photos (SPEC §8): per class, the cleaned image and the name
//! list, each change with its audit entry.

use super::Commit;
use domain::photos::NameList;
use serde::{Deserialize, Serialize};

use super::{AuditEntry, Store, StoreError, codec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRecord {
    pub class_id: String,
    /// `jpg` or `png`; empty until an image is uploaded.
    #[serde(default)]
    pub ext: String,
    #[serde(default)]
    pub mime: String,
    #[serde(default)]
    pub uploaded_by_name: String,
    #[serde(default)]
    pub uploaded_at: i64,
    #[serde(default)]
    pub names: Option<NameList>,
    pub rev: u64,
}

impl PhotoRecord {
    /// A class's record before anything was sent.
    pub fn empty(class: &str) -> PhotoRecord {
        PhotoRecord {
            class_id: class.to_owned(),
            ext: String::new(),
            mime: String::new(),
            uploaded_by_name: String::new(),
            uploaded_at: 0,
            names: None,
            rev: 0,
        }
    }

    pub fn has_image(&self) -> bool {
        !self.ext.is_empty()
    }
}

impl Store {
    pub fn photo(&self, class: &str) -> Result<Option<PhotoRecord>, StoreError> {
        codec::get(&self.photos, class)
    }

    pub fn photos(&self) -> Result<Vec<PhotoRecord>, StoreError> {
        codec::all(&self.photos)
    }

    pub fn photo_file(&self, class: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.photo_files.get(class)?.map(|v| v.to_vec()))
    }

    /// Changes a class's record (made empty when there is none yet) and, with
    /// `image`, replaces its file — in one transaction with the audit entry.
    pub fn update_photo(
        &self,
        class: &str,
        image: Option<&[u8]>,
        audit: &AuditEntry,
        change: impl Fn(&mut PhotoRecord),
    ) -> Result<PhotoRecord, StoreError> {
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let record = (&self.photos, &self.photo_files, &self.audit).commit(
            &self.gate,
            |(photos, files, log)| {
                let mut r: PhotoRecord = match photos.get(class.as_bytes())? {
                    Some(b) => codec::decode(&b)?,
                    None => PhotoRecord::empty(class),
                };
                change(&mut r);
                r.rev += 1;
                photos.insert(class.as_bytes(), codec::encode(&r)?)?;
                if let Some(bytes) = image {
                    files.insert(class.as_bytes(), bytes)?;
                }
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(r)
            },
        )?;
        Ok(record)
    }
}
