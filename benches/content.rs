//! Content figures: rendering a 64 KiB Markdown body to sanitised HTML with mentions, beside
//! pulldown-cmark's HTML writer alone on the same input (unsanitised) measured in the same
//! run; and a word diff of two 64 KiB versions that differ in about 5% of their words.
//! Run with `cargo bench --bench content`.

use meridian::content::diff::{word_diff, DiffTag};
use meridian::content::markdown::{render, MentionRef, RenderOptions};
use std::time::Instant;

const BODY_BYTES: usize = 64 * 1024;
const RUNS: usize = 200;

const HANDLES: &[&str] = &[
    "ada", "grace", "linus", "margaret", "alan", "barbara", "ken", "dennis", "edsger", "donald",
];

const WORDS: &[&str] = &[
    "the",
    "release",
    "branch",
    "needs",
    "review",
    "before",
    "Friday",
    "because",
    "sync",
    "latency",
    "doubled",
    "after",
    "we",
    "moved",
    "the",
    "server",
    "to",
    "a",
    "new",
    "region",
    "and",
    "nobody",
    "noticed",
    "until",
    "customers",
    "wrote",
    "in",
    "about",
    "slow",
    "boards",
    "focus",
    "time",
    "overlap",
    "window",
];

/// A small deterministic generator, so every run measures the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() % from.len()]
    }

    fn sentence(&mut self) -> String {
        let length = 8 + self.next() % 12;
        let mut words: Vec<String> = (0..length).map(|_| self.pick(WORDS).to_string()).collect();
        match self.next() % 6 {
            0 => words[length / 2] = format!("@{}", self.pick(HANDLES)),
            1 => words[length / 3] = format!("`{}()`", self.pick(WORDS)),
            2 => words[1] = format!("**{}**", words[1]),
            3 => {
                words[length - 2] = format!(
                    "[{}](https://example.com/{}/{})",
                    words[length - 2],
                    self.pick(WORDS),
                    self.next() % 1000
                )
            }
            _ => {}
        }
        format!("{}.", words.join(" "))
    }
}

/// A long, realistic message or doc body: headings, paragraphs with mentions, inline code and
/// links, lists, task lists, fenced code and tables, up to `bytes`.
fn markdown_body(bytes: usize) -> String {
    let mut rng = Lcg(0x6d65_7269_6469_616e);
    let mut body = String::with_capacity(bytes + 1024);
    let mut section = 0;
    while body.len() < bytes {
        section += 1;
        body.push_str(&format!(
            "## {section}. {} {}\n\n",
            rng.pick(WORDS),
            rng.pick(WORDS)
        ));
        for _ in 0..3 {
            for _ in 0..4 {
                body.push_str(&rng.sentence());
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        match section % 4 {
            0 => {
                for _ in 0..5 {
                    body.push_str(&format!("- {}\n", rng.sentence()));
                }
            }
            1 => {
                for n in 0..4 {
                    let done = if n % 2 == 0 { "x" } else { " " };
                    body.push_str(&format!(
                        "- [{done}] @{} {}\n",
                        rng.pick(HANDLES),
                        rng.sentence()
                    ));
                }
            }
            2 => {
                body.push_str("```rust\nfn board(team: &Team) -> Result<Board> {\n    // ping @ada in code: not a mention\n    let members = team.members()?;\n    Ok(Board::new(members))\n}\n```\n");
            }
            _ => {
                body.push_str("| member | zone | overlap |\n|---|:-:|--:|\n");
                for _ in 0..6 {
                    body.push_str(&format!(
                        "| @{} | {} | {} h |\n",
                        rng.pick(HANDLES),
                        rng.pick(&["Europe/Berlin", "Asia/Tokyo", "America/Lima"]),
                        rng.next() % 8
                    ));
                }
            }
        }
        body.push('\n');
    }
    body
}

/// A copy of `text` with about `percent`% of its words changed.
fn edited(text: &str, percent: usize) -> String {
    let mut rng = Lcg(42);
    let mut out = String::with_capacity(text.len() + text.len() / 10);
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if rng.next() % 100 < percent {
            out.push_str(rng.pick(WORDS));
            out.push_str("ed");
        } else {
            out.push_str(word);
        }
    }
    out
}

/// p50 and p95, in milliseconds.
fn percentiles_ms(runs: usize, mut work: impl FnMut()) -> (f64, f64) {
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let at = |fraction: f64| samples[((samples.len() - 1) as f64 * fraction).round() as usize];
    (at(0.50), at(0.95))
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("content bench: run with `cargo bench --bench content`");
        return;
    }

    let body = markdown_body(BODY_BYTES);
    let ids: Vec<String> = HANDLES
        .iter()
        .map(|handle| format!("member-{handle}"))
        .collect();
    let current: Vec<String> = HANDLES
        .iter()
        .map(|handle| format!("{handle}-renamed"))
        .collect();
    let mentions: Vec<MentionRef<'_>> = HANDLES
        .iter()
        .zip(&ids)
        .zip(&current)
        .map(|((written, member_id), handle)| MentionRef {
            written,
            member_id,
            handle,
        })
        .collect();
    let options = RenderOptions {
        remote_images: false,
        mentions: &mentions,
    };
    let html = render(&body, &options);
    assert!(html.contains("class=\"mention\"") && html.contains("<table>"));

    let (render_p50, render_p95) = percentiles_ms(RUNS, || {
        std::hint::black_box(render(std::hint::black_box(&body), &options));
    });
    let (raw_p50, raw_p95) = percentiles_ms(RUNS, || {
        let parser = pulldown_cmark::Parser::new_ext(
            std::hint::black_box(&body),
            pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
                | pulldown_cmark::Options::ENABLE_TASKLISTS,
        );
        let mut out = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut out, parser);
        std::hint::black_box(out);
    });
    println!(
        "render, {} KiB Markdown with mentions, sanitised: p50 {render_p50:.2} ms, p95 {render_p95:.2} ms over {RUNS} runs; \
         pulldown-cmark push_html alone (unsanitised) p50 {raw_p50:.2} ms, p95 {raw_p95:.2} ms; ratio {:.1}x",
        body.len() / 1024,
        render_p50 / raw_p50
    );

    let old = body.clone();
    let new = edited(&old, 5);
    let chunks = word_diff(&old, &new);
    let changed = chunks
        .iter()
        .filter(|chunk| chunk.tag == DiffTag::Insert)
        .count();
    let (diff_p50, diff_p95) = percentiles_ms(RUNS, || {
        std::hint::black_box(word_diff(std::hint::black_box(&old), &new));
    });
    println!(
        "word diff, two {} KiB versions, ~5% of words changed ({changed} inserted runs, {} chunks): p50 {diff_p50:.2} ms, p95 {diff_p95:.2} ms over {RUNS} runs",
        old.len() / 1024,
        chunks.len()
    );
}
