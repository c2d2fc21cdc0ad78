//! The engine on Markdown-shaped input built from a small grammar: fences (closed, unclosed, indented,
//! tilde), nested lists, block quotes, tables, HTML comments and suppression comments, links and
//! autolinks, headings, CRLF and lone CR line ends, astral characters — made of words the rules react
//! to and their near misses. Checks are those of `awsnotes::fuzzing::engine_text`.
//!
//! A crashing input is replayed on stable by saving its rendered text (`cargo fuzz fmt engine_markdown
//! <file>` prints it) under `fuzz/regressions/engine_text/`.
#![no_main]
use arbitrary::Arbitrary;

/// Words the rules look at, and near misses of them.
const WORDS: &[&str] = &[
    "DynamoDB", "Dynamo DB", "dynamodb", "Cloudfromation", "CloudFormation", "AWS CodeStar",
    "ElastiCache", "Elasticache", "AWS::Lambda::Function", "AWS::Lambda::Functon", "AWS::AccountId",
    "AWS::AcountId", "Fn::GetAtt", "!Ref", "s3:GetObject", "s3:GetObjet", "s3:*", "iam:PassRole",
    "x-amz-server-side-encryption", "x-amz-server-side-encrytion", "x-amz-meta-", "aws:kms",
    "TooManyRequestsException", "TooManyRequestException", "AWS_XRAY_DAEMON_ADDRESS",
    "AWS_XRAY_DEMON_ADDRESS", "AWS_REGION", "nodejs8.10", "nodejs22.x", "python2.7", "python3.12",
    "CodeDeployDefault.HalfAtATime", "CodeDeployDefault.HalfAtATimeis", "us-east-1", "us-east-7",
    "eu-west-3", "2012-10-17", "2008-10-17", "Version", "long polling", "visibility timeout",
    "message size", "20 seconds", "21 seconds", "256 KB", "1 MiB", "12 hours", "15 minutes", "SQS",
    "Lambda", "timeout", "the", "and", "is", "at most", "up to", "é", "😀", "中文", "\u{200b}", "ﬁ",
];

const RULES: &[&str] = &["service-name", "unknown-header", "limit-mismatch", "bogus-rule", ""];

#[derive(Arbitrary, Debug)]
enum Inline {
    Word(u8),
    Code(Vec<u8>),
    Link { text: Vec<u8>, url: u8, angle: bool },
    Autolink(u8),
    Emphasis(Vec<u8>),
    Escape(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Suppression {
    DisableNextLine(u8),
    DisableLine(u8),
    Disable(u8),
    Enable(u8),
    DisableFile,
    Unclosed(u8),
}

#[derive(Arbitrary, Debug)]
enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Vec<Inline>>),
    Fence {
        tilde: bool,
        info: u8,
        indent: u8,
        lines: Vec<Vec<Inline>>,
        closed: bool,
    },
    IndentedCode(Vec<Vec<Inline>>),
    List {
        ordered: bool,
        items: Vec<(u8, Vec<Inline>)>,
    },
    Quote(Vec<Block>),
    Table(Vec<Vec<Vec<Inline>>>),
    HtmlComment(Vec<Inline>, bool),
    Suppression(Suppression),
    Html(Vec<Inline>),
    FrontMatter(Vec<Vec<Inline>>),
}

#[derive(Arbitrary, Debug)]
struct Doc {
    blocks: Vec<Block>,
    /// 0: `\n`, 1: `\r\n`, 2: `\r`, 3: mixed.
    line_end: u8,
}

struct Out {
    text: String,
    line_end: u8,
    n: usize,
}

impl Out {
    fn nl(&mut self) {
        self.n += 1;
        let end = match self.line_end % 4 {
            0 => "\n",
            1 => "\r\n",
            2 => "\r",
            _ => ["\n", "\r\n", "\r"][self.n % 3],
        };
        self.text.push_str(end);
    }
    fn word(&mut self, w: u8) {
        self.text.push_str(WORDS[w as usize % WORDS.len()]);
    }
    fn words(&mut self, ws: &[u8]) {
        for (i, &w) in ws.iter().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.word(w);
        }
    }
    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Word(w) => self.word(*w),
            Inline::Code(ws) => {
                self.text.push('`');
                self.words(ws);
                self.text.push('`');
            }
            Inline::Link { text, url, angle } => {
                self.text.push('[');
                self.words(text);
                self.text.push_str("](");
                if *angle {
                    self.text.push('<');
                }
                self.text.push_str("https://docs.aws.amazon.com/");
                self.word(*url);
                if *angle {
                    self.text.push('>');
                }
                self.text.push(')');
            }
            Inline::Autolink(w) => {
                self.text.push_str("<https://aws.amazon.com/");
                self.word(*w);
                self.text.push('>');
            }
            Inline::Emphasis(ws) => {
                self.text.push('*');
                self.words(ws);
                self.text.push('*');
            }
            Inline::Escape(b) => {
                self.text.push('\\');
                self.text.push(['*', '`', '[', '<', '\\', '_'][*b as usize % 6]);
            }
            Inline::Raw(s) => self.text.push_str(s),
        }
    }
    fn line(&mut self, is: &[Inline]) {
        for (k, i) in is.iter().enumerate() {
            if k > 0 {
                self.text.push(' ');
            }
            self.inline(i);
        }
    }
    fn block(&mut self, b: &Block, depth: usize) {
        if depth > 4 {
            return;
        }
        match b {
            Block::Heading(level, is) => {
                self.text.push_str(&"#".repeat(1 + *level as usize % 7));
                self.text.push(' ');
                self.line(is);
                self.nl();
            }
            Block::Paragraph(lines) => {
                for l in lines {
                    self.line(l);
                    self.nl();
                }
            }
            Block::Fence {
                tilde,
                info,
                indent,
                lines,
                closed,
            } => {
                let pad = " ".repeat(*indent as usize % 5);
                let fence = if *tilde { "~~~" } else { "```" };
                self.text.push_str(&pad);
                self.text.push_str(fence);
                self.text
                    .push_str(["", "yaml", "json", "bash", "markdown", "text"][*info as usize % 6]);
                self.nl();
                for l in lines {
                    self.line(l);
                    self.nl();
                }
                if *closed {
                    self.text.push_str(&pad);
                    self.text.push_str(fence);
                    self.nl();
                }
            }
            Block::IndentedCode(lines) => {
                for l in lines {
                    self.text.push_str("    ");
                    self.line(l);
                    self.nl();
                }
            }
            Block::List { ordered, items } => {
                for (k, (d, is)) in items.iter().enumerate() {
                    self.text.push_str(&"  ".repeat(*d as usize % 6));
                    if *ordered {
                        self.text.push_str(&format!("{}. ", k + 1));
                    } else {
                        self.text.push_str("- ");
                    }
                    self.line(is);
                    self.nl();
                }
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    self.text.push_str("> ");
                    self.block(b, depth + 1);
                }
            }
            Block::Table(rows) => {
                for (k, row) in rows.iter().enumerate() {
                    self.text.push('|');
                    for cell in row {
                        self.line(cell);
                        self.text.push('|');
                    }
                    self.nl();
                    if k == 0 {
                        self.text.push_str("|---|---|");
                        self.nl();
                    }
                }
            }
            Block::HtmlComment(is, closed) => {
                self.text.push_str("<!-- ");
                self.line(is);
                if *closed {
                    self.text.push_str(" -->");
                }
                self.nl();
            }
            Block::Suppression(s) => {
                let rule = |r: &u8| RULES[*r as usize % RULES.len()];
                let comment = match s {
                    Suppression::DisableNextLine(r) => {
                        format!("<!-- awsnotes-disable-next-line {} -->", rule(r))
                    }
                    Suppression::DisableLine(r) => {
                        format!("<!-- awsnotes-disable-line {} -->", rule(r))
                    }
                    Suppression::Disable(r) => format!("<!-- awsnotes-disable {} -->", rule(r)),
                    Suppression::Enable(r) => format!("<!-- awsnotes-enable {} -->", rule(r)),
                    Suppression::DisableFile => "<!-- awsnotes-disable-file -->".to_string(),
                    Suppression::Unclosed(r) => format!("<!-- awsnotes-disable {}", rule(r)),
                };
                self.text.push_str(&comment);
                self.nl();
            }
            Block::Html(is) => {
                self.text.push_str("<div>");
                self.line(is);
                self.text.push_str("</div>");
                self.nl();
            }
            Block::FrontMatter(lines) => {
                self.text.push_str("---");
                self.nl();
                for l in lines {
                    self.line(l);
                    self.nl();
                }
                self.text.push_str("---");
                self.nl();
            }
        }
        // Blank line between blocks, sometimes.
        if self.n % 2 == 0 {
            self.nl();
        }
    }
}

libfuzzer_sys::fuzz_target!(|doc: Doc| {
    let mut out = Out {
        text: String::new(),
        line_end: doc.line_end,
        n: 0,
    };
    for b in &doc.blocks {
        out.block(b, 0);
    }
    awsnotes::fuzzing::engine_text(&out.text);
});
