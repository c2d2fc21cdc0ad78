-- Helpers shared by the headless Neovim tests (test.lua, completion.lua); Lua 5.1 / Neovim 0.7
-- compatible. Loaded with `dofile('tests/nvim/lib.lua')` from the repository root.
local T = {}

T.uv = vim.uv or vim.loop
T.root = T.uv.cwd()
vim.cmd('set rtp+=' .. vim.fn.fnameescape(T.root .. '/editors/nvim'))

local v = vim.version and vim.version() or {}
T.version_string = ('%s.%s.%s'):format(v.major or '?', v.minor or '?', v.patch or '?')

function T.out(msg)
  io.stdout:write(msg .. '\n')
  io.stdout:flush()
end

T.checks = 0
function T.check(cond, msg, ...)
  if not cond then
    error(msg .. (select('#', ...) > 0 and (': ' .. vim.inspect({ ... })) or ''), 2)
  end
  T.checks = T.checks + 1
end

function T.has(ver)
  return vim.fn.has('nvim-' .. ver) == 1
end

function T.buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  local list = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    list[#list + 1] = c
  end
  return list
end

--- Edits `path` as a Markdown buffer (-u NONE: no filetype detection); returns the buffer.
function T.edit_markdown(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype ~= 'markdown' then
    vim.bo[bufnr].filetype = 'markdown'
  end
  return bufnr
end

function T.write_file(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

--- $AWSNOTES_BIN (absolute), checked to be executable.
function T.bin()
  local bin = os.getenv('AWSNOTES_BIN') or (T.root .. '/target/release/awsnotes')
  if not bin:match('^/') then
    bin = T.root .. '/' .. bin
  end
  T.check(vim.fn.executable(bin) == 1, 'AWSNOTES_BIN is not executable', bin)
  return bin
end

--- Runs `main` and ends Neovim: `qa!` when it returned, else prints "FAIL (nvim x.y.z): error" and
--- exits 1.
function T.finish(main)
  local ok, err = xpcall(main, debug.traceback)
  if not ok then
    T.out('FAIL (nvim ' .. T.version_string .. '): ' .. tostring(err))
    vim.cmd('cquit 1')
  else
    vim.cmd('qa!')
  end
end

return T
