use super::*;
use server::clock::ManualClock;

#[tokio::test]
async fn the_demo_has_every_role_and_two_colleges_of_classes() -> anyhow::Result<()> {
    let store = Store::temporary()?;
    assert!(load_if_empty(&store, &ManualClock::starting_now()).await?);
    for name in [
        "admin",
        "office",
        "dean.xx",
        "dean.jg",
        "counselor.xx",
        "counselor.jg",
        "2023110101",
        "2023210132",
    ] {
        assert!(store.user_by_username(name)?.is_some(), "{name} missing");
    }
    let classes = store.classes()?;
    assert_eq!(classes.len(), 4);
    for college in ["xx", "jg"] {
        assert!(
            classes
                .iter()
                .any(|c| c.college == college && c.level == Level::Associate)
        );
    }
    assert!(
        store
            .user_by_username("office")?
            .is_some_and(|u| u.is_director)
    );
    Ok(())
}

#[tokio::test]
async fn the_demo_campaign_is_open_on_the_day_it_is_loaded() -> anyhow::Result<()> {
    let store = Store::temporary()?;
    let clock = ManualClock::starting_now();
    load_if_empty(&store, &clock).await?;
    let c = store.campaigns()?;
    assert_eq!(c.len(), 1);
    assert!(c[0].is_open_on(&iso_date(clock.today())));
    Ok(())
}

#[tokio::test]
async fn the_demo_has_nominations_at_different_stages() -> anyhow::Result<()> {
    let store = Store::temporary()?;
    load_if_empty(&store, &ManualClock::starting_now()).await?;
    let states: std::collections::HashSet<_> =
        store.nominations()?.into_iter().map(|n| n.state).collect();
    assert!(states.len() >= 4, "{states:?}");
    Ok(())
}

#[tokio::test]
async fn the_demo_is_not_loaded_twice() -> anyhow::Result<()> {
    let store = Store::temporary()?;
    let clock = ManualClock::starting_now();
    assert!(load_if_empty(&store, &clock).await?);
    let users = store.users()?.len();
    assert!(!load_if_empty(&store, &clock).await?);
    assert_eq!(store.users()?.len(), users);
    Ok(())
}
