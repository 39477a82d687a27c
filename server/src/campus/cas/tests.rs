use super::*;

#[test]
fn a_success_is_read_with_or_without_the_cas_prefix() {
    let namespaced = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
        <cas:authenticationSuccess>
            <cas:user>2023110101</cas:user>
            <cas:attributes>
                <cas:accountName>2023110101</cas:accountName>
                <cas:cn>王子涵</cas:cn>
                <cas:memberOf>a</cas:memberOf>
                <cas:memberOf>b</cas:memberOf>
            </cas:attributes>
        </cas:authenticationSuccess>
    </cas:serviceResponse>"#;
    let bare = "<serviceResponse><authenticationSuccess><user> 2023110101 </user>\
        <attributes><attribute name=\"accountName\" value=\"2023110101\"/></attributes>\
        </authenticationSuccess></serviceResponse>";
    // django-cas-server writes each attribute twice: in <cas:attributes>
    // and as a name/value pair beside it.
    let both = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
        <cas:authenticationSuccess><cas:user>2023110101</cas:user>
        <cas:attributes><cas:accountName>2023110101</cas:accountName></cas:attributes>
        <cas:attribute name="accountName" value="2023110101"/>
        </cas:authenticationSuccess></cas:serviceResponse>"#;
    assert_eq!(
        parse_answer(both).expect("success").attributes["accountName"],
        ["2023110101"]
    );
    for xml in [namespaced, bare, both] {
        let u = parse_answer(xml).expect("success");
        assert_eq!(u.user, "2023110101");
        assert_eq!(u.attribute("accountName"), Some("2023110101"));
    }
    let u = parse_answer(namespaced).expect("success");
    assert_eq!(u.attributes["memberOf"], ["a", "b"]);
    let by_attribute = CasSettings {
        account_attribute: "accountName".into(),
        ..Default::default()
    };
    assert_eq!(u.account(&by_attribute), Some("2023110101"));
    let by_user = CasSettings::default();
    assert_eq!(u.account(&by_user), Some("2023110101"));
    let missing = CasSettings {
        account_attribute: "employeeNumber".into(),
        ..Default::default()
    };
    assert_eq!(u.account(&missing), None);
}

#[test]
fn a_failure_and_a_stranger_are_refused() {
    let failure = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
        <cas:authenticationFailure code="INVALID_TICKET">Ticket ST-1 not recognized</cas:authenticationFailure>
    </cas:serviceResponse>"#;
    assert_eq!(
        parse_answer(failure),
        Err(Refused::Failure {
            code: "INVALID_TICKET".into(),
            message: "Ticket ST-1 not recognized".into()
        })
    );
    for xml in [
        "",
        "<html>502 Bad Gateway</html>",
        "<serviceResponse/>",
        "<serviceResponse><authenticationSuccess/></serviceResponse>",
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><serviceResponse>&a;</serviceResponse>",
    ] {
        assert!(
            matches!(parse_answer(xml), Err(Refused::Unreadable(_))),
            "{xml}"
        );
    }
}

#[test]
fn addresses_are_built_from_the_settings_and_encoded() {
    let s = CasSettings {
        server_url: "https://cas.example.edu.cn/cas".into(),
        version: 2,
        ..Default::default()
    };
    let service = "https://liaison.example.edu.cn/api/v1/auth/cas/callback";
    assert_eq!(
        login_url(&s, service),
        "https://cas.example.edu.cn/cas/login?service=https%3A%2F%2Fliaison.example.edu.cn%2Fapi%2Fv1%2Fauth%2Fcas%2Fcallback"
    );
    assert!(validate_url(&s, service, "ST-1&x").contains("/serviceValidate?service="));
    assert!(validate_url(&s, service, "ST-1&x").ends_with("&ticket=ST-1%26x"));
    let v3 = CasSettings { version: 3, ..s };
    assert!(validate_url(&v3, service, "ST-1").contains("/p3/serviceValidate?"));
}

#[test]
fn a_single_logout_request_names_its_ticket() {
    let xml = r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x" Version="2.0" IssueInstant="2026-12-06T10:00:00Z">
        <saml:NameID>2023110101</saml:NameID>
        <samlp:SessionIndex>ST-42-abc</samlp:SessionIndex>
    </samlp:LogoutRequest>"#;
    assert_eq!(logout_ticket(xml).as_deref(), Some("ST-42-abc"));
    assert_eq!(logout_ticket("<x/>"), None);
    assert_eq!(logout_ticket("not xml"), None);
}
