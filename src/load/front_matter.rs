//! Splits an entry file into its front matter and its body.
//!
//! Accepts a UTF-8 byte-order mark and CRLF line endings (editors on Windows
//! write both), and keeps line numbers exact so a flag points at the right
//! line of the file as the user sees it.

/// Front matter larger than this is refused before YAML sees it: serde_yaml
/// parses deeply nested input in quadratic time.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line of the YAML's first line (the line after the opening `---`).
    pub yaml_first_line: u32,
    pub body: &'a str,
}

/// Why a file could not be split, with the 1-based line to point at.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub line: u32,
    pub message: String,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// `text` must already have its BOM removed and CRLF turned into LF.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty: start it with a front matter block between `---` lines"
                .into(),
        });
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError {
            line: 1,
            message: "the file does not start with `---`: put the front matter between two `---` lines at the very top".into(),
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let yaml = &text[yaml_start..offset];
            if yaml.len() > MAX_FRONT_MATTER {
                return Err(SplitError {
                    line: 2,
                    message: format!(
                        "the front matter is {} KiB, more than the {} KiB allowed: move long text into the body below the closing `---`",
                        yaml.len() / 1024,
                        MAX_FRONT_MATTER / 1024
                    ),
                });
            }
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        line: 1,
        message:
            "the front matter opened here is never closed: add a `---` line after the last key"
                .into(),
    })
}

/// Removes a byte-order mark and turns CRLF (and lone CR) into LF, which keeps
/// every line on the same line number.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let cases = [
            ("---\ntitle: a\n---\nbody\n", "title: a\n", "body\n"),
            ("---\n---\n", "", ""),
            ("--- \ntitle: a\n---", "title: a\n", ""),
            ("---\na: 1\n---\n---\nmore\n", "a: 1\n", "---\nmore\n"),
        ];
        for (text, yaml, body) in cases {
            let split = split(text).unwrap();
            assert_eq!((split.yaml, split.body), (yaml, body), "{text:?}");
            assert_eq!(split.yaml_first_line, 2);
        }
    }

    #[test]
    fn refuses_what_is_not_an_entry() {
        for (text, line, words) in [
            ("", 1, "empty"),
            ("  \n\n", 1, "empty"),
            ("title: a\n", 1, "does not start"),
            ("---\ntitle: a\n", 1, "never closed"),
        ] {
            let err = split(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}");
            assert!(err.message.contains(words), "{text:?}: {}", err.message);
        }
    }

    #[test]
    fn caps_the_front_matter() {
        let text = format!("---\n{}\n---\n", "[".repeat(MAX_FRONT_MATTER + 1));
        assert!(split(&text).unwrap_err().message.contains("KiB"));
    }

    #[test]
    fn normalises_bom_and_crlf_keeping_lines() {
        let text = normalise("\u{feff}---\r\ntitle: a\r\n---\r\nbody\r\n");
        assert_eq!(text, "---\ntitle: a\n---\nbody\n");
    }
}
