//! Atom feeds (RFC 4287): new proposals of a proposals component, results of a space (polls
//! closed, budget results published), and the public activity of an organisation. Text is
//! escaped for XML and stripped of the control characters XML 1.0 forbids.

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 time (UTC) for Atom's date constructs.
pub fn time(t: i64) -> String {
    super::export::iso(Some(t))
}

/// One entry of a feed.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Absolute URL of the entry's page (also its id, with `#` and a discriminator if needed).
    pub id: String,
    pub link: String,
    pub title: String,
    pub summary: String,
    pub author: Option<String>,
    pub updated: i64,
}

/// A feed with its entries (newest first).
pub struct Feed {
    /// Absolute URL of the feed itself (its id and `rel="self"` link).
    pub self_url: String,
    /// Absolute URL of the HTML page it follows.
    pub page_url: String,
    pub title: String,
    /// The feed's author when an entry has none (the organisation).
    pub author: String,
    pub lang: String,
    pub entries: Vec<Entry>,
}

impl Feed {
    /// The feed document. `updated` is the newest entry's time, else `fallback`.
    pub fn to_xml(&self, fallback: i64) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(fallback);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
             <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <author><name>{}</name></author>\n<generator>agora</generator>\n",
            escape(&self.lang),
            escape(&self.self_url),
            escape(&self.title),
            time(updated),
            escape(&self.self_url),
            escape(&self.page_url),
            escape(&self.author),
        ));
        for e in &self.entries {
            out.push_str(&format!(
                "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
                 <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&e.id),
                escape(&e.title),
                time(e.updated),
                escape(&e.link),
            ));
            if let Some(author) = e.author.as_deref().filter(|a| !a.is_empty()) {
                out.push_str(&format!(
                    "<author><name>{}</name></author>\n",
                    escape(author)
                ));
            }
            if !e.summary.is_empty() {
                out.push_str(&format!(
                    "<summary type=\"text\">{}</summary>\n",
                    escape(&e.summary)
                ));
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

/// The first `max` characters of a text, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let cut: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{}…", cut.trim_end())
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_never_reach_the_xml() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>\u{0}\u{7}\n"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;\n"
        );
    }

    #[test]
    fn a_feed_has_the_required_elements() {
        let feed = Feed {
            self_url: "http://x/feed.atom".into(),
            page_url: "http://x/".into(),
            title: "A & B".into(),
            author: "Ville".into(),
            lang: "fr".into(),
            entries: vec![Entry {
                id: "http://x/1".into(),
                link: "http://x/1".into(),
                title: "<script>".into(),
                summary: "s".into(),
                author: Some("Ana".into()),
                updated: 1_700_000_000,
            }],
        };
        let xml = feed.to_xml(0);
        for needle in [
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
            "<title>A &amp; B</title>",
            "<updated>2023-11-14T22:13:20Z</updated>",
            "<title>&lt;script&gt;</title>",
            "<author><name>Ana</name></author>",
        ] {
            assert!(xml.contains(needle), "{needle}: {xml}");
        }
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("abc", 3), "abc");
    }
}
