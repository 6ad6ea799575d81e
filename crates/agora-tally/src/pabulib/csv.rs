//! The small subset of CSV that Pabulib uses: `;`-separated fields, double quotes around
//! fields that contain `;`, `"` (doubled) or line breaks.

use std::borrow::Cow;

/// One record (logical line) of a file: the 1-based line where it starts and its fields
/// (borrowed from the text unless they were quoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record<'a> {
    pub line: usize,
    pub fields: Vec<Cow<'a, str>>,
}

impl Record<'_> {
    /// A record made of a single empty field (a blank line).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Iterator over the records of a text. Never panics; a quote left open at the end of
/// the text yields an error naming the line where the quoted field started.
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records {
            text,
            pos: 0,
            line: 1,
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, (usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start_line = self.line;
        let text: &'a str = self.text;
        let mut fields: Vec<Cow<'a, str>> = Vec::with_capacity(8);
        let mut i = self.pos;
        loop {
            let field: Cow<'a, str>;
            if i < bytes.len() && bytes[i] == b'"' {
                // Quoted field.
                let quote_line = self.line;
                let mut owned = String::new();
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    let run_start = i;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\n' {
                            self.line += 1;
                        }
                        i += 1;
                    }
                    owned.push_str(&text[run_start..i]);
                    if i >= bytes.len() {
                        break;
                    }
                    if i + 1 < bytes.len() && bytes[i + 1] == b'"' {
                        owned.push('"');
                        i += 2;
                    } else {
                        i += 1;
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    self.pos = bytes.len();
                    return Some(Err((quote_line, "unterminated quoted field".to_string())));
                }
                // After the closing quote: `;`, end of line or end of text.
                let run_start = i;
                while i < bytes.len() && !matches!(bytes[i], b';' | b'\n' | b'\r') {
                    i += 1;
                }
                if !text[run_start..i].trim().is_empty() {
                    let line = self.line;
                    // Skip the rest of the line so that iteration can go on.
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    self.pos = (i + 1).min(bytes.len());
                    self.line += 1;
                    return Some(Err((
                        line,
                        "unexpected text after a closing quote".to_string(),
                    )));
                }
                field = Cow::Owned(owned);
            } else {
                let run_start = i;
                while i < bytes.len() && !matches!(bytes[i], b';' | b'\n' | b'\r') {
                    i += 1;
                }
                field = Cow::Borrowed(&text[run_start..i]);
            }
            fields.push(field);
            if i >= bytes.len() {
                break;
            }
            match bytes[i] {
                b';' => {
                    i += 1;
                    if i >= bytes.len() {
                        fields.push(Cow::Borrowed(""));
                        break;
                    }
                }
                b'\r' => {
                    i += 1;
                    if i < bytes.len() && bytes[i] == b'\n' {
                        i += 1;
                    }
                    self.line += 1;
                    break;
                }
                _ => {
                    // '\n'
                    i += 1;
                    self.line += 1;
                    break;
                }
            }
        }
        self.pos = i;
        Some(Ok(Record {
            line: start_line,
            fields,
        }))
    }
}

/// Quote a field for writing if it needs it.
pub(crate) fn push_field(out: &mut String, field: &str) {
    let needs = field
        .bytes()
        .any(|b| matches!(b, b';' | b'"' | b'\n' | b'\r'));
    if needs {
        out.push('"');
        for ch in field.chars() {
            if ch == '"' {
                out.push_str("\"\"");
            } else {
                out.push(ch);
            }
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Write one record (fields joined by `;`, newline at the end).
pub(crate) fn push_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_field(out, f);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed = Result<(usize, Vec<String>), (usize, String)>;

    fn all(text: &str) -> Vec<Parsed> {
        Records::new(text)
            .map(|r| {
                r.map(|r| {
                    (
                        r.line,
                        r.fields.into_iter().map(|f| f.into_owned()).collect(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn quoting() {
        let r = all("a;\"b;c\";\"d \"\"e\"\"\"\nx;\"multi\nline\";z\r\nlast");
        assert_eq!(
            r[0],
            Ok((1, vec!["a".into(), "b;c".into(), "d \"e\"".into()]))
        );
        assert_eq!(
            r[1],
            Ok((2, vec!["x".into(), "multi\nline".into(), "z".into()]))
        );
        assert_eq!(r[2], Ok((4, vec!["last".into()])));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn broken_quotes() {
        let r = all("a;\"open\nb;c\n");
        assert_eq!(r[0], Err((1, "unterminated quoted field".to_string())));
        let r = all("a;\"x\"y;z\nnext\n");
        assert!(r[0].is_err());
        assert_eq!(r[1], Ok((2, vec!["next".into()])));
    }

    #[test]
    fn write_quotes() {
        let mut s = String::new();
        push_record(&mut s, ["a", "b;c", "say \"hi\""]);
        assert_eq!(s, "a;\"b;c\";\"say \"\"hi\"\"\"\n");
    }
}
