//! User text is Markdown, rendered to HTML that is safe by construction: no contribution can
//! inject markup, script or styles.
//!
//! Why not "render, then sanitise" (ammonia): sanitising re-parses every rendered text as HTML,
//! which cost more than everything else on a page of 300 comments (docs/PERFORMANCE.md, Madrid
//! scale). Here nothing unsafe is ever written, so there is nothing to remove afterwards:
//! - raw HTML in the text (`<script>`, `<b>`, comments, …) is shown as text, escaped;
//! - every text, code span and attribute goes through pulldown-cmark's escaping;
//! - links are written by us, only for `http`, `https`, `mailto` and relative addresses, with
//!   `rel="noopener noreferrer nofollow"`; any other scheme (`javascript:`, `data:`, …) keeps its
//!   text and loses the link;
//! - images are dropped and their text alternative kept: an image from elsewhere is a tracker
//!   (and the CSP would block it), and one without a text alternative fails WCAG 1.1.1.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Markdown → safe HTML.
pub fn to_safe_html(markdown: &str) -> String {
    render(markdown, None)
}

/// Markdown → safe HTML, with the @mentions of the nicknames `known` accepts as links to their
/// profile page (`@group` is emphasised; other `@words`, code and link texts are left alone).
pub fn to_safe_html_mentioning(markdown: &str, known: &dyn Fn(&str) -> bool) -> String {
    render(markdown, Some(known))
}

/// Splits a text into plain runs and the mentions `known` accepts, as events.
fn mention_events<'a>(text: CowStr<'a>, known: &dyn Fn(&str) -> bool) -> Vec<Event<'a>> {
    let spans = crate::platform::notifications::mentions::spans(&text);
    let spans: Vec<_> = spans
        .into_iter()
        .filter(|(_, _, nick)| nick == "group" || known(nick))
        .collect();
    if spans.is_empty() {
        return vec![Event::Text(text)];
    }
    let mut events = Vec::with_capacity(spans.len() * 2 + 1);
    let mut at = 0;
    for (start, end, nick) in spans {
        if start > at {
            events.push(Event::Text(CowStr::from(text[at..start].to_string())));
        }
        let html = if nick == "group" {
            "<strong class=\"mention\">@group</strong>".to_string()
        } else {
            // Nicknames are [a-z0-9_]: nothing to escape.
            format!("<a class=\"mention\" href=\"/u/{nick}\">@{nick}</a>")
        };
        events.push(Event::InlineHtml(CowStr::from(html)));
        at = end;
    }
    if at < text.len() {
        events.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
    events
}

fn render(markdown: &str, known: Option<&dyn Fn(&str) -> bool>) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2 + 16);
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let mut dropped_link = false;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            if allowed_destination(&dest_url) {
                Some(Event::InlineHtml(link_open(&dest_url, &title)))
            } else {
                dropped_link = true;
                None
            }
        }
        // Links do not nest in Markdown: the next end closes the link just dropped.
        Event::End(TagEnd::Link) if dropped_link => {
            dropped_link = false;
            None
        }
        other => Some(other),
    });
    match known {
        None => html::push_html(&mut out, events),
        Some(known) => {
            // The parser may cut a text at `_` or `*` that turned out not to be emphasis:
            // joined again, so that `@ana_puig` is seen whole.
            let mut joined: Vec<Event> = Vec::new();
            for event in events {
                match (joined.last_mut(), event) {
                    (Some(Event::Text(previous)), Event::Text(text)) => {
                        *previous = CowStr::from(format!("{previous}{text}"));
                    }
                    (_, event) => joined.push(event),
                }
            }
            // Mentions only in running text: not in code, nor inside a link's text.
            let mut in_code = false;
            let mut in_link = 0usize;
            let events = joined.into_iter().flat_map(|event| match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    vec![event]
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    vec![event]
                }
                Event::InlineHtml(ref html) if html.starts_with("<a href=") => {
                    in_link += 1;
                    vec![event]
                }
                Event::End(TagEnd::Link) => {
                    in_link = in_link.saturating_sub(1);
                    vec![event]
                }
                Event::Text(text) if !in_code && in_link == 0 && text.contains('@') => {
                    mention_events(text, known)
                }
                other => vec![other],
            });
            html::push_html(&mut out, events)
        }
    }
    out
}

/// `http`, `https`, `mailto` or no scheme at all (relative, `#anchor`). Browsers ignore ASCII
/// tabs, newlines and leading spaces in a scheme, so those are removed before looking.
fn allowed_destination(dest: &str) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path, query or fragment starts no scheme ("a/b:c", "?x=y:z").
            if cleaned[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&cleaned[..colon], "http" | "https" | "mailto")
        }
    }
}

fn link_open(dest: &str, title: &str) -> CowStr<'static> {
    let mut tag = String::with_capacity(dest.len() + title.len() + 64);
    tag.push_str("<a href=\"");
    // Writing to a String cannot fail.
    let _ = escape_href(&mut tag, dest);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = escape_html(&mut tag, title);
    }
    tag.push_str("\" rel=\"noopener noreferrer nofollow\">");
    CowStr::from(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_is_removed_and_markdown_kept() {
        let html = to_safe_html("**bold** <script>alert(1)</script> [x](javascript:alert(1))");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script"));
        assert!(
            html.contains("&lt;script&gt;"),
            "raw HTML is shown as text: {html}"
        );
        assert!(!html.contains("javascript:"));
        assert!(!to_safe_html("![a tracker](https://tracker.example/p.gif)").contains("<img"));
        assert!(to_safe_html("![a tracker](https://tracker.example/p.gif)").contains("a tracker"));
    }

    #[test]
    fn only_safe_links_are_links() {
        let ok = to_safe_html("[site](https://example.org/a?b=1&c=\"2\" \"t<i>\")");
        assert!(
            ok.contains("<a href=\"https://example.org/a?b=1&amp;c=%222%22\""),
            "{ok}"
        );
        assert!(ok.contains("title=\"t&lt;i&gt;\""), "{ok}");
        assert!(
            ok.contains("rel=\"noopener noreferrer nofollow\">site</a>"),
            "{ok}"
        );
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
        ] {
            let html = to_safe_html(bad);
            assert!(!html.contains("<a"), "{bad} gave {html}");
        }
        assert!(to_safe_html("[x](/p/1#c2)").contains("<a href=\"/p/1#c2\""));
        assert!(to_safe_html("<mailto:a@example.org>").contains("href=\"mailto:a@example.org\""));
        assert!(to_safe_html("<https://example.org>").contains("href=\"https://example.org\""));
    }

    #[test]
    fn raw_html_of_every_kind_is_text() {
        for raw in [
            "<img src=x onerror=alert(1)>",
            "<div onclick=\"x()\">a</div>",
            "<!-- c --><style>body{}</style>",
            "a <iframe src=//evil></iframe> b",
            "<svg/onload=alert(1)>",
        ] {
            let html = to_safe_html(raw);
            let tags_removed = html.replace("<p>", "").replace("</p>", "");
            assert!(!tags_removed.contains('<'), "{raw} gave {html}");
        }
        assert!(to_safe_html("| a | b |\n|---|---|\n| 1 | <b>2</b> |").contains("<table>"));
        assert!(
            to_safe_html("```x\"><script>\ncode\n```")
                .contains("language-x&quot;&gt;&lt;script&gt;")
        );
    }
}
