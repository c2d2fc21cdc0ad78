//! The `awsnotes` binary: `lint`, `explain`, `schema`, `rules`.
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cli;

#[derive(Parser)]
#[command(
    name = "awsnotes",
    version,
    about = "Checks AWS names and facts in Markdown notes"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SimpleFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Lint Markdown files (default: the current directory); `-` reads standard input.
    Lint(cli::lint::LintArgs),
    /// Print everything the schema knows about a name.
    Explain {
        name: String,
        #[arg(long, value_enum, default_value = "human")]
        format: SimpleFormat,
    },
    /// Schema information.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
    /// Run the language server on standard input/output.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the rules, or print their documentation as Markdown (`--docs`).
    Rules {
        #[arg(long)]
        docs: bool,
    },
}

#[derive(Subcommand)]
enum SchemaCommand {
    /// Counts per kind and the versions of the sources.
    Stats {
        #[arg(long, value_enum, default_value = "human")]
        format: SimpleFormat,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let code = match args.command {
        Command::Lint(a) => cli::lint::run(a),
        Command::Explain { name, format } => cli::explain(&name, format == SimpleFormat::Json),
        Command::Schema {
            command: SchemaCommand::Stats { format },
        } => cli::schema_stats(format == SimpleFormat::Json),
        Command::Rules { docs } => cli::rules(docs),
        Command::Lsp { .. } => {
            awsnotes::lsp::allocator::restart_with_trim_threshold();
            awsnotes::lsp::run()
        }
    };
    ExitCode::from(code)
}
