//! The iCalendar invitation (RFC 5545) of a meeting poll whose outcome picked a slot: one
//! VEVENT with UTC times, escaped text and lines folded at 75 octets, ended by CRLF.

/// What the invitation says.
pub struct Event<'a> {
    /// Globally unique: `poll-{id}@{host}`.
    pub uid: &'a str,
    /// When the file is made (Unix seconds).
    pub stamp: i64,
    pub start: i64,
    pub end: i64,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: &'a str,
}

/// `20261203T170000Z`.
fn utc(timestamp: i64) -> String {
    jiff::Timestamp::from_second(timestamp)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// TEXT values: backslash, semicolon and comma escaped, line breaks as `\n` (RFC 5545 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: no line longer than 75 octets, never splitting a character;
/// continuation lines start with a space (RFC 5545 3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// The whole `.ics` file.
pub fn calendar(event: &Event) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//agora//polls//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, "BEGIN:VEVENT");
    line(&mut out, &format!("UID:{}", escape(event.uid)));
    line(&mut out, &format!("DTSTAMP:{}", utc(event.stamp)));
    line(&mut out, &format!("DTSTART:{}", utc(event.start)));
    line(&mut out, &format!("DTEND:{}", utc(event.end)));
    line(&mut out, &format!("SUMMARY:{}", escape(event.summary)));
    if !event.description.is_empty() {
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape(event.description)),
        );
    }
    line(&mut out, &format!("URL:{}", event.url));
    line(&mut out, "END:VEVENT");
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_well_formed() {
        let long = "Réunion, budget; suite\\fin\n".repeat(10);
        let text = calendar(&Event {
            uid: "poll-7@agora.example",
            stamp: 0,
            start: 1_796_317_200,
            end: 1_796_320_800,
            summary: "Meeting, December; \"team\"",
            description: &long,
            url: "https://agora.example/polls/1/7",
        });
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{l:?}");
        }
        assert!(text.contains("DTSTAMP:19700101T000000Z\r\n"));
        assert!(text.contains("DTSTART:20261203T170000Z\r\n"));
        assert!(text.contains("SUMMARY:Meeting\\, December\\; \"team\"\r\n"));
        // Unfolded, the description says what was written, escaped.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:Réunion\\, budget\\; suite\\\\fin\\nRéunion"));
    }
}
