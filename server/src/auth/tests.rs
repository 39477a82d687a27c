use super::*;

fn cidrs(list: &[&str]) -> Vec<crate::config::Cidr> {
    list.iter().map(|c| c.parse().expect("cidr")).collect()
}

#[test]
fn address_blocks_parse_and_contain() {
    let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
    let ten = cidrs(&["10.0.0.0/8"])[0];
    assert!(ten.contains(ip("10.200.3.4")));
    assert!(!ten.contains(ip("11.0.0.1")));
    assert!(ten.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6");
    let one = cidrs(&["192.0.2.7"])[0];
    assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
    assert!(cidrs(&["0.0.0.0/0"])[0].contains(ip("8.8.8.8")));
    assert!(cidrs(&["fd00::/8"])[0].contains(ip("fd12::1")));
    assert!(!cidrs(&["fd00::/8"])[0].contains(ip("10.0.0.1")));
    for bad in ["10.0.0.0/33", "nonsense", "::/129", "1.2.3.4/x"] {
        assert!(bad.parse::<crate::config::Cidr>().is_err(), "{bad}");
    }
}

#[test]
fn forwarded_headers_are_believed_only_from_a_trusted_peer() {
    let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
    let mut h = axum::http::HeaderMap::new();
    h.insert(
        "x-forwarded-for",
        "198.51.100.1, 203.0.113.9, 10.0.0.2".parse().expect("h"),
    );
    h.insert("x-forwarded-proto", "https".parse().expect("h"));
    let proxies = cidrs(&["10.0.0.0/8"]);
    // From the proxy: the nearest untrusted address; HTTPS believed.
    let c = ClientIp::of(ip("10.0.0.1"), &h, &proxies);
    assert_eq!((c.0, c.1), (ip("203.0.113.9"), true));
    // From anyone else, or with no proxies configured: the peer itself.
    let c = ClientIp::of(ip("203.0.113.50"), &h, &proxies);
    assert_eq!((c.0, c.1), (ip("203.0.113.50"), false));
    let c = ClientIp::of(ip("10.0.0.1"), &h, &[]);
    assert_eq!((c.0, c.1), (ip("10.0.0.1"), false));
    // X-Real-IP when there is no X-Forwarded-For.
    let mut r = axum::http::HeaderMap::new();
    r.insert("x-real-ip", "203.0.113.77".parse().expect("h"));
    assert_eq!(
        ClientIp::of(ip("10.0.0.1"), &r, &proxies).0,
        ip("203.0.113.77")
    );
    // Garbage stops the walk: the peer is kept rather than guessed.
    let mut g = axum::http::HeaderMap::new();
    g.insert("x-forwarded-for", "not-an-ip".parse().expect("h"));
    assert_eq!(ClientIp::of(ip("10.0.0.1"), &g, &proxies).0, ip("10.0.0.1"));
}

#[test]
fn the_session_cookie_is_found_among_others() {
    let mut h = HeaderMap::new();
    h.insert(
        header::COOKIE,
        HeaderValue::from_static("a=1; liaison_session=tok; b=2"),
    );
    assert_eq!(session_token(&h, false).as_deref(), Some("tok"));
    assert_eq!(
        session_token(&h, true),
        None,
        "behind HTTPS only __Host- counts"
    );
    h.append(
        header::COOKIE,
        HeaderValue::from_static("__Host-liaison_session=ours"),
    );
    assert_eq!(session_token(&h, false).as_deref(), Some("ours"));
    assert_eq!(session_token(&h, true).as_deref(), Some("ours"));
}

#[test]
fn tokens_are_random_and_keys_are_their_digests() -> Result<(), ApiError> {
    let (t1, k1) = new_session_token()?;
    let (t2, _) = new_session_token()?;
    assert_ne!(t1, t2);
    assert_eq!(k1, session_key(&t1));
    assert_eq!(k1.len(), 64);
    Ok(())
}

#[test]
fn one_time_passwords_follow_the_password_rules_and_differ() -> Result<(), ApiError> {
    let a = onetime_password()?;
    let b = onetime_password()?;
    assert_ne!(a, b);
    assert_eq!(a.len(), 10);
    assert!(domain::validate::new_password(&a).is_ok());
    assert!(!a.contains(['0', 'o', '1', 'l', 'i']));
    Ok(())
}

#[test]
fn the_cookie_is_http_only_and_strict() {
    let c = session_cookie("abc", true);
    let c = c.to_str().unwrap_or_default();
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
    assert!(c.starts_with("__Host-liaison_session=abc; Path=/;") && !c.contains("Domain"));
    let cleared = clear_cookie(true);
    assert!(
        cleared
            .to_str()
            .unwrap_or_default()
            .starts_with("__Host-liaison_session=;")
    );
    assert!(
        !session_cookie("abc", false)
            .to_str()
            .unwrap_or_default()
            .contains("Secure")
    );
}
