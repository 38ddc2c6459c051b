//! The index's fields, its tokenizer (words, lower-cased, accents folded), and the commit
//! payload that records the schema version and the log position the index covers.

use meridian::search::IndexDoc;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

/// Bumped whenever fields or tokenization change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 1;

const TOKENIZER: &str = "meridian";

/// The fields of a document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub kind: Field,
    pub title: Field,
    pub body: Field,
    pub author: Field,
    pub channel: Field,
    pub at: Field,
    pub archived: Field,
    pub open: Field,
    pub blocker: Field,
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
        author: builder.add_text_field("author", STRING),
        channel: builder.add_text_field("channel", STRING),
        at: builder.add_i64_field("at", INDEXED | FAST),
        archived: builder.add_u64_field("archived", INDEXED),
        open: builder.add_u64_field("open", INDEXED),
        blocker: builder.add_u64_field("blocker", INDEXED),
    };
    (builder.build(), fields)
}

/// Whether an existing index has our fields and was committed by this schema version.
pub(crate) fn compatible(index: &Index, schema: &Schema) -> bool {
    if index.schema() != *schema {
        return false;
    }
    match index.load_metas() {
        Ok(metas) => match metas.payload.as_deref() {
            None => true,
            Some(payload) => {
                serde_json::from_str::<serde_json::Value>(payload)
                    .ok()
                    .and_then(|value| value.get("schema").and_then(|v| v.as_u64()))
                    == Some(u64::from(SCHEMA_VERSION))
            }
        },
        Err(_) => false,
    }
}

pub(crate) fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The commit payload: schema version, covered log position, and while a build from empty
/// is under way, the core's cursor into it.
pub(crate) fn payload(position: Option<i64>, building: Option<&str>) -> String {
    serde_json::json!({ "schema": SCHEMA_VERSION, "position": position, "build": building })
        .to_string()
}

fn payload_field(payload: Option<&str>, key: &str) -> Option<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(payload?)
        .ok()?
        .get_mut(key)
        .map(serde_json::Value::take)
}

pub(crate) fn position(payload: Option<&str>) -> Option<i64> {
    payload_field(payload, "position")?.as_i64()
}

pub(crate) fn build_cursor(payload: Option<&str>) -> Option<String> {
    match payload_field(payload, "build")? {
        serde_json::Value::String(cursor) => Some(cursor),
        _ => None,
    }
}

/// The tokens of `text` as `field` indexes them.
pub(crate) fn analyze(index: &Index, field: Field, text: &str) -> Vec<String> {
    let mut analyzer = analyzer_for(index, field);
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

/// The analyzer `field` is indexed with.
pub(crate) fn analyzer_for(index: &Index, field: Field) -> TextAnalyzer {
    index
        .tokenizer_for_field(field)
        .unwrap_or_else(|_| analyzer())
}

impl Fields {
    pub(crate) fn document(&self, doc: IndexDoc) -> TantivyDocument {
        let mut out = TantivyDocument::default();
        out.add_text(self.id, &doc.id);
        out.add_text(self.kind, doc.kind);
        out.add_text(self.title, &doc.title);
        out.add_text(self.body, &doc.body);
        if let Some(author) = &doc.author_id {
            out.add_text(self.author, author);
        }
        if let Some(channel) = &doc.channel_id {
            out.add_text(self.channel, channel);
        }
        out.add_i64(self.at, doc.at_ms);
        out.add_u64(self.archived, u64::from(doc.archived));
        out.add_u64(self.open, u64::from(doc.open));
        out.add_u64(self.blocker, u64::from(doc.blocker));
        out
    }
}
