-- :checkhealth awsnotes
local M = {}

-- vim.health.start/ok/… on Neovim 0.10+, require('health').report_* on 0.7–0.9.
local function reporter()
  local h = vim.health
  if h and h.ok and h.start then
    return h
  end
  h = (h and h.report_ok) and h or require('health')
  return {
    start = h.report_start,
    ok = h.report_ok,
    info = h.report_info,
    warn = h.report_warn,
    error = h.report_error,
  }
end

function M.check()
  local health = reporter()
  health.start('awsnotes language server')

  local awsnotes = require('awsnotes')
  local config = awsnotes.config
  local cmd = (config and config.cmd) or awsnotes.defaults.cmd
  if config then
    health.info('cmd from setup(): ' .. table.concat(cmd, ' '))
  elseif vim.lsp.config and vim.lsp.config.awsnotes and vim.lsp.config.awsnotes.cmd then
    cmd = vim.lsp.config.awsnotes.cmd -- Neovim 0.11+: vim.lsp.config / lsp/awsnotes.lua
    if type(cmd) == 'table' then
      health.info('cmd from vim.lsp.config: ' .. table.concat(cmd, ' '))
    end
  else
    health.info('setup() has not been called; checking the default cmd: ' .. table.concat(cmd, ' '))
  end
  if type(cmd) ~= 'table' or not cmd[1] then
    health.error('cmd is not a list of strings', { "require('awsnotes').setup({ cmd = { 'awsnotes', 'lsp' } })" })
    return
  end

  local path = vim.fn.exepath(cmd[1])
  if path == '' or vim.fn.executable(cmd[1]) ~= 1 then
    health.error(('`%s` not found or not executable'):format(cmd[1]), {
      'Install it from a clone of the awsnotes repository: cargo install --path server',
      "or set its path: require('awsnotes').setup({ cmd = { '/path/to/awsnotes', 'lsp' } })",
    })
    return
  end
  health.ok('binary found: ' .. path)

  local out = vim.fn.system({ path, '--version' })
  local version = out:match('awsnotes%s+[%w%.%-+]+')
  if vim.v.shell_error == 0 and version then
    health.ok('version: ' .. version)
  else
    health.error(('`%s --version` failed (exit %d): %s'):format(path, vim.v.shell_error, vim.trim(out)))
  end

  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local running = 0
  for _, client in pairs(get()) do
    if client.name == 'awsnotes' then
      running = running + 1
      health.info(('client %d running, root %s'):format(client.id, tostring(client.config.root_dir)))
    end
  end
  if running == 0 then
    health.info('no awsnotes client is running (open a Markdown file)')
  end
end

return M
