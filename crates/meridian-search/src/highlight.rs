//! Marks the words a query matched in a title or a passage, as plain-text parts (never HTML),
//! and picks the passage of a long text around the first match.

use meridian::model::SnippetPart;
use std::collections::HashSet;
use tantivy::tokenizer::TextAnalyzer;

/// Which tokens count as matches: the query's words and phrases, and the word being typed.
#[derive(Debug)]
pub(crate) struct Marker {
    words: HashSet<String>,
    prefix: Option<String>,
}

/// A token's byte range in the text, and whether it matched.
type Span = (usize, usize, bool);

impl Marker {
    pub(crate) fn new(mut words: Vec<String>, mut prefix: Vec<String>) -> Marker {
        let last = prefix.pop();
        words.append(&mut prefix);
        Marker {
            words: words.into_iter().collect(),
            prefix: last,
        }
    }

    fn is_hit(&self, token: &str) -> bool {
        self.words.contains(token)
            || self
                .prefix
                .as_deref()
                .is_some_and(|prefix| token.starts_with(prefix))
    }

    /// Each token of `text` as `analyzer` indexes it: where it is and whether it matched
    /// (the token's text is looked at in place, not kept).
    pub(crate) fn spans(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<Span> {
        let mut stream = analyzer.token_stream(text);
        let mut spans = Vec::new();
        while let Some(token) = stream.next() {
            spans.push((token.offset_from, token.offset_to, self.is_hit(&token.text)));
        }
        spans
    }

    /// All of `text`, with the matched words marked.
    pub(crate) fn mark_all(&self, text: &str, spans: &[Span]) -> Vec<SnippetPart> {
        self.mark(text, spans, 0, text.len())
    }

    /// About `max_chars` of `text` around its first match (its start when nothing matched).
    pub(crate) fn snippet(&self, text: &str, spans: &[Span], max_chars: usize) -> Vec<SnippetPart> {
        let first = spans.iter().find(|span| span.2).map_or(0, |span| span.0);
        // Some words of context before the match, starting on a char boundary.
        let mut start = text[..first]
            .char_indices()
            .rev()
            .nth(max_chars / 4)
            .map_or(0, |(at, _)| at);
        if start > 0 {
            // Start on a word.
            start = spans
                .iter()
                .find(|span| span.0 >= start)
                .map_or(start, |span| span.0);
        }
        let end = text[start..]
            .char_indices()
            .nth(max_chars)
            .map_or(text.len(), |(at, _)| start + at);
        let mut parts = self.mark(text, spans, start, end);
        if start > 0 {
            parts.insert(0, plain("…"));
        }
        if end < text.len() {
            parts.push(plain("…"));
        }
        merge(parts)
    }

    fn mark(&self, text: &str, spans: &[Span], start: usize, end: usize) -> Vec<SnippetPart> {
        let mut parts = Vec::new();
        let mut at = start;
        for &(from, to, hit) in spans {
            if from < start || to > end || !hit {
                continue;
            }
            if from > at {
                parts.push(plain(&text[at..from]));
            }
            parts.push(SnippetPart {
                text: text[from..to].to_owned(),
                hit: true,
            });
            at = to;
        }
        if at < end {
            parts.push(plain(&text[at..end]));
        }
        merge(parts)
    }
}

fn plain(text: &str) -> SnippetPart {
    SnippetPart {
        text: text.replace(['\n', '\r'], " "),
        hit: false,
    }
}

/// Joins neighbouring parts of the same kind.
fn merge(parts: Vec<SnippetPart>) -> Vec<SnippetPart> {
    let mut merged: Vec<SnippetPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match merged.last_mut() {
            Some(last) if last.hit == part.hit => last.text.push_str(&part.text),
            _ => merged.push(part),
        }
    }
    merged
}
