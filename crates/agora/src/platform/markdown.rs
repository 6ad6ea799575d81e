//! User text is Markdown, rendered to HTML and then sanitised, so no contribution can
//! inject script or styles.

use pulldown_cmark::{Options, Parser, html};

/// Markdown → safe HTML (links get `rel="noopener noreferrer nofollow"`).
pub fn to_safe_html(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 2);
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    // No images: an image from elsewhere is a tracker (and the CSP would block it), and one
    // without a text alternative fails WCAG 1.1.1.
    ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_is_removed_and_markdown_kept() {
        let html = to_safe_html("**bold** <script>alert(1)</script> [x](javascript:alert(1))");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!to_safe_html("![a tracker](https://tracker.example/p.gif)").contains("<img"));
    }
}
