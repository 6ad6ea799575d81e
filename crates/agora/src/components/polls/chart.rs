//! Result charts as SVG drawn on the server: no script, no inline style (the CSP forbids
//! both), presentation attributes only. The chart repeats the results table beside it, which
//! is what screen readers read, so the SVG is hidden from them.

/// One bar: its label, the value written at its end, and its length (0..=1).
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: String,
    pub fraction: f64,
    pub highlight: bool,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart, one row per bar.
pub fn bars(bars: &[Bar<'_>]) -> String {
    const WIDTH: f64 = 600.0;
    const ROW: f64 = 44.0;
    const BAR_MAX: f64 = 460.0;
    let height = ROW * bars.len() as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"poll-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" aria-hidden=\"true\" focusable=\"false\">"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i as f64 * ROW + 4.0;
        let label: String = bar.label.chars().take(70).collect();
        let width = (bar.fraction.clamp(0.0, 1.0) * BAR_MAX).max(2.0);
        let fill = if bar.highlight { "#1d6b43" } else { "#3b5b92" };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"14\" fill=\"#1a1a1a\">{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{width:.1}\" height=\"16\" rx=\"3\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
            y + 14.0,
            escape(&label),
            y + 20.0,
            width + 6.0,
            y + 33.0,
            escape(&bar.value),
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scaled() {
        let svg = bars(&[
            Bar {
                label: "<script>",
                value: "3".into(),
                fraction: 1.0,
                highlight: true,
            },
            Bar {
                label: "B & C",
                value: "0".into(),
                fraction: 0.0,
                highlight: false,
            },
        ]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("B &amp; C"));
        assert!(svg.contains("width=\"460.0\""));
        assert!(!svg.contains("style="));
    }
}
