//! `GET /nominations` and `GET /nominations/{id}`: the caller's scope as index prefixes, pages of kept rows.

use super::*;

#[derive(Deserialize, schemars::JsonSchema)]
pub(crate) struct Filter {
    state: Option<String>,
    class_id: Option<String>,
    college: Option<String>,
    campaign_id: Option<String>,
    nomination_type: Option<String>,
    /// A name or student number, or part of one.
    q: Option<String>,
    /// From 1.
    page: Option<u32>,
    /// At most [`MAX_PAGE_SIZE`].
    size: Option<u32>,
}

pub(super) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A list row: a student's own nominations whole (their page works from
/// it, offline too); for staff only the head — form and history are on the
/// nomination's own page — so a page of 50 stays small and quick however
/// long the forms and histories grow.
pub(super) fn row_of(
    st: &AppState,
    cu: &CurrentUser,
    names: &mut Names,
    r: &NominationRecord,
) -> Result<Nomination, ApiError> {
    if cu.user.role == Role::Student {
        view_with(st, names, r)
    } else {
        Ok(head_view(&st.views, names, NominationHead::of(r))?)
    }
}

/// The scope-index prefixes a list reads, in order: per campaign, the
/// caller's part of it (a college, classes, one student's own).
pub(super) fn prefixes(
    st: &AppState,
    cu: &CurrentUser,
    f: &Filter,
) -> Result<Vec<Vec<u8>>, ApiError> {
    use crate::store::index::prefix;
    let mut campaigns: Vec<_> = match nonempty(&f.campaign_id) {
        Some(id) => st.store.campaign(id)?.into_iter().collect(),
        None => st.views.campaigns()?,
    };
    campaigns.sort_by_key(|c| std::cmp::Reverse(c.cohort));
    let college = nonempty(&f.college);
    let wide = matches!(cu.user.role, Role::Office | Role::Dean) && nonempty(&f.class_id).is_none();
    let classes = if wide {
        vec![]
    } else {
        let scope = crate::access::Scope {
            college: f.college.clone(),
            class_id: f.class_id.clone(),
        };
        let mut classes = crate::access::classes_in_scope(st, cu, &scope)?;
        // A counselor standing in for another looks after their classes too.
        for id in crate::standins::classes_taken(st, &cu.user)? {
            if nonempty(&f.class_id).is_none_or(|c| c == id)
                && !classes.iter().any(|k| k.id == id)
                && let Some(k) = st.views.class(&id)?
                && college.is_none_or(|c| c == k.college)
            {
                classes.push(k);
            }
        }
        classes
    };
    let mut out = Vec::new();
    for c in &campaigns {
        match cu.user.role {
            Role::Office if wide => out.push(match college {
                Some(col) => prefix(&[&c.id, col]),
                None => prefix(&[&c.id]),
            }),
            Role::Dean if wide => {
                let own = cu.user.college.as_deref().unwrap_or_default();
                if college.is_none_or(|x| x == own) {
                    out.push(prefix(&[&c.id, own]));
                }
            }
            Role::Student => out.extend(
                classes
                    .iter()
                    .map(|k| prefix(&[&c.id, &k.college, &k.id, &cu.user.username])),
            ),
            _ => out.extend(classes.iter().map(|k| prefix(&[&c.id, &k.college, &k.id]))),
        }
    }
    Ok(out)
}

/// `GET /nominations`: one page of the nominations in scope. Reads the
/// scope index (O(the scope), records decoded only for the page) and the
/// kept per-state counters; a search or a type filter reads the records of
/// the scope.
pub(super) async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    require(&cu, &READERS)?;
    let state = match nonempty(&f.state) {
        Some(s) => {
            Some(St::parse(s).ok_or_else(|| ApiError::BadRequest(format!("未知的状态：{s}")))?)
        }
        None => None,
    };
    let kind = match nonempty(&f.nomination_type) {
        Some(t) => Some(
            serde_json::from_value::<NominationType>(json!(t))
                .map_err(|_| ApiError::BadRequest(format!("未知的推荐方式：{t}")))?,
        ),
        None => None,
    };
    let q = nonempty(&f.q).map(str::to_owned);
    let size = f.size.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let page = f.page.unwrap_or(1).max(1);
    let skip = u64::from(page - 1) * u64::from(size);
    let prefixes = prefixes(&st, &cu, &f)?;
    // Staff without a search or a type filter: the kept rows and counts.
    if cu.user.role != Role::Student && q.is_none() && kind.is_none() {
        return kept_page(&st, &prefixes, state, Paging::new(page, size));
    }
    // Whether a record passes the filters the index cannot answer.
    let matches = |r: &NominationRecord| -> Result<bool, ApiError> {
        if kind.is_some_and(|k| k != r.nomination_type) {
            return Ok(false);
        }
        if let Some(q) = &q
            && !r.student_no.contains(q.as_str())
        {
            let name = st.store.user(&r.student_id)?.map(|u| u.name);
            return Ok(name.is_some_and(|n| n.contains(q.as_str())));
        }
        Ok(true)
    };
    let mut counts: BTreeMap<St, u64> = BTreeMap::new();
    let mut seen = 0u64;
    let mut out = Vec::new();
    let mut names = Names::default();
    for p in &prefixes {
        for h in st.store.nomination_heads(p) {
            let h = h?;
            let r = match st.store.nomination(&h.id)? {
                Some(r) if matches(&r)? => r,
                _ => continue,
            };
            *counts.entry(r.state).or_default() += 1;
            if state.is_some_and(|x| x != r.state) {
                continue;
            }
            if seen >= skip && out.len() < size as usize {
                out.push(row_of(&st, &cu, &mut names, &r)?);
            }
            seen += 1;
        }
    }
    Ok(Json(Nominations {
        nominations: out,
        total: seen,
        page,
        size,
        counts: counts
            .into_iter()
            .map(|(s, n)| (s.as_str().to_owned(), n))
            .collect(),
    })
    .into_response())
}

/// Which rows of a list a page shows, and the rows taken so far.
pub(super) struct Paging {
    page: u32,
    size: usize,
    /// Rows before the page.
    skip: u64,
    /// Rows passed or taken so far.
    seen: u64,
    /// The rows taken: a class's kept rows and the row's place in them.
    taken: Vec<(std::sync::Arc<ClassRows>, usize)>,
}

impl Paging {
    fn new(page: u32, size: u32) -> Paging {
        Paging {
            page,
            size: size as usize,
            skip: u64::from(page - 1) * u64::from(size),
            seen: 0,
            taken: Vec::new(),
        }
    }

    fn full(&self) -> bool {
        self.taken.len() == self.size
    }

    /// Passes over `n` rows at once, if they all come before the page.
    fn passes(&mut self, n: u64) -> bool {
        let before = self.seen + n <= self.skip;
        if before {
            self.seen += n;
        }
        before
    }

    /// Takes a class's rows in `state` (all, if none) that fall on the page.
    fn take(&mut self, rows: std::sync::Arc<ClassRows>, state: Option<St>) {
        let n = match state {
            Some(s) => rows.counts.get(&s).copied().unwrap_or(0),
            None => rows.rows.len() as u64,
        };
        if self.full() || self.passes(n) {
            return;
        }
        for (i, (s, _)) in rows.rows.iter().enumerate() {
            if state.is_some_and(|x| x != *s) {
                continue;
            }
            if self.seen >= self.skip {
                self.taken.push((rows.clone(), i));
                if self.full() {
                    return;
                }
            }
            self.seen += 1;
        }
    }
}

/// [`Nominations`] with its rows already in JSON.
#[derive(serde::Serialize)]
pub(super) struct NominationsWire<'a> {
    nominations: Vec<&'a RawValue>,
    total: u64,
    page: u32,
    size: u32,
    counts: BTreeMap<&'static str, u64>,
}

/// A staff page without a search or a type filter, from the rows kept per
/// class and campaign ([`crate::store::Store::class_rows`]): each class's
/// rows are read, named and encoded once, and a page copies them.
///
/// A class-wide scope (a counselor's classes, one class) reads the kept
/// rows and their counts only. A wide one (a campaign, a college: the
/// office, a dean) takes its counts from the kept counters, passes whole
/// scopes before the page by them, and finds the classes on the page in
/// the index, one seek each.
pub(super) fn kept_page(
    st: &AppState,
    prefixes: &[Vec<u8>],
    state: Option<St>,
    mut paging: Paging,
) -> Result<Response, ApiError> {
    let mut counts: BTreeMap<St, u64> = BTreeMap::new();
    for p in prefixes {
        if is_class_scope(p) {
            let rows = st.views.class_rows(p)?;
            for (s, n) in &rows.counts {
                *counts.entry(*s).or_default() += n;
            }
            paging.take(rows, state);
            continue;
        }
        let here = st.store.nomination_counts(p)?;
        for (s, n) in &here {
            *counts.entry(*s).or_default() += n;
        }
        let n = match state {
            Some(s) => here.get(&s).copied().unwrap_or(0),
            None => here.values().sum(),
        };
        if paging.full() || paging.passes(n) {
            continue;
        }
        let mut after = None;
        while !paging.full() {
            let Some(class) = st.store.next_class(state, p, after.as_deref())? else {
                break;
            };
            paging.take(st.views.class_rows(&class)?, state);
            after = Some(class);
        }
    }
    let total = match state {
        Some(s) => counts.get(&s).copied().unwrap_or(0),
        None => counts.values().sum(),
    };
    let nominations: Vec<&RawValue> = paging.taken.iter().map(|(r, i)| &*r.rows[*i].1).collect();
    // Sized at once: the rows are most of it (tens of KB on a full page).
    let mut body =
        Vec::with_capacity(256 + nominations.iter().map(|r| r.get().len() + 1).sum::<usize>());
    serde_json::to_writer(
        &mut body,
        &NominationsWire {
            nominations,
            total,
            page: paging.page,
            size: paging.size as u32,
            counts: counts.into_iter().map(|(s, n)| (s.as_str(), n)).collect(),
        },
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

pub(super) async fn one(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&cu, &READERS)?;
    let r = load(&st, &cu, &id)?;
    let mut nomination = view(&st, &r)?;
    nomination.copied_to_you = !in_scope(&st, &cu, &r)?;
    Ok((
        StatusCode::OK,
        [etag(r.rev)],
        Json(NominationEnvelope { nomination }),
    )
        .into_response())
}
