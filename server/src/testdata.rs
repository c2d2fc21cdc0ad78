//! Deterministic generated notes for benchmarks (`benches/engine.rs`, `examples/scaling.rs`); the same
//! sentence mixes as `bench/gen_notes.py`. Not part of the public API.

/// A name-heavy note of about `bytes` bytes: every line names something a rule checks (headers, error
/// codes, IAM actions, limits, a template), with two misspellings per ten lines.
pub fn names_note(bytes: usize) -> String {
    const PARTS: &[&str] = &[
        "## DynamoDB\n\n",
        "Long polling waits up to 20 seconds, which reduces empty receives from SQS.\n",
        "- A Lambda function can run for up to 15 minutes and use up to 10,240 MB of memory.\n",
        "Throttled calls return TooManyRequestsException; retry with exponential backoff.\n",
        "Send x-amz-server-side-encryption: aws:kms to encrypt objects with a KMS key.\n",
        "Set AWS_XRAY_DAEMON_ADDRESS when the daemon does not listen on 127.0.0.1:2000.\n",
        "The policy grants s3:GetObject and dynamodb:Query on the table in us-east-1.\n",
        "See [the developer guide](https://docs.aws.amazon.com/lambda/latest/dg/welcome.html) for details.\n\n",
        "```yaml\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n```\n\n",
        "We deploy with Cloudfromation and cache in Elasticache.\n\n",
    ];
    repeat(PARTS, bytes)
}

/// A prose-heavy note of about `bytes` bytes: paragraphs of ordinary explanation, as study notes and
/// runbooks mostly are, with an AWS name in about one sentence in five.
pub fn prose_note(bytes: usize) -> String {
    const PARTS: &[&str] = &[
        "## Designing for failure\n\n",
        "When a request fails, the client should wait a little before trying again, and wait longer \
         each time, so that a struggling backend gets room to recover instead of a flood of retries. ",
        "Most of the work in a migration is not moving data but agreeing on who owns each piece of it, \
         how it is named, and what happens to the old copy once the new one is live. ",
        "Keep the first version of the design small enough that one person can hold it in their head; \
         you can always add a queue or a cache later, but removing one is much harder. ",
        "We store session state in DynamoDB because the access pattern is a single key lookup. ",
        "Write down the numbers you rely on, with the date you checked them, because limits and prices \
         change over time and a note that was right last year can quietly become wrong. ",
        "The team reviews these notes every quarter and removes anything nobody has used since the last \
         review, which keeps them short enough that people actually read them.\n\n",
        "- Measure before you optimise, and measure again afterwards.\n- Prefer boring technology for \
         the parts that must not break.\n- Every alarm should say what a person is expected to do.\n\n",
        "Messages wait in an SQS queue until a worker is free to process them. ",
        "If something is unclear, ask in the channel rather than guessing; a short question now saves a \
         long incident later, and the answer usually helps the next person too.\n\n",
    ];
    repeat(PARTS, bytes)
}

/// One paragraph of about `bytes` bytes that is a single sentence of numbers about a limit
/// (`Lambda memory: 3,008 MB, 3,008 MB, …`): every number is judged, so the limit rule's work per
/// number must not grow with the sentence.
pub fn numbers_note(bytes: usize) -> String {
    let mut s = String::from("Lambda memory: ");
    while s.len() < bytes {
        s.push_str("3,008 MB, ");
    }
    s.push_str("and so on.\n");
    s
}

/// One top-level bullet list of `items` items and no blank line, as long study notes often are: every item
/// names something a rule checks, with a misspelling in one item in six.
pub fn list_note(items: usize) -> String {
    const PARTS: &[&str] = &[
        "- Long polling waits up to 20 seconds, which reduces empty receives from SQS.\n",
        "- Throttled calls return TooManyRequestsException; retry with backoff.\n",
        "- The policy grants s3:GetObject and dynamodb:Query in us-east-1.\n",
        "  Continuation: set AWS_XRAY_DAEMON_ADDRESS for the daemon.\n",
        "- Send x-amz-server-side-encryption: aws:kms to encrypt objects.\n",
        "- We deploy with Cloudfromation and cache in Elasticache.\n",
        "- A Lambda function can run for up to 15 minutes.\n",
    ];
    let mut s = String::from("# Study notes\n\n");
    for i in 0..items {
        s.push_str(PARTS[i % PARTS.len()]);
    }
    s
}

fn repeat(parts: &[&str], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 512);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(parts[i % parts.len()]);
        i += 1;
    }
    s
}

/// A small deterministic pseudo-random sequence (a linear congruential generator) for generated test
/// documents and edits: the same cases on every run and machine.
pub struct Lcg(pub u64);

/// The ranges of groups 1 and 2 of every match of `re` in `s`: what a hand-written scanner that
/// replaced a two-group regex must find.
pub fn group_pairs(
    re: &regex::Regex,
    s: &str,
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    re.captures_iter(s)
        .filter_map(|c| Some((c.get(1)?.range(), c.get(2)?.range())))
        .collect()
}

/// `count` texts, each up to `max_pieces - 1` of `pieces` glued in pseudo-random order (seeded by
/// `seed`): the inputs on which a hand-written scanner is compared with the regex it replaced.
pub fn texts_of_pieces<'a>(
    seed: u64,
    pieces: &'a [&'a str],
    max_pieces: usize,
    count: usize,
) -> impl Iterator<Item = String> + 'a {
    let mut rng = Lcg(seed);
    (0..count).map(move |_| {
        (0..rng.below(max_pieces))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect()
    })
}

impl Lcg {
    /// The next number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n.max(1)
    }
}
