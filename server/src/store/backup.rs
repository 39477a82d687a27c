//! `backup` and `restore`: the whole store as JSON lines, one record a line,
//! keys and values in base64, primary trees only. Restoring needs an empty
//! store and rebuilds the indexes.

use std::io::BufRead;

use base64::{Engine, engine::general_purpose::STANDARD as B64};
use serde::{Deserialize, Serialize};

use super::{SCHEMA_VERSION, Store, StoreError, TREES};

/// The first line of a backup file names its format.
pub const BACKUP_FORMAT: &str = "liaison-backup";

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    schema_version: u32,
    /// The file ends with an [`End`] line counting its records (files
    /// written before it existed have none), so a cut-off copy is noticed.
    #[serde(default)]
    counted: bool,
}

/// The last line of a counted backup.
#[derive(Serialize, Deserialize)]
struct End {
    end: u64,
}

#[derive(Serialize, Deserialize)]
struct Line {
    t: String,
    k: String,
    v: String,
}

/// Writes every tree to `out`; returns the number of records written.
pub fn backup_to(store: &Store, out: &mut impl std::io::Write) -> Result<u64, StoreError> {
    let io = |e: std::io::Error| StoreError::Invalid(format!("写入备份失败: {e}"));
    let header = Header {
        format: BACKUP_FORMAT.into(),
        schema_version: SCHEMA_VERSION,
        counted: true,
    };
    serde_json::to_writer(&mut *out, &header)?;
    out.write_all(b"\n").map_err(io)?;
    let mut n = 0;
    for name in TREES {
        for item in store.tree(name)?.iter() {
            let (k, v) = item?;
            let line = Line {
                t: name.into(),
                k: B64.encode(&k),
                v: B64.encode(&v),
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n").map_err(io)?;
            n += 1;
        }
    }
    serde_json::to_writer(&mut *out, &End { end: n })?;
    out.write_all(b"\n").map_err(io)?;
    out.flush().map_err(io)?;
    Ok(n)
}

/// Reads a backup through, checking every line, and calls `each(tree, key,
/// value)` for each record; returns the schema version and the record count.
fn read(
    input: impl BufRead,
    mut each: impl FnMut(&str, Vec<u8>, Vec<u8>) -> Result<(), StoreError>,
) -> Result<(u32, u64), StoreError> {
    let bad = |what: &str| StoreError::Invalid(format!("备份文件无效: {what}"));
    let mut lines = input.lines();
    let header: Header = match lines.next() {
        Some(l) => serde_json::from_str(&l.map_err(|e| bad(&e.to_string()))?)
            .map_err(|_| bad("不是本系统的备份文件"))?,
        None => return Err(bad("文件为空")),
    };
    if header.format != BACKUP_FORMAT || !(1..=SCHEMA_VERSION).contains(&header.schema_version) {
        return Err(bad("格式或版本不符"));
    }
    let mut n = 0;
    let mut end = None;
    for (i, line) in lines.enumerate() {
        let line = line.map_err(|e| bad(&e.to_string()))?;
        if line.is_empty() {
            continue;
        }
        if end.is_some() {
            return Err(bad("记录数行之后还有内容"));
        }
        let Ok(rec) = serde_json::from_str::<Line>(&line) else {
            match serde_json::from_str::<End>(&line) {
                Ok(e) => {
                    end = Some(e.end);
                    continue;
                }
                Err(_) => return Err(bad(&format!("第 {} 行无法读取", i + 2))),
            }
        };
        if !TREES.contains(&rec.t.as_str()) {
            return Err(bad(&format!("未知的表 {}", rec.t)));
        }
        let k = B64.decode(&rec.k).map_err(|e| bad(&e.to_string()))?;
        let v = B64.decode(&rec.v).map_err(|e| bad(&e.to_string()))?;
        each(&rec.t, k, v)?;
        n += 1;
    }
    if header.counted && end != Some(n) {
        return Err(bad("文件不完整（可能在写入或复制时中断）"));
    }
    Ok((header.schema_version, n))
}

/// Reads a backup through without loading it: its record count, or why it
/// cannot be restored.
pub fn verify_backup(input: impl BufRead) -> Result<u64, StoreError> {
    Ok(read(input, |_, _, _| Ok(()))?.1)
}

/// Loads a backup into an empty store and flushes; returns the record count.
/// Check the file with [`verify_backup`] first: a file found bad halfway
/// leaves what was read so far.
pub fn restore_from(store: &Store, input: impl BufRead) -> Result<u64, StoreError> {
    for name in TREES {
        // `meta` holds the schema version written at open: that is expected.
        if name != "meta" && !store.tree(name)?.is_empty() {
            return Err(StoreError::Invalid(format!(
                "目标数据目录不是空的（{name} 已有数据），请换一个空目录"
            )));
        }
    }
    let (schema, n) = read(input, |t, k, v| {
        store.tree(t)?.load(k, v)?;
        Ok(())
    })?;
    // Loaded without telling, key by key: every tree is told whole.
    store.tell_everything();
    // The id counter is not in the file either: a new folder starts it at
    // zero, and new audit keys, notices and history would overwrite old ones.
    store.continue_ids()?;
    // Indexes are not in the file: computed from what was restored.
    store.upgrade_from(schema, false)?;
    store.flush_now()?;
    Ok(n)
}
