---@brief
---
--- https://github.com/awsnotes/awsnotes
---
--- awsnotes checks the AWS names and facts in Markdown notes (service names, HTTP headers, error codes,
--- IAM actions, CloudFormation names, Regions, Lambda runtimes, limits) against a schema built from AWS's
--- own models: diagnostics with quick fixes, hover and completion.
---
--- Install the `awsnotes` binary from the releases, with `cargo install --locked awsnotes`, or with
--- `:MasonInstall awsnotes`. Settings (same table in `init_options` and `settings.awsnotes`):
--- ```lua
--- vim.lsp.config('awsnotes', {
---   init_options = { words = { 'Dynamo' }, rules = { ['outdated-limit'] = 'off' } },
---   settings = { awsnotes = { words = { 'Dynamo' }, rules = { ['outdated-limit'] = 'off' } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'awsnotes', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { '.awsnotes.toml', '.git' },
  settings = { awsnotes = {} },
}
