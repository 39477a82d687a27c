//! The few pages the server writes itself (the 报送单, the campus sign-in's
//! messages): text in them is escaped here.

/// `s` as HTML text or an attribute value.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
