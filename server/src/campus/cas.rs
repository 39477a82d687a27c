//! The CAS client: the login address, the one server-to-server validation of
//! a ticket (CAS 2.0 `/serviceValidate`, 3.0 `/p3/serviceValidate`), and the
//! CAS server's single-logout request. No mature CAS crate exists; the
//! protocol is a redirect, a GET and a small XML answer, parsed tolerantly:
//! portals write `cas:` names or none, and release attributes as elements
//! (`<cas:accountName>`) or as name/value pairs.

use std::collections::BTreeMap;

use domain::campus::CasSettings;

/// The largest CAS answer read; a real one is a few hundred bytes.
pub const MAX_ANSWER: usize = 64 * 1024;

/// Who a CAS server says signed in, with the attributes it released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasUser {
    pub user: String,
    pub attributes: BTreeMap<String, Vec<String>>,
}

impl CasUser {
    /// The account number the settings name: an attribute's first value,
    /// or the CAS user itself.
    pub fn account(&self, s: &CasSettings) -> Option<&str> {
        if s.account_attribute.is_empty() {
            return Some(&self.user);
        }
        self.attribute(&s.account_attribute)
    }

    /// An attribute's first value, by its name without a prefix.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

/// Why a ticket did not prove anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `<cas:authenticationFailure code="…">`: a used, expired or unknown
    /// ticket, or one for another service.
    Failure { code: String, message: String },
    /// Not a CAS answer.
    Unreadable(String),
}

/// Where the browser goes to sign in at the CAS server.
pub fn login_url(s: &CasSettings, service: &str) -> String {
    format!("{}/login?service={}", s.server_url, encode(service))
}

/// Where the ticket is validated, server to server.
pub fn validate_url(s: &CasSettings, service: &str, ticket: &str) -> String {
    let path = if s.version == 2 {
        "/serviceValidate"
    } else {
        "/p3/serviceValidate"
    };
    format!(
        "{}{path}?service={}&ticket={}",
        s.server_url,
        encode(service),
        encode(ticket)
    )
}

/// Percent-encodes everything but the unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads a `serviceResponse`.
pub fn parse_answer(xml: &str) -> Result<CasUser, Refused> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| Refused::Unreadable(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "serviceResponse" {
        return Err(Refused::Unreadable(format!(
            "<{}> instead of <serviceResponse>",
            root.tag_name().name()
        )));
    }
    let text = |n: roxmltree::Node<'_, '_>| n.text().unwrap_or_default().trim().to_owned();
    if let Some(f) = child(root, "authenticationFailure") {
        return Err(Refused::Failure {
            code: f.attribute("code").unwrap_or_default().trim().to_owned(),
            message: text(f),
        });
    }
    let Some(ok) = child(root, "authenticationSuccess") else {
        return Err(Refused::Unreadable("neither success nor failure".into()));
    };
    let user = child(ok, "user").map(text).unwrap_or_default();
    if user.is_empty() {
        return Err(Refused::Unreadable("no <cas:user>".into()));
    }
    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // `<cas:attributes><cas:x>y</cas:x>…`, and `<cas:attribute name="x"
    // value="y"/>` inside it or beside it (some servers write both).
    let inside = child(ok, "attributes")
        .into_iter()
        .flat_map(|a| a.children())
        .filter(|c| c.is_element());
    let beside = ok
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "attribute");
    for a in inside.chain(beside) {
        let (name, value) = match (a.attribute("name"), a.attribute("value")) {
            (Some(n), Some(v)) if a.tag_name().name() == "attribute" => {
                (n.to_owned(), v.trim().to_owned())
            }
            _ => (a.tag_name().name().to_owned(), text(a)),
        };
        let values = attributes.entry(name).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Ok(CasUser { user, attributes })
}

/// The ticket a CAS server's single-logout request names
/// (`<samlp:SessionIndex>`).
pub fn logout_ticket(xml: &str) -> Option<String> {
    if xml.len() > MAX_ANSWER {
        return None;
    }
    let doc = roxmltree::Document::parse(xml).ok()?;
    doc.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "SessionIndex")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// `n`'s first child element named `name` (without a prefix).
fn child<'a, 'input>(
    n: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

#[cfg(test)]
mod tests;
