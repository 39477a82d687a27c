use super::*;

const WECOM: &str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx";
const DING: &str = "https://oapi.dingtalk.com/robot/send?access_token=abc123";

#[test]
fn only_the_platforms_own_webhook_addresses_are_accepted() {
    assert_eq!(check_url(RobotKind::Wecom, WECOM, &[]), Ok(()));
    assert_eq!(check_url(RobotKind::Dingtalk, DING, &[]), Ok(()));
    assert!(
        check_url(RobotKind::Wecom, DING, &[]).is_err(),
        "the other platform"
    );
    for bad in [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        "https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=x",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=",
        "https://10.0.0.1/cgi-bin/webhook/send?key=x",
        "https://qyapi.weixin.qq.com@10.0.0.1/cgi-bin/webhook/send?key=x",
        "file:///etc/passwd",
    ] {
        assert!(check_url(RobotKind::Wecom, bad, &[]).is_err(), "{bad}");
    }
    // A relay the operator allowed, and a receiver on this machine.
    let hosts = vec!["127.0.0.1:9000".to_owned()];
    assert_eq!(
        check_url(
            RobotKind::Wecom,
            "http://127.0.0.1:9000/cgi-bin/webhook/send?key=k",
            &hosts
        ),
        Ok(())
    );
    assert!(
        check_url(
            RobotKind::Wecom,
            "http://127.0.0.1:9001/cgi-bin/webhook/send?key=k",
            &hosts
        )
        .is_err(),
        "a port not allowed"
    );
}

#[test]
fn a_message_fits_the_platform_s_limit_on_a_character_boundary() {
    let long = "待审核".repeat(2000);
    let body = RobotKind::Wecom.body("t", &long);
    let content = body["markdown"]["content"].as_str().unwrap_or_default();
    assert!(content.len() <= 4096 && content.ends_with('…'));
    assert_eq!(
        RobotKind::Dingtalk.body("标题", "正文")["markdown"]["title"],
        "标题"
    );
    assert_eq!(fit("短", 10), "短");
}

#[test]
fn the_digest_says_what_waits_and_the_nearest_deadline_or_nothing() {
    let d = Digest {
        owner_name: "信息工程学院",
        waiting: vec![("待学院审核", 3)],
        deadline: Some(("2027届推荐截止".into(), "2027-03-31".into(), 5)),
        link: "https://liaison.example.edu.cn/todo",
    };
    let (title, text) = digest(&d).unwrap_or_default();
    assert_eq!(title, "校友联络员：待审核 3 份");
    assert!(text.contains("待学院审核：**3** 份") && text.contains("2027-03-31"));
    assert!(text.contains("](https://liaison.example.edu.cn/todo)"));
    let quiet = Digest {
        waiting: vec![("待学院审核", 0)],
        deadline: Some(("2027届推荐截止".into(), "2027-06-30".into(), 60)),
        ..d
    };
    assert_eq!(digest(&quiet), None, "nothing to say on a quiet day");
}

#[test]
fn secrets_are_checked_and_shown_by_their_tail_only() {
    assert!(check_secret("SEC0123abcd").is_ok());
    assert!(check_secret("0123").is_err() && check_secret("SEC 12").is_err());
    assert_eq!(hint("SECabcdef1234"), "••••1234");
}
