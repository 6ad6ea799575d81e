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
    html::push_html(&mut out, events);
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
