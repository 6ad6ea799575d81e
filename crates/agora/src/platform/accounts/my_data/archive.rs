//! A small ZIP writer (stored entries, no compression) and RFC 4180 CSV, for the personal-data
//! download. A person's data is small (kilobytes to a few megabytes), so compression would buy
//! little and cost a dependency; any unzip tool, Python's `zipfile` and every spreadsheet read
//! stored entries. Archives are limited to 4 GiB and 65,535 entries (no ZIP64).

/// The CRC-32 (IEEE 802.3, as ZIP uses) lookup table, computed at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// The MS-DOS date and time fields of a Unix time (UTC), as ZIP headers hold them.
fn dos_time(unix_seconds: i64) -> (u16, u16) {
    let Ok(t) = jiff::Timestamp::from_second(unix_seconds) else {
        return (0, 0x21);
    };
    let dt = t.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let year = i32::from(dt.year()).clamp(1980, 2107);
    let time = (u16::try_from(dt.hour()).unwrap_or(0) << 11)
        | (u16::try_from(dt.minute()).unwrap_or(0) << 5)
        | (u16::try_from(dt.second()).unwrap_or(0) / 2);
    let date = (u16::try_from(year - 1980).unwrap_or(0) << 9)
        | (u16::try_from(dt.month()).unwrap_or(1) << 5)
        | u16::try_from(dt.day()).unwrap_or(1);
    (time, date)
}

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the archive is too large for a ZIP without ZIP64")]
pub struct TooLarge;

/// A ZIP archive being written in memory.
pub struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Entry>,
    time: u16,
    date: u16,
}

impl ZipWriter {
    /// An empty archive whose entries are dated `unix_seconds`.
    pub fn new(unix_seconds: i64) -> ZipWriter {
        let (time, date) = dos_time(unix_seconds);
        ZipWriter {
            out: Vec::new(),
            entries: Vec::new(),
            time,
            date,
        }
    }

    /// Adds a file (names are UTF-8, flagged as such).
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), TooLarge> {
        let size = u32::try_from(data.len()).map_err(|_| TooLarge)?;
        let offset = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        let name_len = u16::try_from(name.len()).map_err(|_| TooLarge)?;
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(TooLarge);
        }
        let crc = crc32(data);
        let o = &mut self.out;
        o.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        o.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        o.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        o.extend_from_slice(&0u16.to_le_bytes()); // stored
        o.extend_from_slice(&self.time.to_le_bytes());
        o.extend_from_slice(&self.date.to_le_bytes());
        o.extend_from_slice(&crc.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&name_len.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(data);
        u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        self.entries.push(Entry {
            name: name.to_string(),
            crc,
            size,
            offset,
        });
        Ok(())
    }

    /// Writes the central directory and returns the archive's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let start = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        for e in &self.entries {
            let o = &mut self.out;
            o.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            o.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes()); // made by: Unix, 2.0
            o.extend_from_slice(&20u16.to_le_bytes());
            o.extend_from_slice(&0x0800u16.to_le_bytes());
            o.extend_from_slice(&0u16.to_le_bytes());
            o.extend_from_slice(&self.time.to_le_bytes());
            o.extend_from_slice(&self.date.to_le_bytes());
            o.extend_from_slice(&e.crc.to_le_bytes());
            o.extend_from_slice(&e.size.to_le_bytes());
            o.extend_from_slice(&e.size.to_le_bytes());
            o.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            o.extend_from_slice(&0u16.to_le_bytes()); // extra
            o.extend_from_slice(&0u16.to_le_bytes()); // comment
            o.extend_from_slice(&0u16.to_le_bytes()); // disk
            o.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            o.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // -rw-r--r--
            o.extend_from_slice(&e.offset.to_le_bytes());
            o.extend_from_slice(e.name.as_bytes());
        }
        let end = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        let count = self.entries.len() as u16;
        let o = &mut self.out;
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(&count.to_le_bytes());
        o.extend_from_slice(&count.to_le_bytes());
        o.extend_from_slice(&(end - start).to_le_bytes());
        o.extend_from_slice(&start.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.out)
    }
}

/// Reads the stored entries of an archive written by [`ZipWriter`] (name, content), checking
/// every CRC through the central directory. For tests and for tools; not a general reader.
pub fn read_stored(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
    let eocd = bytes.len().checked_sub(22)?;
    if u32_at(eocd)? != 0x0605_4b50 {
        return None;
    }
    let count = usize::from(u16_at(eocd + 10)?);
    let mut at = u32_at(eocd + 16)? as usize;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4b50 || u16_at(at + 10)? != 0 {
            return None;
        }
        let crc = u32_at(at + 16)?;
        let size = u32_at(at + 24)? as usize;
        let name_len = usize::from(u16_at(at + 28)?);
        let skip = name_len + usize::from(u16_at(at + 30)?) + usize::from(u16_at(at + 32)?);
        let offset = u32_at(at + 42)? as usize;
        let name = String::from_utf8(bytes.get(at + 46..at + 46 + name_len)?.to_vec()).ok()?;
        at += 46 + skip;
        if u32_at(offset)? != 0x0403_4b50 {
            return None;
        }
        let data_at =
            offset + 30 + usize::from(u16_at(offset + 26)?) + usize::from(u16_at(offset + 28)?);
        let data = bytes.get(data_at..data_at + size)?.to_vec();
        if crc32(&data) != crc {
            return None;
        }
        files.push((name, data));
    }
    Some(files)
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break, or starts
/// with a character a spreadsheet would take for a formula (then prefixed with `'`).
pub fn csv_field(out: &mut String, value: &str) {
    let formula =
        value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err();
    let value = if formula {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

/// One CSV record, ended by CRLF.
pub fn csv_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn archives_round_trip() {
        let mut zip = ZipWriter::new(1_795_000_000);
        zip.add("README.md", "Données — «ok»\n".as_bytes())
            .expect("add");
        zip.add("csv/empty.csv", b"").expect("add");
        let bytes = zip.finish().expect("finish");
        let files = read_stored(&bytes).expect("readable");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].0, "README.md");
        assert_eq!(files[0].1, "Données — «ok»\n".as_bytes());
        assert_eq!(files[1], ("csv/empty.csv".to_string(), Vec::new()));
        let mut broken = bytes.clone();
        broken[40] ^= 1;
        assert!(
            read_stored(&broken).is_none(),
            "a changed byte fails the CRC"
        );
    }

    #[test]
    fn dos_times() {
        // 2026-11-21 14:30:10 UTC
        let (time, date) = dos_time(1_795_271_410);
        assert_eq!(date >> 9, 2026 - 1980);
        assert_eq!((date >> 5) & 0xF, 11);
        assert_eq!(date & 0x1F, 21);
        assert_eq!(time >> 11, 14);
        assert_eq!((time >> 5) & 0x3F, 30);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut out = String::new();
        csv_record(
            &mut out,
            ["a", "b,c", "say \"hi\"", "two\nlines", "=1+1", "-3"],
        );
        assert_eq!(
            out,
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1,-3\r\n"
        );
    }
}
