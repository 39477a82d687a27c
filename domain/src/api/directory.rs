//! The class directory: entries, the update round, history, imports, progress.

use serde::{Deserialize, Serialize};

use super::*;

/// A class directory entry as the caller may see it (SPEC §7, §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    pub id: String,
    pub class_id: String,
    #[serde(flatten)]
    pub fields: crate::directory::EntryFields,
    /// The classmate's account, when known.
    #[serde(default)]
    pub student_id: Option<String>,
    pub rev: u64,
    /// Confirmed or updated in the open update round (每年9月).
    #[serde(default)]
    pub confirmed: bool,
    /// `phone` is shown masked (`138****5678`) to this caller.
    #[serde(default)]
    pub phone_masked: bool,
    /// `address` is withheld from this caller.
    #[serde(default)]
    pub address_hidden: bool,
}

/// `GET /classes/{id}/directory`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Directory {
    pub entries: Vec<Entry>,
    /// The caller may edit every entry (the class's liaisons and counselors).
    pub can_edit: bool,
    /// The update round, if one was ever opened.
    #[serde(default)]
    pub round: Option<Round>,
}

impl Directory {
    /// What a device keeps of this directory once the page is gone
    /// (docs/SECURITY.md, "Nothing readable stays"): every entry's contacts
    /// withheld, as a classmate sees them, and nothing to edit from, so a
    /// copy opened offline cannot overwrite what it does not show.
    pub fn withheld(mut self) -> Directory {
        for e in &mut self.entries {
            if !(e.phone_masked && e.address_hidden) {
                e.fields.withhold_contacts();
            }
            e.phone_masked = true;
            e.address_hidden = true;
        }
        self.can_edit = false;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryEnvelope {
    pub entry: Entry,
}

/// The annual update round (每年9月), opened by the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Round {
    /// The round's name, e.g. `2026`.
    pub year: u16,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    pub open: bool,
    #[serde(default)]
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundEnvelope {
    pub round: Option<Round>,
}

/// `PUT /directory/round`: open a round for `year`, or close the open one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundRequest {
    pub year: u16,
    pub open: bool,
}

/// One changed cell in an entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CellChange {
    /// JSON name of the field.
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One step in an entry's history: who, when, old → new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryChange {
    /// `YYYY-MM-DD HH:MM` China time.
    pub at: String,
    pub actor_name: String,
    /// `create`, `update`, `import`, `confirm`, `delete`.
    pub action: String,
    pub changes: Vec<CellChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryHistory {
    pub history: Vec<EntryChange>,
}

/// What a class file import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryImport {
    /// Rows in the file.
    pub rows: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Cells whose written form was normalised on the way in (a phone
    /// typed `138 1234 5678` is stored as `13812345678`), so the person
    /// sees what changed.
    #[serde(default)]
    pub normalised: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryImportEnvelope {
    pub import: DirectoryImport,
}

/// Directory completion of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassDirectoryProgress {
    pub class_id: String,
    pub display_name: String,
    pub college: String,
    pub college_name: String,
    pub entries: u32,
    /// Entries that pass every rule of the template.
    pub complete: u32,
    /// Entries confirmed in the open round.
    pub confirmed: u32,
    /// The graduation photo has been sent.
    #[serde(default)]
    pub photo: bool,
}

/// `GET /directory/progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryProgress {
    pub round: Option<Round>,
    pub classes: Vec<ClassDirectoryProgress>,
}
