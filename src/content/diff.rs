//! Word-level differences between two versions of a text, for showing what an edit changed.
//! Whitespace is kept: the equal and deleted chunks spell the old text exactly, the equal and
//! inserted chunks the new one.

use similar::{ChangeTag, TextDiff};
use std::time::Duration;

/// How long one diff may search for the smallest edit before settling for a coarser one
/// (still exact, just with larger changed chunks).
const DIFF_TIMEOUT: Duration = Duration::from_millis(500);

pub use crate::base::model::{DiffChunk, DiffTag};

/// The word-level difference from `old` to `new`, with adjacent changes of the same kind merged.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffChunk> {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_words(old, new);
    let mut chunks: Vec<DiffChunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => DiffTag::Equal,
            ChangeTag::Insert => DiffTag::Insert,
            ChangeTag::Delete => DiffTag::Delete,
        };
        let text = change.value();
        match chunks.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(text),
            _ => chunks.push(DiffChunk {
                tag,
                text: text.to_string(),
            }),
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn side(chunks: &[DiffChunk], skip: DiffTag) -> String {
        chunks
            .iter()
            .filter(|chunk| chunk.tag != skip)
            .map(|chunk| chunk.text.as_str())
            .collect()
    }

    fn chunk(tag: DiffTag, text: &str) -> DiffChunk {
        DiffChunk {
            tag,
            text: text.into(),
        }
    }

    #[test]
    fn a_changed_word_reads_as_delete_then_insert() {
        let chunks = word_diff("The quick brown fox", "The quick red fox jumps");
        assert_eq!(
            chunks,
            vec![
                chunk(DiffTag::Equal, "The quick "),
                chunk(DiffTag::Delete, "brown"),
                chunk(DiffTag::Insert, "red"),
                chunk(DiffTag::Equal, " fox"),
                chunk(DiffTag::Insert, " jumps"),
            ]
        );
    }

    #[test]
    fn whitespace_is_kept_on_both_sides() {
        let (old, new) = ("a  b\n\tc ", "a b\n\n\tc d  ");
        let chunks = word_diff(old, new);
        assert_eq!(side(&chunks, DiffTag::Insert), old);
        assert_eq!(side(&chunks, DiffTag::Delete), new);
        assert!(word_diff("", "").is_empty());
        assert_eq!(word_diff("", "x"), vec![chunk(DiffTag::Insert, "x")]);
    }

    #[test]
    fn serialises_in_snake_case() {
        let json = serde_json::to_string(&chunk(DiffTag::Insert, "x")).unwrap();
        assert_eq!(json, r#"{"tag":"insert","text":"x"}"#);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn both_versions_can_be_rebuilt(
            old in "([a-c]{1,3}|é|[ \t\n]{1,2}){0,30}",
            new in "([a-c]{1,3}|é|[ \t\n]{1,2}){0,30}",
        ) {
            let chunks = word_diff(&old, &new);
            prop_assert_eq!(side(&chunks, DiffTag::Insert), old);
            prop_assert_eq!(side(&chunks, DiffTag::Delete), new);
            prop_assert!(chunks.windows(2).all(|pair| pair[0].tag != pair[1].tag));
            prop_assert!(chunks.iter().all(|chunk| !chunk.text.is_empty()));
        }
    }
}
