//! A minimal reader for the small CSV files embedded in this crate, and the writer of the
//! CSV files the relay exports (the audit log).
//!
//! The files are ours and simple (one record per line, `"` quoting, `#` comment lines), so a
//! few lines here spare a dependency in the wasm bundle.

/// One CSV record as RFC 4180 writes it: fields separated by commas, a field holding a comma,
/// a quote or a line break in quotes with its quotes doubled, CRLF at the end. A field a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a CR) gets a
/// leading apostrophe: some fields (a device's name) are self-declared by whoever signed in.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let field = field.as_ref();
        let guarded;
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\r', '\n']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    line
}

/// Rows of a CSV text as header-keyed records, skipping blank and `#` comment lines.
pub(crate) fn records(text: &str) -> Result<Vec<Record>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((_, header)) = lines.next() else {
        return Err("empty table".into());
    };
    let header = split(header).map_err(|e| format!("header: {e}"))?;
    lines
        .map(|(i, line)| {
            let fields = split(line).map_err(|e| format!("line {}: {e}", i + 1))?;
            if fields.len() != header.len() {
                return Err(format!("line {}: {} fields, the header has {}", i + 1, fields.len(), header.len()));
            }
            Ok(Record { line: i + 1, pairs: header.iter().cloned().zip(fields).collect() })
        })
        .collect()
}

/// One data row.
pub(crate) struct Record {
    pub line: usize,
    pairs: Vec<(String, String)>,
}

impl Record {
    /// The trimmed value of `column`, or an error naming the line.
    pub fn get(&self, column: &str) -> Result<&str, String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == column)
            .map(|(_, v)| v.trim())
            .ok_or_else(|| format!("line {}: no column {column}", self.line))
    }
}

fn split(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quote".into());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_comments() {
        let rows = records("# note\na,b,c\n1,\"x, \"\"y\"\"\",\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("a").unwrap(), "1");
        assert_eq!(rows[0].get("b").unwrap(), "x, \"y\"");
        assert_eq!(rows[0].get("c").unwrap(), "");
        assert!(rows[0].get("d").is_err());
    }

    #[test]
    fn written_records_quote_as_rfc_4180_and_read_back() {
        let line = csv_record(&["a", "x, \"y\"", "", "due\nrighe"]);
        assert_eq!(line, "a,\"x, \"\"y\"\"\",,\"due\nrighe\"\r\n");
        let rows = records(&format!("{}{}", csv_record(&["p", "q"]), csv_record(&["1", "x, \"y\""]))).unwrap();
        assert_eq!(rows[0].get("q").unwrap(), "x, \"y\"");
        // A formula is written as text.
        assert_eq!(csv_record(&["=HYPERLINK(\"x\")", "-1", "@a", "ok"]), "\"'=HYPERLINK(\"\"x\"\")\",'-1,'@a,ok\r\n");
    }

    #[test]
    fn field_count_must_match() {
        assert!(records("a,b\n1\n").is_err());
        assert!(records("a,b\n1,\"2\n").is_err());
    }
}
