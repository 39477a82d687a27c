//! The grid's state: a row as typed and as stored, the page's context, the drafts kept in the tab, moving the focus between cells.

use super::*;

/// One row of the grid.
#[derive(Clone, Copy)]
pub(super) struct Row {
    /// `<class>/<entry id>`: the outbox's name for it.
    pub(super) target: StoredValue<String>,
    pub(super) fields: RwSignal<EntryFields>,
    /// The server's fields this row's edits are based on.
    pub(super) base: StoredValue<EntryFields>,
    /// 0: not yet created on the server.
    pub(super) rev: RwSignal<u64>,
    pub(super) confirmed: RwSignal<bool>,
    pub(super) editable: bool,
    /// Phone masked and address withheld for this reader.
    pub(super) masked: bool,
    pub(super) history: RwSignal<Option<Vec<EntryChange>>>,
}

impl Row {
    pub(super) fn new(class: &str, e: Entry, editable: bool) -> Row {
        Row {
            target: StoredValue::new(format!("{class}/{}", e.id)),
            base: StoredValue::new(e.fields.clone()),
            fields: RwSignal::new(e.fields),
            rev: RwSignal::new(e.rev),
            confirmed: RwSignal::new(e.confirmed),
            editable,
            masked: e.phone_masked,
            history: RwSignal::new(None),
        }
    }

    pub(super) fn id(&self) -> String {
        self.target.with_value(|t| {
            t.split_once('/')
                .map(|x| x.1.to_owned())
                .unwrap_or_default()
        })
    }

    pub(super) fn class(&self) -> String {
        self.target.with_value(|t| {
            t.split_once('/')
                .map(|x| x.0.to_owned())
                .unwrap_or_default()
        })
    }
}

/// What every row needs: the outbox, the drafts that break a rule, the rows.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) outbox: Outbox<EntryFields>,
    pub(super) drafts: RwSignal<BTreeMap<String, EntryFields>>,
    pub(super) rows: RwSignal<Vec<Row>>,
    pub(super) round_open: RwSignal<bool>,
    pub(super) status: RwSignal<Option<Result<String, String>>>,
    /// 只看未填完整的: the rows incomplete when it was ticked (a row being
    /// filled in stays in view until it is unticked).
    pub(super) gaps: RwSignal<Option<Vec<String>>>,
    /// 查找: only rows whose name or phone contains this.
    pub(super) find: RwSignal<String>,
}

pub(super) const DRAFTS: &str = "dirdrafts";

impl Ctx {
    /// Whether the filters above the grid hide `row` (read when a filter
    /// changes, not as the row is typed in, so it never vanishes mid-edit).
    pub(super) fn hides(self, row: Row) -> bool {
        let gap = self.gaps.with(|g| {
            g.as_ref()
                .is_some_and(|g| !row.target.with_value(|t| g.contains(t)))
        });
        gap || self.find.with(|q| {
            let q = q.trim();
            !q.is_empty()
                && !row
                    .fields
                    .with_untracked(|f| f.name.contains(q) || f.phone.contains(q))
        })
    }

    /// Keeps a row's change on the device: a row that passes the rules is
    /// pending in the outbox, one that does not is a draft.
    pub(super) fn keep(self, row: Row) {
        let f = row.fields.get_untracked();
        let t = row.target.get_value();
        if f.check().is_empty() {
            self.drafts.update(|d| {
                d.remove(&t);
            });
            self.outbox
                .record(&t, row.rev.get_untracked(), &row.base.get_value(), f);
        } else {
            self.drafts.update(|d| {
                d.insert(t, f);
            });
        }
        self.drafts.with_untracked(|d| local::set(DRAFTS, d));
    }

    pub(super) fn drop_local(self, target: &str) {
        self.outbox.forget(target);
        self.drafts.update(|d| {
            d.remove(target);
        });
        self.drafts.with_untracked(|d| local::set(DRAFTS, d));
    }

    /// Sends what is pending.
    pub(super) fn flush(self) {
        self.outbox.flush(
            api::sync_entry,
            move |t, rev, v| {
                let row = self.rows.with_untracked(|rs| {
                    rs.iter().find(|r| r.target.with_value(|x| x == t)).copied()
                });
                if let Some(row) = row {
                    if self.outbox.pending(t).is_none() {
                        row.base.set_value(v.clone());
                        row.confirmed.set(self.round_open.get_untracked());
                    }
                    row.rev.set(rev);
                    // A draft typed meanwhile (breaking a rule, so not
                    // pending) stays on screen: it is newer.
                    if !self.drafts.with_untracked(|d| d.contains_key(t)) {
                        row.fields.set(v);
                    }
                }
            },
            move |_, e| {
                self.status
                    .set(Some(Err(format!("有一行未能保存：{}", e.message()))))
            },
        );
    }
}

/// Moves the focus to the cell at (row, column), if there is one.
pub(super) fn focus_cell(r: usize, c: usize) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-cell=\"{r}-{c}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A new entry's first values.
pub(super) fn blank(id: String, class: &str, fields: EntryFields) -> Entry {
    Entry {
        id,
        class_id: class.to_owned(),
        fields,
        student_id: None,
        rev: 0,
        confirmed: false,
        phone_masked: false,
        address_hidden: false,
    }
}
