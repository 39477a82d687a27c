//! Graduation photos and their name lists.

use serde::{Deserialize, Serialize};

/// A class's graduation photo (SPEC §8) as the caller sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Photo {
    pub class_id: String,
    /// Folder and photo name: `2023级计算机科学与技术专业1班级`.
    pub folder: String,
    /// The Word list's title.
    pub title: String,
    pub has_image: bool,
    /// `YYYY-MM-DD HH:MM`, China time; empty before an upload.
    #[serde(default)]
    pub uploaded_at: String,
    #[serde(default)]
    pub uploaded_by_name: String,
    #[serde(default)]
    pub names: Option<crate::photos::NameList>,
    /// Students' names in the list that are not on the class roster.
    #[serde(default)]
    pub unknown_names: Vec<String>,
    /// The caller may upload the photo and enter the list.
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhotoEnvelope {
    pub photo: Photo,
}

/// `PUT /classes/{id}/photo/names`: the typed list (see
/// `domain::photos::NameList::parse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NamesRequest {
    pub text: String,
}
