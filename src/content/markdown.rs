//! Safe Markdown: CommonMark with GFM tables, strikethrough and task lists, rendered to HTML
//! that is always sanitised, with @mentions shown under the member's current handle.
//!
//! Raw HTML in a message is never trusted: it is shown as text. The HTML pulldown-cmark writes
//! then goes through ammonia, which keeps a short list of tags and attributes, only `http`,
//! `https` and `mailto` URLs, no relative URLs, and `rel="noopener noreferrer"` on every link.
//! Remote images load only when the reader allows them; `data:` images never do.

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{
    html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};
use std::collections::HashSet;
use std::sync::OnceLock;

/// A mention as the renderer needs it: the text written after '@' at send time, the member it
/// resolved to, and that member's current handle (rename-safe display).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionRef<'a> {
    pub written: &'a str,
    pub member_id: &'a str,
    pub handle: &'a str,
}

/// How to render one body: whether remote (http/https) images may load, and the mentions the
/// message resolved when it was sent.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    pub remote_images: bool,
    pub mentions: &'a [MentionRef<'a>],
}

/// Renders Markdown to sanitised HTML. Raw HTML is shown as text; known @mentions become
/// `<span class="mention" data-member-id="…">@handle</span>`; unknown ones stay text.
pub fn render(markdown: &str, options: &RenderOptions<'_>) -> String {
    let mut context = Context::default();
    let mut images: Vec<ImageAs> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in parse(markdown) {
        let mentionable = context.mentionable();
        context.update(&event);
        match event {
            Event::Text(text) if mentionable => push_mentions(&mut events, text, options.mentions),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An image inside a link or another image keeps only its alt text: no nested
                // links, and an alt attribute cannot hold markup.
                let nested = !context.links.is_empty() || !images.is_empty();
                let shown = if nested {
                    ImageAs::AltText
                } else if options.remote_images && is_remote(&dest_url) {
                    ImageAs::Image
                } else {
                    ImageAs::Link
                };
                images.push(shown);
                match shown {
                    ImageAs::AltText => {}
                    ImageAs::Image => events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                    ImageAs::Link => events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                }
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(ImageAs::Image) => events.push(Event::End(TagEnd::Image)),
                Some(ImageAs::Link) => events.push(Event::End(TagEnd::Link)),
                Some(ImageAs::AltText) | None => {}
            },
            other => events.push(other),
        }
    }
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    sanitizer(options.remote_images)
        .clean(&unsafe_html)
        .to_string()
}

/// Every distinct @handle written in the body, lowercased, in order of first appearance. Code
/// spans, code blocks, image alt text and autolinked URLs are not looked at; `a@b.com` is an
/// address, not a mention.
pub fn mentioned_handles(markdown: &str) -> Vec<String> {
    let mut context = Context::default();
    let mut handles: Vec<String> = Vec::new();
    for event in parse(markdown) {
        let mentionable = context.mentionable();
        context.update(&event);
        if let Event::Text(text) = &event {
            if mentionable {
                for (start, end) in find_mentions(text) {
                    let handle = text[start + 1..end].to_ascii_lowercase();
                    if !handles.contains(&handle) {
                        handles.push(handle);
                    }
                }
            }
        }
    }
    handles
}

/// What a Markdown image became in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImageAs {
    /// A real `<img>`: remote images are allowed and the source is http(s).
    Image,
    /// A link to the image, its alt text as the label.
    Link,
    /// Its alt text alone (inside a link or another image).
    AltText,
}

/// Where the walk is: inside code, inside links (`true` for autolinks, whose text is a URL),
/// inside images.
#[derive(Debug, Default)]
struct Context {
    code_blocks: usize,
    links: Vec<bool>,
    images: usize,
}

impl Context {
    fn update(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code_blocks += 1,
            Event::End(TagEnd::CodeBlock) => self.code_blocks = self.code_blocks.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => self
                .links
                .push(matches!(link_type, LinkType::Autolink | LinkType::Email)),
            Event::End(TagEnd::Link) => {
                self.links.pop();
            }
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            _ => {}
        }
    }

    /// Whether text here may hold mentions. Code spans are `Event::Code`, never text.
    fn mentionable(&self) -> bool {
        self.code_blocks == 0 && self.images == 0 && !self.links.iter().any(|auto| *auto)
    }
}

/// The parser's events with raw HTML turned into text (an HTML block into a paragraph of it)
/// and adjacent text merged, so a handle is never split across events.
fn parse(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    });
    TextMergeStream::new(events)
}

/// Pushes `text` as text events, with each @handle that matches a mention as a span.
fn push_mentions<'a>(events: &mut Vec<Event<'a>>, text: CowStr<'a>, mentions: &[MentionRef<'_>]) {
    if mentions.is_empty() {
        events.push(Event::Text(text));
        return;
    }
    let mut rest = 0;
    for (start, end) in find_mentions(&text) {
        let written = &text[start + 1..end];
        let Some(mention) = mentions
            .iter()
            .find(|mention| mention.written.eq_ignore_ascii_case(written))
        else {
            continue;
        };
        if start > rest {
            events.push(Event::Text(CowStr::from(text[rest..start].to_string())));
        }
        let handle = mention.handle.strip_prefix('@').unwrap_or(mention.handle);
        events.push(Event::Html(CowStr::from(format!(
            "<span class=\"mention\" data-member-id=\"{}\">@{}</span>",
            escape(mention.member_id),
            escape(handle)
        ))));
        rest = end;
    }
    if rest == 0 {
        events.push(Event::Text(text));
    } else if rest < text.len() {
        events.push(Event::Text(CowStr::from(text[rest..].to_string())));
    }
}

/// The byte ranges of the @handles in `text`, each from its '@' to the end of the handle.
/// A handle is `[a-z0-9][a-z0-9_.-]*` (any case) without a trailing `.` or `-`; the '@' starts
/// the text or follows a character that is not a letter, digit, `_`, `.` or `/` (so neither
/// `a@b.com` nor `example.com/@ada` is a mention).
fn find_mentions(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('@') {
        let start = at + offset;
        at = start + 1;
        let after_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '/'));
        if after_word || !bytes.get(start + 1).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let mut end = start + 2;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        {
            end += 1;
        }
        while matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        found.push((start, end));
        at = end;
    }
    found
}

fn is_remote(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    url.starts_with("http://") || url.starts_with("https://")
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The sanitiser, built once for each image policy.
fn sanitizer(remote_images: bool) -> &'static Builder<'static> {
    static WITH_IMAGES: OnceLock<Builder<'static>> = OnceLock::new();
    static WITHOUT_IMAGES: OnceLock<Builder<'static>> = OnceLock::new();
    let cell = if remote_images {
        &WITH_IMAGES
    } else {
        &WITHOUT_IMAGES
    };
    cell.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .url_relative(UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer"))
            .rm_tag_attributes("a", &["target"])
            .add_clean_content_tags(&[
                "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea",
            ])
            // Task list boxes: always a disabled checkbox, never any other input.
            .add_tags(&["input"])
            .add_tag_attributes("input", &["checked"])
            .set_tag_attribute_value("input", "type", "checkbox")
            .set_tag_attribute_value("input", "disabled", "")
            .add_allowed_classes("span", &["mention"])
            .add_tag_attributes("span", &["data-member-id"]);
        if !remote_images {
            builder.rm_tags(&["img"]);
        }
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(markdown: &str) -> String {
        render(
            markdown,
            &RenderOptions {
                remote_images: false,
                mentions: &[],
            },
        )
    }

    const ADA: MentionRef<'static> = MentionRef {
        written: "ada",
        member_id: "member-1",
        handle: "countess",
    };

    fn with_ada(markdown: &str) -> String {
        render(
            markdown,
            &RenderOptions {
                remote_images: false,
                mentions: &[ADA],
            },
        )
    }

    #[test]
    fn mentions_in_inline_code_and_fenced_code_are_ignored() {
        let body = "Ask `@ada` first.\n\n```\nping @grace\n```\n\nThen @linus.";
        assert_eq!(mentioned_handles(body), vec!["linus"]);
        let html = with_ada("`@ada` and\n\n```\n@ada\n```\n");
        assert!(!html.contains("mention"), "{html}");
        assert!(html.contains("<code>@ada</code>"), "{html}");
    }

    #[test]
    fn mentions_render_under_the_current_handle() {
        let html = with_ada("Thanks @Ada, and @nobody.");
        assert_eq!(
            html,
            "<p>Thanks <span class=\"mention\" data-member-id=\"member-1\">@countess</span>, \
             and @nobody.</p>\n"
        );
    }

    #[test]
    fn an_email_address_is_not_a_mention() {
        assert!(mentioned_handles("write to ada@example.com or a.b@c.d").is_empty());
        assert!(!with_ada("mail ada@ada.com").contains("mention"));
        assert_eq!(
            mentioned_handles("@ada, (@grace) @ADA. @linus- @x.y.z."),
            vec!["ada", "grace", "linus", "x.y.z"]
        );
    }

    #[test]
    fn link_urls_are_not_mentions_but_link_text_is() {
        assert_eq!(
            mentioned_handles("<https://example.com/@ada> [@grace](https://example.com/@linus)"),
            vec!["grace"]
        );
    }

    #[test]
    fn tables_strikethrough_and_task_lists_render() {
        let html = plain("| a | b |\n|---|:-:|\n| 1 | ~~2~~ |\n\n- [x] done\n- [ ] open\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<th>a</th>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("<del>2</del>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("checked"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            plain("<b>bold</b> <script>alert(1)</script>"),
            "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn links_are_safe_and_images_wait_for_permission() {
        assert_eq!(
            plain("[site](https://example.com) [bad](javascript:alert(1))"),
            "<p><a href=\"https://example.com\" rel=\"noopener noreferrer\">site</a> \
             <a rel=\"noopener noreferrer\">bad</a></p>\n"
        );
        let image = "![cat](https://example.com/cat.png)";
        assert!(!plain(image).contains("<img"));
        assert!(plain(image).contains("href=\"https://example.com/cat.png\""));
        let allowed = render(
            image,
            &RenderOptions {
                remote_images: true,
                mentions: &[],
            },
        );
        assert!(
            allowed.contains("<img src=\"https://example.com/cat.png\" alt=\"cat\">"),
            "{allowed}"
        );
        let data = render(
            "![x](data:image/png;base64,AAAA)",
            &RenderOptions {
                remote_images: true,
                mentions: &[],
            },
        );
        assert!(!data.contains("<img") && !data.contains("data:"), "{data}");
    }
}
