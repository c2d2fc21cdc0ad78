-- Neovim 0.11+: `vim.lsp.enable('awsnotes')` picks this up from the runtimepath.
-- Settings: vim.lsp.config('awsnotes', { init_options = {...}, settings = { awsnotes = {...} } })
-- with the same table in both ({ rules = {...}, words = {...}, schema = {...}, debounceMs = n }).
local ok, awsnotes = pcall(require, 'awsnotes')
return {
  cmd = { 'awsnotes', 'lsp' },
  filetypes = { 'markdown' },
  root_markers = { '.awsnotes.toml', '.git' },
  -- Re-pull diagnostics on workspace/diagnostic/refresh (Neovim has no handler for it yet).
  handlers = ok and awsnotes.handlers() or nil,
}
