//! CSV records as RFC 4180 writes them: fields separated by commas, each record ended by CRLF,
//! a field in double quotes when it holds a double quote, a comma, a CR or a LF, and a double
//! quote inside a quoted field written twice. Text is UTF-8 (no byte-order mark).

/// Appends one field (without its separator).
pub fn push_field(out: &mut Vec<u8>, field: &str) {
    if field
        .bytes()
        .any(|b| matches!(b, b'"' | b',' | b'\r' | b'\n'))
    {
        out.push(b'"');
        for b in field.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// Appends one record: the fields, commas between them, CRLF after.
pub fn push_record<S: AsRef<str>>(out: &mut Vec<u8>, fields: &[S]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_field(out, field.as_ref());
    }
    out.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> String {
        let mut out = Vec::new();
        push_record(&mut out, fields);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn plain_fields_are_written_as_they_are() {
        assert_eq!(record(&["1", "Café", ""]), "1,Café,\r\n");
    }

    #[test]
    fn quotes_commas_and_line_breaks_are_quoted() {
        assert_eq!(
            record(&["a,b", "say \"hi\"", "two\nlines", "cr\rhere", "x"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",x\r\n"
        );
        assert_eq!(record(&["\""]), "\"\"\"\"\r\n");
    }
}
