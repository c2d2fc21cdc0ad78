-- awsnotes: a thin Neovim client for `awsnotes lsp` (checks AWS names in Markdown notes).
-- Works on Neovim 0.7 and later, with no dependencies.
--
--   require('awsnotes').setup({
--     cmd = { 'awsnotes', 'lsp' },          -- default
--     settings = { rules = { ['service-prefix'] = 'warning' }, words = { 'Dynamo' } },
--     filetypes = { 'markdown' },           -- default
--     inlay_hints = true,                   -- default false: HTTP status after error codes, current
--                                           -- value after outdated limits, successor after retired
--                                           -- services (shown on Neovim 0.10+)
--     workspace_diagnostics = true,         -- default false: findings of every note under the root
--                                           -- directory, not only the open ones (vim.diagnostic.get(),
--                                           -- :lua vim.diagnostic.setqflist())
--   })
local M = {}

local uv = vim.uv or vim.loop

M.defaults = {
  cmd = { 'awsnotes', 'lsp' },
  -- Sent as initializationOptions and answered on workspace/configuration (section `awsnotes`):
  -- { rules = { [id] = 'off'|'info'|'warning'|'error' }, words = {...}, schema = {...}, debounceMs = n }
  settings = {},
  filetypes = { 'markdown' },
  root_markers = { '.awsnotes.toml', '.git' },
  -- Inlay hints: the server answers textDocument/inlayHint (setting `inlayHints.enable`), and on
  -- Neovim 0.10+ the plugin turns on vim.lsp.inlay_hint for the buffers it attaches.
  inlay_hints = false,
  -- Workspace diagnostics: once the client runs (the first note opened), the server checks every note
  -- under the root directory (as `awsnotes lint` finds them) and pushes the findings of those not
  -- open; Neovim keeps them on buffers it creates unloaded, so vim.diagnostic.get() and
  -- vim.diagnostic.setqflist() list them. Setting `workspaceDiagnostics`.
  workspace_diagnostics = false,
}

--- The configuration of the last setup() call (read by :checkhealth awsnotes).
M.config = nil

-- Neovim 0.7 only: one client per root directory.
local clients_by_root = {}

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

--- The nearest directory holding one of `markers`, walking up from the buffer's file; else the
--- file's own directory (or the working directory for a buffer without a file).
function M.root_dir(bufnr, markers)
  markers = markers or M.defaults.root_markers
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return uv.cwd()
  end
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local cur = dir
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(cur .. '/' .. marker) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then
      return dir
    end
    cur = parent
  end
end

--- `workspace/diagnostic/refresh`: Neovim 0.10+ pulls diagnostics (textDocument/diagnostic) from
--- servers that offer it, but has no handler for the server's refresh request (it logs "no handler
--- found"). awsnotes sends one after its settings change, and the diagnostics pulled before that
--- can be empty or stale: pull again for every buffer the client is attached to.
function M.on_diagnostic_refresh(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local on_diagnostic = vim.lsp.diagnostic and vim.lsp.diagnostic.on_diagnostic
  if client and on_diagnostic then
    for bufnr in pairs(client.attached_buffers or {}) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        -- A pull still in flight may be answered for the superseded state: cancel it.
        for id, req in pairs(client.requests or {}) do
          if req.type == 'pending' and req.bufnr == bufnr and req.method == 'textDocument/diagnostic' then
            if has('0.11') then
              client:cancel_request(id)
            else
              client.cancel_request(id)
            end
          end
        end
        local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
        local handler = function(err, result, rctx)
          pcall(on_diagnostic, err, result, rctx) -- no-op for buffers Neovim does not pull for
        end
        if has('0.11') then
          client:request('textDocument/diagnostic', params, handler, bufnr)
        else
          client.request('textDocument/diagnostic', params, handler, bufnr)
        end
      end
    end
  end
  return vim.NIL
end

--- Handlers the client needs beyond Neovim's defaults (only where Neovim has none).
function M.handlers(extra)
  local handlers = {}
  if not vim.lsp.handlers['workspace/diagnostic/refresh'] then
    handlers['workspace/diagnostic/refresh'] = M.on_diagnostic_refresh
  end
  for k, v in pairs(extra or {}) do
    handlers[k] = v
  end
  return handlers
end

--- The awsnotes client attached to `bufnr`, if any.
local function buf_client(bufnr)
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = 'awsnotes' })
  else
    list = {}
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'awsnotes' then
        list[#list + 1] = c
      end
    end
  end
  return list[1]
end

--- Byte column in `line` of an LSP position's character (in the client's encoding).
local function byte_col(line, character, encoding)
  if encoding == 'utf-8' then
    return math.min(character, #line)
  end
  local ok, col
  if has('0.11') then
    ok, col = pcall(vim.str_byteindex, line, encoding, character, false)
  else
    ok, col = pcall(vim.str_byteindex, line, character, encoding ~= 'utf-32')
  end
  return ok and col or #line
end

local pending = nil -- the server's items between the two calls of omnifunc

--- 'omnifunc' (`<C-x><C-o>`): asks the server and inserts its names whole, over the range it says
--- (`x-amz-ac` → `x-amz-acl`, `Step Func` → `Step Functions`), matching what was typed whatever its case.
--- Neovim's `vim.lsp.omnifunc` starts at the last keyword (`x-amz-x-amz-acl` on 0.7) and inserts a
--- name up to its first space (`Step`). Set it with
---   vim.bo[bufnr].omnifunc = "v:lua.require'awsnotes'.omnifunc"
--- (`setup()` does so for the buffers it attaches).
function M.omnifunc(findstart, base)
  if findstart ~= 1 then
    local items = {}
    for _, item in ipairs(pending and pending.items or {}) do
      items[#items + 1] = M.convert(item)
    end
    pending = nil
    return items
  end
  pending = nil
  local bufnr = vim.api.nvim_get_current_buf()
  local client = buf_client(bufnr)
  if not client then
    return -3
  end
  local encoding = client.offset_encoding or 'utf-16'
  local params = vim.lsp.util.make_position_params(0, encoding)
  params.context = { triggerKind = 1 }
  local response
  if has('0.11') then
    response = client:request_sync('textDocument/completion', params, 2000, bufnr)
  else
    response = client.request_sync('textDocument/completion', params, 2000, bufnr)
  end
  local result = response and response.result
  local items = result and (result.items or result) or {}
  local edit = items[1] and items[1].textEdit
  local range = edit and (edit.range or edit.replace)
  if not range then
    return -3 -- nothing to complete here: no message, stay in Insert mode
  end
  pending = { items = items }
  return byte_col(vim.api.nvim_get_current_line(), range.start.character, encoding)
end

--- An LSP completion item as a |complete-items| entry that inserts the item's whole text (for
--- `vim.lsp.completion.enable(..., { convert = require('awsnotes').convert })` and the omnifunc).
function M.convert(item)
  local edit = item.textEdit
  return {
    word = edit and edit.newText or item.insertText or item.label,
    abbr = item.label,
    menu = item.detail or '',
    icase = 1,
    dup = 1,
  }
end

local function client_config(cfg, root)
  local settings = cfg.settings or {}
  if cfg.inlay_hints then
    settings = vim.tbl_extend('force', settings, { inlayHints = { enable = true } })
  end
  if cfg.workspace_diagnostics then
    settings = vim.tbl_extend('force', settings, { workspaceDiagnostics = true })
  end
  local config = {
    name = 'awsnotes',
    cmd = cfg.cmd,
    root_dir = root,
    -- The server reads its settings from initializationOptions at start ...
    init_options = next(settings) and settings or nil,
    -- ... and Neovim's built-in workspace/configuration handler answers from `settings`,
    -- looked up by section: `awsnotes`.
    settings = { awsnotes = settings },
    capabilities = cfg.capabilities,
    on_attach = function(client, bufnr)
      -- The plugin's omnifunc, unless the user chose another one than Neovim's defaults (none,
      -- the LSP one, or the HTML tags that Markdown's filetype plugin sets).
      local omni = vim.bo[bufnr].omnifunc
      local default = omni == '' or omni == 'v:lua.vim.lsp.omnifunc' or omni == 'htmlcomplete#CompleteTags'
      if cfg.omnifunc ~= false and default then
        vim.bo[bufnr].omnifunc = "v:lua.require'awsnotes'.omnifunc"
      end
      if cfg.inlay_hints and vim.lsp.inlay_hint and has('0.10') then
        vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
      end
      if cfg.on_attach then
        cfg.on_attach(client, bufnr)
      end
    end,
    on_init = cfg.on_init,
    handlers = M.handlers(cfg.handlers),
  }
  return config
end

local function attach(bufnr, cfg)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name:match('^%a[%w+.-]*://') then
    return -- not a file on disk (fugitive://, oil://, …)
  end
  local root = M.root_dir(bufnr, cfg.root_markers)
  local config = client_config(cfg, root)
  if has('0.8') then
    -- vim.lsp.start reuses a client with the same name and root_dir.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(config)
    end)
    return
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    if not id then
      return
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

local function install_hint(cmd)
  return table.concat({
    ('awsnotes: the language server `%s` was not found or is not executable.'):format(tostring(cmd[1])),
    'Install it from a clone of the awsnotes repository with `cargo install --path server`',
    '(it lands in ~/.cargo/bin, which must be on $PATH), or point setup() at the binary:',
    "require('awsnotes').setup({ cmd = { '/path/to/awsnotes', 'lsp' } })",
  }, '\n')
end

--- Attaches `awsnotes lsp` to buffers of the given filetypes (now and from now on).
--- Returns true when the server binary was found, false (after a vim.notify) when not.
function M.setup(opts)
  opts = opts or {}
  local cfg = {}
  for k, v in pairs(M.defaults) do
    cfg[k] = v
  end
  for k, v in pairs(opts) do
    cfg[k] = v -- shallow on purpose: a given `cmd` or `filetypes` list replaces the default one
  end
  if type(cfg.cmd) == 'string' then
    cfg.cmd = { cfg.cmd, 'lsp' }
  end
  M.config = cfg

  if type(cfg.cmd) ~= 'table' or not cfg.cmd[1] or vim.fn.executable(cfg.cmd[1]) ~= 1 then
    vim.notify(install_hint(cfg.cmd or {}), vim.log.levels.ERROR, { title = 'awsnotes' })
    return false
  end

  local group = vim.api.nvim_create_augroup('awsnotes', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    desc = 'attach awsnotes lsp',
    callback = function(args)
      attach(args.buf, cfg)
    end,
  })
  -- Buffers already open when setup() runs.
  local wanted = {}
  for _, ft in ipairs(cfg.filetypes) do
    wanted[ft] = true
  end
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and wanted[vim.bo[bufnr].filetype] then
      attach(bufnr, cfg)
    end
  end
  return true
end

return M
