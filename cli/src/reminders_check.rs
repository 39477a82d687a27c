//! The deadline reminders on the demo university: when each goes, to whom,
//! once.

use server::{
    clock::{Clock, ManualClock, iso_date},
    store::Store,
};

/// How many notices the reminders due now sent.
fn run(store: &Store, clock: &ManualClock) -> Result<usize, server::store::StoreError> {
    Ok(server::reminders::run(store, clock, "https://liaison.example.edu.cn")?.0)
}

/// (username, title, body) of everything `users` were told, oldest first.
fn told(store: &Store, users: &[&str]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for name in users {
        let u = store.user_by_username(name).ok().flatten().expect("user");
        let mut list = store.notifications(&u.id, None, 100).expect("list");
        list.reverse();
        for n in list {
            out.push(((*name).to_owned(), n.title, n.body));
        }
    }
    out
}

#[tokio::test]
async fn reminders_go_seven_days_and_one_day_before_once_each_even_across_a_restart()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let clock = ManualClock::starting_now();
    let people = [
        "counselor.xx",
        "counselor.jg",
        "dean.xx",
        "dean.jg",
        "office",
        "2023110101",
    ];
    let closes = {
        let store = Store::open(dir.path())?;
        crate::demo::load_if_empty(&store, &clock).await?;
        let c = store.campaign("2027")?.expect("demo campaign");
        let days = domain::submission::days_left(&c.nomination_closes, &iso_date(clock.today()))
            .unwrap_or(0);
        // Ten days before: nothing yet.
        clock.advance((days - 10) * 86_400);
        assert_eq!(run(&store, &clock)?, 0);
        // Seven days before: the classes without nominations.
        clock.advance(3 * 86_400);
        assert_eq!(run(&store, &clock)?, 4);
        assert_eq!(run(&store, &clock)?, 0, "once");
        store.flush_now()?;
        c.nomination_closes
    };
    // A restart: a new store on the same folder sends nothing again
    // (once the old one's group-commit task has let go of the folder).
    let mut reopened = Store::open(dir.path());
    for _ in 0..100 {
        if reopened.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        reopened = Store::open(dir.path());
    }
    let store = reopened?;
    assert_eq!(run(&store, &clock)?, 0, "once across a restart");
    let got = told(&store, &people);
    let titles: Vec<&str> = got
        .iter()
        .map(|(u, t, _)| {
            assert!(t.starts_with("2027届推荐截止还有 7 天"), "{u}: {t}");
            u.as_str()
        })
        .collect();
    assert_eq!(
        titles,
        ["counselor.xx", "counselor.jg", "dean.xx", "dean.jg"]
    );
    // 2023级计算机 has nominations in the chain, 2024级软件技术 only a returned one.
    let xx = &got[0].2;
    assert!(
        xx.contains("2024级软件技术1班") && !xx.contains("2023级计算机科学与技术1班"),
        "{xx}"
    );
    assert!(got[3].2.contains("2024级大数据与会计1班") && !got[3].2.contains("工程管理"));

    // The day before: the second reminder, once.
    clock.advance(6 * 86_400);
    assert_eq!(run(&store, &clock)?, 4);
    assert_eq!(run(&store, &clock)?, 0);
    let last = told(&store, &["dean.jg"]);
    assert_eq!(last.len(), 2);
    assert!(
        last[1].1.contains(&format!("明天截止（{closes}）")),
        "{:?}",
        last[1]
    );
    // After the deadline: nothing.
    clock.advance(2 * 86_400);
    assert_eq!(run(&store, &clock)?, 0);
    Ok(())
}

#[tokio::test]
async fn the_materials_reminder_names_each_class_without_data_to_its_own_people()
-> anyhow::Result<()> {
    let store = Store::temporary()?;
    let clock = ManualClock::starting_now();
    crate::demo::load_if_empty(&store, &clock).await?;
    let c = store.campaign("2027")?.expect("demo campaign");
    let days =
        domain::submission::days_left(&c.materials_deadline, &iso_date(clock.today())).unwrap_or(0);
    clock.advance((days - 1) * 86_400);
    // Every class's directory is incomplete and has no photo: all four
    // classes are named to their counselor and dean.
    run(&store, &clock)?;
    let got = told(&store, &["counselor.xx", "dean.jg"]);
    let alumni: Vec<&(String, String, String)> = got
        .iter()
        .filter(|(_, t, _)| t.contains("材料截止"))
        .collect();
    assert_eq!(alumni.len(), 2);
    assert!(
        alumni[0].2.contains("2023级计算机科学与技术1班")
            && alumni[0].2.contains("2024级软件技术1班")
    );
    // No reminder names a class of another college.
    assert!(!alumni[1].2.contains("软件技术"));
    Ok(())
}
