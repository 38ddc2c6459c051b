//! Cross-site scripting: every payload of the shared corpus, rendered as a message body, must
//! come out as inert HTML: no active tags, no event handlers, only http(s)/mailto URLs, and
//! `rel="noopener noreferrer"` on every link. The corpus lives in `tests/fixtures/` so the
//! end-to-end test can feed the same payloads through the UI.

use meridian::content::markdown::{render, RenderOptions};
use std::sync::LazyLock;

/// The corpus file: one payload per line, a newline inside a payload written as `\n`.
const CORPUS_FILE: &str = include_str!("../fixtures/xss-corpus.txt");

/// The payloads, newlines decoded.
pub static XSS_CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| {
    CORPUS_FILE
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.replace("\\n", "\n"))
        .collect()
});

/// Tags that must never reach the page (with remote images off, `img` included).
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "svg", "math", "form", "base", "meta", "link",
    "img", "frame", "frameset", "applet", "template", "noscript", "textarea", "button", "select",
    "video", "audio", "source", "body", "html", "xss", "isindex", "marquee",
];

/// URL-bearing attributes whose value must be http(s), mailto or a fragment.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "srcset",
    "cite",
];

fn safe(markdown: &str) -> String {
    render(
        markdown,
        &RenderOptions {
            remote_images: false,
            mentions: &[],
        },
    )
}

fn with_images(markdown: &str) -> String {
    render(
        markdown,
        &RenderOptions {
            remote_images: true,
            mentions: &[],
        },
    )
}

/// An opening tag as the scanner saw it: lowercased name and attributes, values raw.
#[derive(Debug)]
struct OpenTag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every opening tag in `html`, attribute values taken as written (quotes respected).
/// Comments, doctypes and closing tags are reported as tags named `!` and `/name`.
fn scan(html: &str) -> Vec<OpenTag> {
    let chars: Vec<char> = html.chars().collect();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' {
            i += 1;
            continue;
        }
        i += 1;
        let mut name = String::new();
        if i < chars.len() && matches!(chars[i], '/' | '!' | '?') {
            name.push(chars[i]);
            i += 1;
        }
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '>' | '/') {
            name.push(chars[i].to_ascii_lowercase());
            i += 1;
        }
        let mut attributes = Vec::new();
        loop {
            while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
                i += 1;
            }
            if i >= chars.len() || chars[i] == '>' {
                i += 1;
                break;
            }
            let mut attribute = String::new();
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '=' | '>' | '/')
            {
                attribute.push(chars[i].to_ascii_lowercase());
                i += 1;
            }
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < chars.len() && chars[i] == '=' {
                i += 1;
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                if i < chars.len() && matches!(chars[i], '"' | '\'') {
                    let quote = chars[i];
                    i += 1;
                    while i < chars.len() && chars[i] != quote {
                        value.push(chars[i]);
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
                        value.push(chars[i]);
                        i += 1;
                    }
                }
            }
            attributes.push((attribute, value));
        }
        tags.push(OpenTag { name, attributes });
    }
    tags
}

/// Decodes the character references a browser would in an attribute value: numeric ones and
/// the named ones that matter for URLs.
fn decode_entities(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|n| n + 1)
            .unwrap_or(rest.len());
        let reference = &rest[1..end];
        let character = if let Some(hex) = reference
            .strip_prefix("#x")
            .or_else(|| reference.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(digits) = reference.strip_prefix('#') {
            digits.parse().ok().and_then(char::from_u32)
        } else {
            match reference {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "tab" | "Tab" => Some('\t'),
                "newline" | "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match character {
            Some(character) => {
                decoded.push(character);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// Whether a URL value is one a browser would follow safely: after decoding, with the
/// whitespace and control characters browsers ignore removed, it starts with http:, https:,
/// mailto: or #.
fn url_is_safe(value: &str) -> bool {
    let url: String = decode_entities(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    ["http:", "https:", "mailto:", "#"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Why `html` is unsafe, if it is, with remote images off.
fn problems(html: &str) -> Vec<String> {
    problems_allowing(html, &[])
}

/// Why `html` is unsafe, if it is; `allowed` tags are not counted as forbidden (their
/// attributes still are checked).
fn problems_allowing(html: &str, allowed: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for tag in scan(html) {
        let bare = tag.name.trim_start_matches('/');
        if tag.name.starts_with('!') || tag.name.starts_with('?') {
            found.push(format!("markup declaration <{}", tag.name));
            continue;
        }
        if FORBIDDEN_TAGS.contains(&bare) && !allowed.contains(&bare) {
            found.push(format!("tag <{}>", tag.name));
        }
        if tag.name.starts_with('/') {
            continue;
        }
        // The one input allowed: a task list's disabled checkbox.
        if tag.name == "input" {
            let mut names: Vec<&str> = tag
                .attributes
                .iter()
                .map(|(name, _)| name.as_str())
                .collect();
            names.sort_unstable();
            let checkbox = tag.attributes.contains(&("type".into(), "checkbox".into()));
            if !checkbox
                || !(names == ["disabled", "type"] || names == ["checked", "disabled", "type"])
            {
                found.push(format!("input {:?}", tag.attributes));
            }
        }
        for (attribute, value) in &tag.attributes {
            if attribute.starts_with("on") {
                found.push(format!("handler {attribute} on <{}>", tag.name));
            }
            if matches!(
                attribute.as_str(),
                "style" | "srcdoc" | "target" | "formaction"
            ) {
                found.push(format!("attribute {attribute} on <{}>", tag.name));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) && !url_is_safe(value) {
                found.push(format!("URL {attribute}={value:?} on <{}>", tag.name));
            }
        }
        if tag.name == "a" {
            let rel = tag
                .attributes
                .iter()
                .find(|(attribute, _)| attribute == "rel")
                .map(|(_, value)| value.as_str());
            if rel != Some("noopener noreferrer") {
                found.push(format!("link with rel {rel:?}"));
            }
        }
    }
    found
}

#[test]
fn the_corpus_is_large_and_distinct() {
    assert!(XSS_CORPUS.len() >= 45, "{} payloads", XSS_CORPUS.len());
    let mut distinct = XSS_CORPUS.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), XSS_CORPUS.len(), "duplicate payloads");
}

#[test]
fn every_payload_renders_inert() {
    let failures: Vec<String> = XSS_CORPUS
        .iter()
        .filter_map(|payload| {
            let html = safe(payload);
            let found = problems(&html);
            (!found.is_empty()).then(|| format!("{payload:?}\n  -> {html:?}\n  {found:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "unsafe output:\n{}",
        failures.join("\n")
    );
}

#[test]
fn with_remote_images_on_only_http_images_appear() {
    let failures: Vec<String> = XSS_CORPUS
        .iter()
        .filter_map(|payload| {
            let html = with_images(payload);
            let mut found = problems_allowing(&html, &["img"]);
            for tag in scan(&html).into_iter().filter(|tag| tag.name == "img") {
                if !tag.attributes.iter().any(|(name, _)| name == "src") {
                    found.push(format!("img without src {:?}", tag.attributes));
                }
            }
            (!found.is_empty()).then(|| format!("{payload:?}\n  -> {html:?}\n  {found:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "unsafe output:\n{}",
        failures.join("\n")
    );
    let tracked = with_images("![x](https://evil.example/track.png)");
    assert!(
        tracked.contains("<img src=\"https://evil.example/track.png\""),
        "{tracked}"
    );
}

#[test]
fn raw_html_is_shown_as_escaped_text() {
    let html = safe("<script>alert(1)</script>");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(problems(&html).is_empty());
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    assert!(problems(r#"<a href="https://x" rel="noopener noreferrer">x</a>"#).is_empty());
    for unsafe_html in [
        "<script>alert(1)</script>",
        "<p onclick='alert(1)'>x</p>",
        r#"<a href="java&#x09;script:alert(1)" rel="noopener noreferrer">x</a>"#,
        r#"<a href=" &#106;avascript:alert(1)" rel="noopener noreferrer">x</a>"#,
        r#"<a href="https://x">no rel</a>"#,
        "<img src=https://x/y.png>",
        "<!-- comment -->",
        r#"<input type="text" disabled="">"#,
        r#"<input type="checkbox">"#,
    ] {
        assert!(!problems(unsafe_html).is_empty(), "{unsafe_html}");
    }
}
