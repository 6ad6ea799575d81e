//! A line diff (longest common subsequence) between two versions of a text.

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Added(String),
    Removed(String),
}

impl Line {
    /// `same`, `added` or `removed` (a CSS class).
    pub fn kind(&self) -> &'static str {
        match self {
            Line::Same(_) => "same",
            Line::Added(_) => "added",
            Line::Removed(_) => "removed",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Line::Same(t) | Line::Added(t) | Line::Removed(t) => t,
        }
    }
}

/// Texts longer than this many lines are compared as wholly replaced (the table is quadratic).
const MAX_LINES: usize = 2_000;

/// The lines of `old` and `new`, marked as kept, removed or added.
pub fn lines(old: &str, new: &str) -> Vec<Line> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return a
            .iter()
            .map(|l| Line::Removed((*l).to_string()))
            .chain(b.iter().map(|l| Line::Added((*l).to_string())))
            .collect();
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(Line::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push(Line::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(b[j].to_string()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|l| Line::Removed((*l).to_string())));
    out.extend(b[j..].iter().map(|l| Line::Added((*l).to_string())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(diff: &[Line]) -> String {
        diff.iter()
            .map(|l| match l {
                Line::Same(t) => format!(" {t}"),
                Line::Added(t) => format!("+{t}"),
                Line::Removed(t) => format!("-{t}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn keeps_common_lines_and_marks_changes() {
        assert_eq!(
            show(&lines("a\nb\nc\nd", "a\nc\nx\nd\ne")),
            " a\n-b\n c\n+x\n d\n+e"
        );
        assert_eq!(show(&lines("", "new")), "+new");
        assert_eq!(show(&lines("old", "")), "-old");
        assert_eq!(show(&lines("same", "same")), " same");
    }
}
