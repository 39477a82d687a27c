use super::*;

fn on() -> CampusSettings {
    CampusSettings {
        cas: CasSettings {
            enabled: true,
            server_url: " https://cas.example.edu.cn/cas/ ".into(),
            version: 3,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn without_a_provider_everyone_may_use_a_password() {
    let s = CampusSettings::default();
    for role in Role::ALL {
        assert!(s.password_allowed(role, false), "{role:?}");
    }
}

#[test]
fn with_a_provider_only_the_admin_liaisons_and_chosen_roles_use_a_password() {
    let mut s = on();
    assert!(s.password_allowed(Role::Admin, false));
    assert!(s.password_allowed(Role::Student, true));
    for role in [Role::Student, Role::Counselor, Role::Dean, Role::Office] {
        assert!(!s.password_allowed(role, false), "{role:?}");
    }
    s.passwords.dean = true;
    assert!(s.password_allowed(Role::Dean, false));
    assert!(!s.password_allowed(Role::Counselor, false));
}

#[test]
fn settings_are_cleaned_and_checked() {
    let s = on().check().expect("valid");
    assert_eq!(s.cas.server_url, "https://cas.example.edu.cn/cas");
    assert_eq!(s.display_name(Provider::Cas), DEFAULT_NAME);

    let mut bad = on();
    bad.cas.server_url = "http://cas.example.edu.cn/cas".into();
    bad.cas.version = 4;
    bad.cas.account_attribute = "学号".into();
    bad.oidc.enabled = true;
    let e = bad.check().expect_err("invalid");
    for field in [
        "cas.server_url",
        "cas.version",
        "cas.account_attribute",
        "oidc.issuer",
        "oidc.client_id",
    ] {
        assert!(e.contains_key(field), "{field}: {e:?}");
    }
    // A provider that is off need not be complete.
    let mut off = CampusSettings::default();
    off.oidc.issuer = "not a url".into();
    assert!(off.check().is_ok());
}

#[test]
fn a_provider_on_this_machine_may_use_http() {
    assert!(provider_url("http://127.0.0.1:8000/cas").is_ok());
    assert!(provider_url("http://localhost:3000").is_ok());
    assert!(provider_url("http://127.0.0.1.evil.cn/cas").is_err());
    assert!(provider_url("https://cas.example.edu.cn/cas?x=1").is_err());
    assert!(provider_url("javascript:alert(1)").is_err());
}

#[test]
fn the_return_address_is_a_local_path_only() {
    for (next, went) in [
        ("/nominations/1", "/nominations/1"),
        ("/", "/"),
        ("//evil.example.com/x", "/"),
        ("/\\evil.example.com", "/"),
        ("https://evil.example.com", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("/a\nb", "/"),
    ] {
        assert_eq!(local_path(next), went, "{next:?}");
    }
}

#[test]
fn a_new_cas_setting_speaks_protocol_three() {
    assert_eq!(CampusSettings::default().cas.version, 3);
    let read: CampusSettings =
        serde_json::from_str(r#"{"cas": {"enabled": false}}"#).expect("json");
    assert_eq!(read.cas.version, 3);
}
