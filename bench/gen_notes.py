#!/usr/bin/env python3
"""Deterministic generator of realistic AWS study notes, for benchmarks when ../shared/corpus is absent.

    python3 bench/gen_notes.py --lines 10000 > note.md           # one note
    python3 bench/gen_notes.py --corpus DIR --files 300           # a corpus of notes of 100..10,000 lines

Names, code blocks, links and a few real mistakes, in the proportions of real notes. Seeded: the same
arguments always give the same bytes.
"""
import argparse, os, random

SERVICES = ["DynamoDB", "CloudFormation", "ElastiCache", "CloudWatch", "Lambda", "SQS", "SNS", "S3", "EC2",
            "API Gateway", "Step Functions", "Kinesis Data Streams", "CloudTrail", "X-Ray", "Elastic Beanstalk",
            "Route 53", "Secrets Manager", "Systems Manager", "CodeDeploy", "Aurora", "RDS", "EventBridge"]
TYPOS = ["Cloudfromation", "Elasticache", "Cloud Watch", "RedShift", "DymamoDB", "Sagemaker"]
SENTENCES = [
    "{s} integrates with {t} so that events flow without custom glue code.",
    "Use {s} when the workload is spiky and you do not want to manage servers.",
    "Remember that {s} is a regional service; plan for multi-Region failover with {t}.",
    "Long polling waits up to 20 seconds, which reduces empty receives from {s}.",
    "A Lambda function can run for up to 15 minutes and use up to 10,240 MB of memory.",
    "Throttled calls return TooManyRequestsException; retry with exponential backoff.",
    "Send x-amz-server-side-encryption: aws:kms to encrypt objects with a KMS key.",
    "Set AWS_XRAY_DAEMON_ADDRESS when the daemon does not listen on 127.0.0.1:2000.",
    "The policy grants s3:GetObject and dynamodb:Query on the table in us-east-1.",
    "See [the developer guide](https://docs.aws.amazon.com/lambda/latest/dg/welcome.html) for details.",
    "Deployments use CodeDeployDefault.LambdaCanary10Percent5Minutes for safe traffic shifting.",
    "The stack exports AWS::AccountId and creates an AWS::DynamoDB::Table resource.",
]
CODE = ["```yaml\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n```",
        "```json\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}\n```",
        "```bash\naws s3 cp file.txt s3://bucket/ --region eu-west-1\nexport AWS_DEFAULT_REGION=eu-west-1\n```"]

def note(rng, lines):
    out = []
    while len(out) < lines:
        r = rng.random()
        if r < 0.05:
            out.append(f"## {rng.choice(SERVICES)}")
            out.append("")
        elif r < 0.10:
            out.extend(rng.choice(CODE).split("\n"))
            out.append("")
        else:
            s = rng.choice(SENTENCES).format(s=rng.choice(SERVICES), t=rng.choice(SERVICES))
            if rng.random() < 0.01:
                s = s.replace(rng.choice(SERVICES), rng.choice(TYPOS), 1)
            out.append(("- " if rng.random() < 0.4 else "") + s)
    return "\n".join(out[:lines]) + "\n"

ap = argparse.ArgumentParser()
ap.add_argument("--lines", type=int, default=10000)
ap.add_argument("--corpus")
ap.add_argument("--files", type=int, default=300)
ap.add_argument("--seed", type=int, default=42)
ap.add_argument("--max-lines", type=int, default=10000, help="corpus: cap every note at this many lines")
a = ap.parse_args()
rng = random.Random(a.seed)
if a.corpus:
    os.makedirs(a.corpus, exist_ok=True)
    for i in range(a.files):
        n = rng.choice([100, 200, 500, 1000, 2000, 10000]) if i % 10 else 10000
        n = min(n, a.max_lines)
        with open(os.path.join(a.corpus, f"note-{i:04d}.md"), "w") as f:
            f.write(note(rng, n))
else:
    print(note(rng, a.lines), end="")
