//! Deadline reminders (SPEC §13): 7 days and 1 day before each campaign
//! deadline, the counselors and deans whose classes still lack nominations
//! (nomination deadline) or data (materials deadline: an incomplete
//! directory or no photo) are told which classes. Each reminder goes once:
//! its marker is written in the same transaction as its notices, so a
//! restart, a second server tick or a retry never repeats it, and an
//! extended deadline (a new date) gets its own pair. Runs with the sweeper.

use domain::pages::Page;
use std::collections::BTreeMap;

use domain::{Role, notify, submission::Kind, workflow::State};

use crate::{
    clock::{Clock, iso_date},
    robots,
    store::{ClassRecord, Store, StoreError, index},
};

/// Sends the reminders due today; returns how many notices went out and
/// what the colleges' and the office's work-chat robots are to post.
pub fn run(
    store: &Store,
    clock: &dyn Clock,
    public_url: &str,
) -> Result<(usize, Vec<robots::Post>), StoreError> {
    let today = iso_date(clock.today());
    let mut sent = 0;
    let mut posts = Vec::new();
    let mut classes: Option<Vec<ClassRecord>> = None;
    for c in store.campaigns()? {
        for kind in Kind::ALL {
            let date = kind.due(&c).to_owned();
            let Some(days_left) = domain::submission::days_left(&date, &today) else {
                continue;
            };
            let Some(which) = notify::reminder_due(days_left) else {
                continue;
            };
            let marker = format!("{}\0{}\0{date}\0{which}", c.id, kind.as_str());
            if store.reminder_sent(&marker)? {
                continue;
            }
            // Read once per run, and only when a reminder is due.
            let all = match &mut classes {
                Some(v) => v,
                None => classes.insert(store.classes()?),
            };
            let mut by_counselor: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut by_college: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for class in all.iter().filter(|k| k.cohort == c.cohort) {
                if !lacking(store, &c.id, class, kind)? {
                    continue;
                }
                for counselor in &class.counselors {
                    by_counselor
                        .entry(counselor.clone())
                        .or_default()
                        .push(class.display_name());
                }
                by_college
                    .entry(class.college.clone())
                    .or_default()
                    .push(class.display_name());
            }
            let (what, missing, counselor_link) = match kind {
                Kind::Nominations => ("推荐截止", "以下班级还没有推荐人选", Page::Todo),
                Kind::Alumni => (
                    "材料截止",
                    "以下班级的通讯录或毕业合影未完成",
                    Page::Directory,
                ),
            };
            let letter = |list: &[String], page: Page| {
                notify::reminder(c.cohort, what, &date, days_left, missing, list, page.path())
            };
            let mut letters = Vec::new();
            for (user, list) in &by_counselor {
                letters.push((user.clone(), letter(list, counselor_link)));
            }
            for dean in store.users_of_role(Role::Dean)? {
                if let Some(list) = dean.college.as_ref().and_then(|k| by_college.get(k)) {
                    letters.push((dean.id, letter(list, Page::Submissions)));
                }
            }
            if store.send_once(&marker, &letters, clock.now())? {
                sent += letters.len();
                let post = |owner: &str, name: &str, list: &[String]| {
                    let link = format!("{}{}", public_url.trim_end_matches('/'), Page::Todo.path());
                    let (title, text) = domain::robots::reminder(
                        name,
                        &format!("{}届{what}", c.cohort),
                        &date,
                        days_left,
                        missing,
                        list,
                        &link,
                    );
                    robots::Post {
                        owner: owner.to_owned(),
                        what: format!("{what}提醒"),
                        title,
                        text,
                    }
                };
                let mut per_college = Vec::new();
                for (college, list) in &by_college {
                    let name = store
                        .college(college)?
                        .map(|k| k.name)
                        .unwrap_or_else(|| college.clone());
                    per_college.push(format!("{name}：{} 个班", list.len()));
                    posts.push(post(college, &name, list));
                }
                if !per_college.is_empty() {
                    posts.push(post(robots::OFFICE, "校友服务与发展中心", &per_college));
                }
            }
        }
    }
    Ok((sent, posts))
}

/// Whether a class still lacks what the deadline asks for.
fn lacking(
    store: &Store,
    campaign: &str,
    class: &ClassRecord,
    kind: Kind,
) -> Result<bool, StoreError> {
    Ok(match kind {
        Kind::Nominations => {
            let counts =
                store.nomination_counts(&index::prefix(&[campaign, &class.college, &class.id]))?;
            let sent = [
                State::PendingCounselor,
                State::PendingCollege,
                State::PendingOffice,
                State::Appointed,
            ]
            .iter()
            .map(|s| counts.get(s).copied().unwrap_or(0))
            .sum::<u64>();
            sent == 0
        }
        Kind::Alumni => {
            let d = store.directory_counts(&class.id)?;
            d.entries == 0
                || d.complete < d.entries
                || !store.photo(&class.id)?.is_some_and(|p| p.has_image())
        }
    })
}
