//! `awsnotes lint` on hostile trees and files: safe `--fix` writes (permissions, symbolic links,
//! idempotence) and bad input (invalid UTF-8, binary, huge files, many files, paths that are not there).
//! Every case checks what the user sees: the messages, the exit code and the exact bytes on disk.
#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn awsnotes(dir: &Path, args: &[&str]) -> Output {
    awsnotes_with_stdin(dir, args, b"")
}

fn awsnotes_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    // `AWSNOTES_TEST_BIN` runs the suite against another build.
    let binary = std::env::var_os("AWSNOTES_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_awsnotes").into());
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(dir)
        .env("AWSNOTES_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error with the run time of the summary line (`in 0.05s`) replaced by `in T`.
fn stderr(o: &Output) -> String {
    let text = String::from_utf8_lossy(&o.stderr);
    text.lines()
        .map(
            |l| match (l.rfind(" in "), l.find("s; ").or(l.rfind('s'))) {
                (Some(i), Some(j))
                    if l.contains(" checked: ")
                        && j > i
                        && l[i + 4..j].chars().all(|c| c.is_ascii_digit() || c == '.') =>
                {
                    format!("{} in T{}", &l[..i], &l[j + 1..])
                }
                _ => l.to_string(),
            },
        )
        .map(|l| l + "\n")
        .collect()
}

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const TYPO: &[u8] = b"Deploy with Cloudfromation.\n";
const FIXED: &[u8] = b"Deploy with CloudFormation.\n";

const TYPO_REPORT: &str = "note.md:1:13: warning[service-name] `Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?\n\
                           1 | Deploy with Cloudfromation.\n\
                           \x20               ^^^^^^^^^^^^^^\n";

// ---- Safe writes ----

#[test]
fn fix_replaces_the_file_keeping_mode_and_owner_and_leaves_nothing_behind() {
    let dir = project(&[("note.md", TYPO)]);
    let path = dir.path().join("note.md");
    chmod(&path, 0o640);
    if is_root() {
        std::os::unix::fs::chown(&path, Some(4321), Some(4321)).unwrap();
    }
    let before = std::fs::metadata(&path).unwrap();
    let o = awsnotes(dir.path(), &["lint", "--fix", "note.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
    assert_eq!(std::fs::read(&path).unwrap(), FIXED);
    let after = std::fs::metadata(&path).unwrap();
    // A new file renamed over the old one (never a partial write), with the same mode and owner.
    assert_ne!(after.ino(), before.ino());
    assert_eq!(mode(&path), 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(names(dir.path()), ["note.md"]);
}

#[test]
fn fix_is_idempotent_byte_for_byte() {
    let text = "# Café notes\r\n\r\nCloudfromation, x-amz-server-side-encription and Elasticache.\r\n\r\n`us-east-3` stays: two candidates.\r\n";
    let dir = project(&[("note.md", text.as_bytes())]);
    let path = dir.path().join("note.md");
    let first = awsnotes(dir.path(), &["lint", "--fix", "note.md"]);
    let fixed = std::fs::read(&path).unwrap();
    assert_eq!(
        String::from_utf8(fixed.clone()).unwrap(),
        "# Café notes\r\n\r\nCloudFormation, x-amz-server-side-encryption and ElastiCache.\r\n\r\n`us-east-3` stays: two candidates.\r\n"
    );
    let inode = std::fs::metadata(&path).unwrap().ino();
    let second = awsnotes(dir.path(), &["lint", "--fix", "note.md"]);
    assert_eq!(std::fs::read(&path).unwrap(), fixed);
    // Nothing to fix: the file is not even rewritten.
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    assert_eq!(first.status.code(), second.status.code());
    assert_eq!(stdout(&first), stdout(&second));
    assert_eq!(
        awsnotes(dir.path(), &["lint", "--diff", "note.md"]).stdout,
        b""
    );
}

/// A file without any write permission bit is not modified, even by root (who could write it): the
/// findings are still reported, the error names the file, the exit code is 2.
#[test]
fn a_read_only_file_is_not_fixed() {
    let dir = project(&[("note.md", TYPO), ("other.md", TYPO)]);
    let path = dir.path().join("note.md");
    chmod(&path, 0o444);
    let o = awsnotes(dir.path(), &["lint", "--fix", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), TYPO_REPORT);
    assert_eq!(
        stderr(&o),
        "awsnotes: note.md: not fixed: the file is read-only\n\
         awsnotes: 2 files checked: 0 errors, 1 warning, 0 info in T; 1 file error(s)\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), TYPO);
    assert_eq!(mode(&path), 0o444);
    assert_eq!(std::fs::read(dir.path().join("other.md")).unwrap(), FIXED);
    assert_eq!(names(dir.path()), ["note.md", "other.md"]);
}

/// `--fix` writes a temporary file next to the note and renames it: a directory without write
/// permission (bits respected even by root) means no fix, with a message saying why.
#[test]
fn a_file_in_a_read_only_directory_is_not_fixed() {
    let dir = project(&[("locked/note.md", TYPO)]);
    let locked = dir.path().join("locked");
    chmod(&locked, 0o555);
    let o = awsnotes(dir.path(), &["lint", "--fix", "locked/note.md"]);
    let after = std::fs::read(locked.join("note.md")).unwrap();
    let listing = names(&locked);
    chmod(&locked, 0o755);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        TYPO_REPORT.replace("note.md:", "locked/note.md:")
    );
    assert_eq!(
        stderr(&o),
        "awsnotes: locked/note.md: not fixed: its directory is read-only (the fix is written to a temporary file there)\n\
         awsnotes: 1 file checked: 0 errors, 1 warning, 0 info in T; 1 file error(s)\n"
    );
    assert_eq!(after, TYPO);
    assert_eq!(listing, ["note.md"]);
}

/// A symbolic link is never written through, whether it was named on the command line or met in the
/// walk (where links are not followed at all); one that leads out of the tree is mentioned.
#[test]
fn symbolic_links_are_not_written_through() {
    let outside = project(&[("target.md", TYPO)]);
    let target = outside.path().join("target.md");
    let dir = project(&[("real.md", TYPO)]);
    std::os::unix::fs::symlink(&target, dir.path().join("out.md")).unwrap();
    std::os::unix::fs::symlink("real.md", dir.path().join("in.md")).unwrap();

    let o = awsnotes(dir.path(), &["lint", "--fix", "out.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), TYPO_REPORT.replace("note.md:", "out.md:"));
    assert_eq!(
        stderr(&o),
        "awsnotes: out.md: not fixed: is a symbolic link; fix the file it points to instead\n\
         awsnotes: 1 file checked: 0 errors, 1 warning, 0 info in T; 1 file error(s)\n"
    );
    assert_eq!(std::fs::read(&target).unwrap(), TYPO);

    let o = awsnotes(dir.path(), &["lint", "--fix", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "awsnotes: out.md: symbolic link to {}, which is outside .; not followed\n",
            target.canonicalize().unwrap().display()
        )
    );
    assert_eq!(std::fs::read(&target).unwrap(), TYPO);
    assert_eq!(std::fs::read(dir.path().join("real.md")).unwrap(), FIXED);
    assert_eq!(
        std::fs::read_link(dir.path().join("in.md")).unwrap(),
        Path::new("real.md")
    );
}

/// The same file reached twice — through the walk and by name, or through a link to it — is checked
/// once (under a name that is not a link, so `--fix` can write it) and fixed once.
#[test]
fn a_file_reached_twice_is_checked_and_fixed_once() {
    let dir = project(&[("note.md", TYPO)]);
    std::os::unix::fs::symlink("note.md", dir.path().join("alias.md")).unwrap();
    let args = [
        "lint",
        "--format",
        "json",
        ".",
        "note.md",
        "./note.md",
        "alias.md",
    ];
    let o = awsnotes(dir.path(), &args);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(v["findings"][0]["path"], "note.md");
    let mut fix = args.to_vec();
    fix.insert(1, "--fix");
    let o = awsnotes(dir.path(), &fix);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(std::fs::read(dir.path().join("note.md")).unwrap(), FIXED);
    assert!(std::fs::symlink_metadata(dir.path().join("alias.md"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn symbolic_link_loops() {
    let dir = project(&[("note.md", TYPO), ("sub/deep.md", TYPO)]);
    std::os::unix::fs::symlink("b.md", dir.path().join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", dir.path().join("b.md")).unwrap();
    // A directory link back up: never followed, so the walk ends.
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "awsnotes: a.md: symbolic link loop; skipped\n\
         awsnotes: b.md: symbolic link loop; skipped\n\
         awsnotes: 2 files checked: 0 errors, 2 warnings, 0 info in T\n"
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files_checked"], 2);

    // Named on the command line, a loop is an error; the other paths are still checked.
    let o = awsnotes(dir.path(), &["lint", "a.md", "note.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), TYPO_REPORT);
    assert_eq!(
        stderr(&o),
        "awsnotes: a.md: symbolic link loop\n\
         awsnotes: 1 file checked: 0 errors, 1 warning, 0 info in T; 1 file error(s)\n"
    );
}

// ---- Bad input ----

#[test]
fn paths_that_are_not_there() {
    let dir = project(&[("note.md", TYPO)]);
    std::os::unix::fs::symlink("missing.md", dir.path().join("gone.md")).unwrap();
    // In the tree, a dangling link is mentioned and skipped: not an error of this run.
    let o = awsnotes(dir.path(), &["lint", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), TYPO_REPORT);
    assert_eq!(
        stderr(&o),
        "awsnotes: gone.md: dangling symbolic link (to missing.md); skipped\n"
    );
    // Named on the command line, anything that cannot be read is an error, each with its reason, and
    // the rest is still checked.
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let o = awsnotes(
        dir.path(),
        &[
            "lint",
            "nope.md",
            "gone.md",
            "pipe.md",
            "no/such/dir",
            "note.md",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), TYPO_REPORT);
    assert_eq!(
        stderr(&o),
        "awsnotes: nope.md: no such file or directory\n\
         awsnotes: gone.md: dangling symbolic link (to missing.md)\n\
         awsnotes: pipe.md: not a regular file or a directory; skipped\n\
         awsnotes: no/such/dir: no such file or directory\n\
         awsnotes: 1 file checked: 0 errors, 1 warning, 0 info in T; 4 file error(s)\n"
    );
}

/// Invalid UTF-8 is an error (a note that could not be checked), a binary file a note (not Markdown);
/// a NUL far into a text file is just a character. `--fix` touches none of the skipped files.
#[test]
fn invalid_utf8_binary_files_and_nul_bytes() {
    let mut late_nul = "Plain text.\n".repeat(800).into_bytes();
    late_nul.extend_from_slice(b"A NUL \0 here, then Cloudfromation.\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Cloudfromation\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let files: [(&str, &[u8]); 5] = [
        ("bad.md", b"caf\xe9 Cloudfromation\n"),
        ("bin.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR Cloudfromation"),
        ("late-nul.md", &late_nul),
        ("utf16.md", &utf16),
        ("zz-ok.md", TYPO),
    ];
    let dir = project(&files);
    let o = awsnotes(dir.path(), &["lint", "--fix", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "awsnotes: bad.md: not valid UTF-8 (at byte 3); skipped\n\
         awsnotes: bin.md: binary file; skipped\n\
         awsnotes: utf16.md: binary file; skipped\n\
         awsnotes: 2 files checked: 0 errors, 0 warnings, 0 info in T; 1 file error(s)\n"
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v, json!({"version": 1, "files_checked": 2, "findings": []}));
    for (name, bytes) in &files[..2] {
        assert_eq!(&std::fs::read(dir.path().join(name)).unwrap(), bytes);
    }
    assert_eq!(std::fs::read(dir.path().join("utf16.md")).unwrap(), utf16);
    let mut fixed = late_nul.clone();
    let at = fixed.len() - "Cloudfromation.\n".len();
    fixed[at..].copy_from_slice(b"CloudFormation.\n");
    assert_eq!(
        std::fs::read(dir.path().join("late-nul.md")).unwrap(),
        fixed
    );
    assert_eq!(std::fs::read(dir.path().join("zz-ok.md")).unwrap(), FIXED);

    // Without --fix the finding after the NUL is reported where it is.
    std::fs::write(dir.path().join("late-nul.md"), &late_nul).unwrap();
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "late-nul.md"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (&v["findings"][0]["line"], &v["findings"][0]["column"]),
        (&json!(801), &json!(20))
    );
    // …and the human format shows the NUL as U+FFFD, not as a raw control character.
    let o = awsnotes(dir.path(), &["lint", "late-nul.md"]);
    assert!(
        stdout(&o).contains("801 | A NUL \u{FFFD} here, then Cloudfromation.\n"),
        "{}",
        stdout(&o)
    );
}

/// Terminal control sequences in a note (or its name) are not passed to the terminal by the human
/// format: each control character is shown as U+FFFD, so the carets still line up.
#[test]
fn control_characters_do_not_reach_the_terminal() {
    let dir = project(&[(
        "a\x1b[2Jb.md",
        b"Use\tCloud\x1b]0;owned\x07 \x1b[31m Cloudfromation\r here\n",
    )]);
    let o = awsnotes(dir.path(), &["lint", "."]);
    assert_eq!(
        stdout(&o),
        format!(
            "a\u{FFFD}[2Jb.md:1:27: warning[service-name] `Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?\n\
             1 | Use Cloud\u{FFFD}]0;owned\u{FFFD} \u{FFFD}[31m Cloudfromation\u{FFFD} here\n\
             {}{}\n",
            " ".repeat(4 + 26),
            "^".repeat(14)
        )
    );
}

/// A 100 MB file is refused before it is read (the limit is 32 MiB, for the CLI and the editor alike):
/// a clear message, exit code 2, the other files still checked, the big file untouched by `--fix`.
#[test]
fn a_100_mb_file_is_refused_without_being_read() {
    let line = b"Deploy with Cloudfromation and DynamoDB; the x-amz-server-side-encryption header is AES256.\n\n";
    let big: Vec<u8> = line.repeat(100 * 1000 * 1000 / line.len() + 1);
    let dir = project(&[("big.md", &big), ("note.md", TYPO)]);
    let o = awsnotes(dir.path(), &["lint", "--fix", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        format!(
            "awsnotes: big.md: {:.1} MiB is larger than the 32 MiB limit; skipped\n\
             awsnotes: 1 file checked: 0 errors, 0 warnings, 0 info in T; 1 file error(s)\n",
            big.len() as f64 / 1048576.0
        )
    );
    assert!(std::fs::read(dir.path().join("big.md")).unwrap() == big);
    assert_eq!(std::fs::read(dir.path().join("note.md")).unwrap(), FIXED);

    // On standard input too.
    let o = awsnotes_with_stdin(dir.path(), &["lint", "-"], &big[..33 << 20]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "awsnotes: <stdin>: larger than the 32 MiB limit; skipped\n"
    );
}

/// Below the limit a large note is checked; positions far into it are right.
#[test]
fn a_20_mb_file_is_checked() {
    let mut text = "Plain prose about nothing in particular, for a long while.\n".repeat(340_000);
    text.push_str("At the very end: Cloudfromation.\n");
    assert!(text.len() > 20_000_000);
    let dir = project(&[("big.md", text.as_bytes())]);
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "big.md"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = &v["findings"];
    assert_eq!(f.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(
        (&f[0]["line"], &f[0]["column"], &f[0]["rule"]),
        (&json!(340_001), &json!(18), &json!("service-name"))
    );
}

/// One 180 KB line with 5,000 findings: the human format shows a window of the line around each
/// finding (it used to print the whole line for every finding: gigabytes of output).
#[test]
fn long_lines_are_cut_around_each_finding() {
    let unit = "Cloudfromation and more words here. ";
    let line = unit.repeat(5_000);
    let dir = project(&[("one-line.md", line.as_bytes())]);
    let o = awsnotes(dir.path(), &["lint", "one-line.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3 * 5_000);
    assert!(lines.iter().all(|l| l.chars().count() <= 210));
    let message =
        "warning[service-name] `Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?";
    assert_eq!(lines[0], format!("one-line.md:1:1: {message}"));
    assert_eq!(lines[1], format!("1 | {}…", &line[..200]));
    assert_eq!(lines[2], format!("    {}", "^".repeat(14)));
    // The 100th finding, at column 3,565: 60 characters of context before it.
    let col = 99 * unit.len() + 1;
    assert_eq!(lines[297], format!("one-line.md:1:{col}: {message}"));
    assert_eq!(
        lines[298],
        format!("1 | …{}…", &line[col - 61..col - 61 + 200])
    );
    assert_eq!(
        lines[299],
        format!("    {}{}", " ".repeat(61), "^".repeat(14))
    );
    // The last one: the line ends inside the window.
    assert_eq!(
        lines[3 * 4_999 + 1],
        format!("1 | …{}", &line[line.len() - unit.len() - 60..])
    );
}

#[test]
fn ten_thousand_small_files() {
    let dir = tempfile::tempdir().unwrap();
    for d in 0..100 {
        let sub = dir.path().join(format!("d{d:02}"));
        std::fs::create_dir(&sub).unwrap();
        for f in 0..100 {
            let text: &[u8] = if f % 10 == 0 {
                TYPO
            } else {
                b"All good: CloudFormation.\n"
            };
            std::fs::write(sub.join(format!("n{f:02}.md")), text).unwrap();
        }
    }
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files_checked"], 10_000);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1_000);
    assert_eq!(findings[0]["path"], "d00/n00.md");
    assert_eq!(findings[999]["path"], "d99/n90.md");
    assert_eq!(
        stderr(&o),
        "awsnotes: 10000 files checked: 0 errors, 1000 warnings, 0 info in T\n"
    );

    let o = awsnotes(dir.path(), &["lint", "--fix", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "awsnotes: 10000 files checked: 0 errors, 0 warnings, 0 info in T\n"
    );
    assert_eq!(std::fs::read(dir.path().join("d42/n30.md")).unwrap(), FIXED);
    let total: usize = (0..100)
        .map(|d| names(&dir.path().join(format!("d{d:02}"))).len())
        .sum();
    assert_eq!(total, 10_000, "temporary files left behind");
}
