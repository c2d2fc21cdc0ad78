// The awsnotes VS Code extension: starts `awsnotes lsp` over stdio for Markdown files and passes the
// `awsnotes.*` settings to it (initializationOptions, then workspace/didChangeConfiguration).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
  TransportKind,
} from "vscode-languageclient/node";

const SECTION = "awsnotes";
const INSTALL_HINT =
  "Install it with `cargo install --path server` from the awsnotes repository, " +
  "or set `awsnotes.server.path` to the binary.";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("awsnotes");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("awsnotes.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("awsnotes.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Rules, words and schema reach the running server through `synchronize`; only a new
      // binary needs a restart.
      if (e.affectsConfiguration(`${SECTION}.server.path`)) {
        void restart(context);
      }
    }),
    { dispose: () => void stop() },
  );
  await start(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer(context);
  if ("error" in found) {
    output.appendLine(`[awsnotes] ${found.error}`);
    void vscode.window
      .showErrorMessage(`awsnotes: ${found.error}`, "Open Settings")
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand(
            "workbench.action.openSettings",
            `${SECTION}.server.path`,
          );
        }
      });
    return;
  }
  output.appendLine(`[awsnotes] starting ${found.command} lsp (${found.origin})`);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.scheme === "file"
    ? vscode.workspace.workspaceFolders[0].uri.fsPath
    : undefined;
  const serverOptions: ServerOptions = {
    command: found.command,
    args: ["lsp"],
    transport: TransportKind.stdio,
    // Relative `awsnotes.schema` paths resolve against the first workspace folder.
    options: cwd ? { cwd } : {},
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: () => serverSettings(),
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    // With `awsnotes.trace.server`, the LSP traffic goes to the same channel.
    diagnosticCollectionName: SECTION,
  };
  // The client id `awsnotes` makes vscode-languageclient honour `awsnotes.trace.server`.
  client = new LanguageClient(SECTION, "awsnotes", serverOptions, clientOptions);
  client.registerFeature(diagnosticRefreshAlias);
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.appendLine(`[awsnotes] the server failed to start: ${message}`);
    void vscode.window.showErrorMessage(
      `awsnotes: the language server (${found.command}) failed to start: ${message}`,
      "Show Output",
    ).then((choice) => {
      if (choice === "Show Output") output.show(true);
    });
  }
}

/**
 * The LSP spec (and vscode-languageclient) announce `workspace/diagnostic/refresh` support as
 * `capabilities.workspace.diagnostics.refreshSupport`; lsp-types 0.97, which the server is built on,
 * reads `workspace.diagnostic` (singular). Announce it under that name as well, so the server asks VS
 * Code to pull diagnostics again after a settings change (the client handles the request either way).
 */
const diagnosticRefreshAlias: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const workspace = (capabilities.workspace ??= {}) as Record<string, unknown>;
    workspace["diagnostic"] ??= { refreshSupport: true };
  },
  initialize(): void {},
  getState: () => ({ kind: "static" }),
  clear(): void {},
};

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch {
      // Already stopped or never started: nothing to do.
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

/**
 * The settings the server reads at start: `{rules, words, schema, debounceMs, inlayHints: {enable},
 * workspaceDiagnostics}`
 * (see `ClientSettings::parse`); later changes reach it through `synchronize` (the whole section).
 */
function serverSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    rules: c.get<Record<string, string>>("rules", {}),
    words: c.get<string[]>("words", []),
    schema: c.get<string[]>("schema", []),
    debounceMs: c.get<number>("debounceMs", 150),
    inlayHints: { enable: c.get<boolean>("inlayHints.enable", false) },
    workspaceDiagnostics: c.get<boolean>("workspaceDiagnostics", false),
  };
}

type Found = { command: string; origin: string } | { error: string };

/** `awsnotes.server.path`, then `bin/awsnotes` inside the extension, then `PATH`. */
function findServer(context: vscode.ExtensionContext): Found {
  const exe = process.platform === "win32" ? "awsnotes.exe" : "awsnotes";
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("server.path", "").trim();
  if (configured) {
    const resolved = resolveConfigured(configured);
    if (isExecutable(resolved)) {
      return { command: resolved, origin: "awsnotes.server.path" };
    }
    return {
      error: `\`awsnotes.server.path\` is set to ${resolved}, which is not an executable file. ${INSTALL_HINT}`,
    };
  }
  const bundled = context.asAbsolutePath(path.join("bin", exe));
  if (process.platform !== "win32" && fs.existsSync(bundled) && !isExecutable(bundled)) {
    // An unzip that dropped the executable bit: restore it on our own file.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // Read-only install: fall through to PATH.
    }
  }
  if (isExecutable(bundled)) {
    return { command: bundled, origin: "bundled with the extension" };
  }
  const onPath = searchPath(exe);
  if (onPath) {
    return { command: onPath, origin: "PATH" };
  }
  return { error: `the \`awsnotes\` language server was not found. ${INSTALL_HINT}` };
}

function resolveConfigured(p: string): string {
  let out = p;
  if (out === "~" || out.startsWith("~/")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out)) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder && folder.uri.scheme === "file") {
      out = path.join(folder.uri.fsPath, out);
    }
  }
  return out;
}

function isExecutable(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchPath(exe: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
