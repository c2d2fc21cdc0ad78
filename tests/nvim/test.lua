-- Headless test of editors/nvim against the real `awsnotes lsp`. Run from the repository root:
--   AWSNOTES_BIN=target/release/awsnotes nvim --headless --clean -u NONE -c 'luafile tests/nvim/test.lua'
-- Lua 5.1 / Neovim 0.7 compatible. Exits 0 after printing "awsnotes nvim test: all checks passed",
-- or prints "FAIL: ..." and exits 1 (:cquit 1).
local T = dofile('tests/nvim/lib.lua')
local uv, root, out, check, has, buf_clients, write_file = T.uv, T.root, T.out, T.check, T.has, T.buf_clients, T.write_file
local version_string = T.version_string

local function realpath(p)
  return uv.fs_realpath(p) or p
end

local function diag_code(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

-- Sends a request to the buffer's clients and returns the first result (errors are fatal).
local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 5000)
  check(responses ~= nil, method .. ' got no response', err)
  for _, r in pairs(responses) do
    check(r.err == nil, method .. ' returned an error', r.err)
    return r.result
  end
  check(false, method .. ': no client answered')
end

-- Edits `path` as a Markdown buffer and waits for one client to attach to it; returns the buffer.
local function edit_attached(path, what)
  local bufnr = T.edit_markdown(path)
  check(vim.wait(5000, function()
    return #buf_clients(bufnr) == 1
  end, 20), what)
  return bufnr
end

local function markup_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, c in ipairs(contents) do
    parts[#parts + 1] = type(c) == 'string' and c or c.value
  end
  return table.concat(parts, '\n')
end

local function main()
  local bin = T.bin()
  local tmp = os.getenv('AWSNOTES_TEST_TMP') or vim.fn.tempname()
  local proj = tmp .. '/proj'
  vim.fn.mkdir(proj .. '/notes', 'p')
  write_file(proj .. '/.awsnotes.toml', 'words = []\n')

  local awsnotes = require('awsnotes')

  -- 1. A missing binary: one clear notification, nothing else.
  local notes = {}
  local orig_notify = vim.notify
  vim.notify = function(msg, level)
    notes[#notes + 1] = { msg = msg, level = level }
  end
  local ok = awsnotes.setup({ cmd = { tmp .. '/no-such-awsnotes', 'lsp' } })
  vim.notify = orig_notify
  check(ok == false, 'setup() with a missing binary should return false')
  check(#notes == 1, 'setup() with a missing binary should notify once', notes)
  check(notes[1].level == vim.log.levels.ERROR, 'the notification should be an error', notes[1])
  check(notes[1].msg:find('cargo install --path server', 1, true) ~= nil, 'the notification should say how to install', notes[1].msg)
  check(notes[1].msg:find('cmd', 1, true) ~= nil, 'the notification should mention cmd', notes[1].msg)
  local got_group, autocmds = pcall(vim.api.nvim_get_autocmds, { group = 'awsnotes' })
  check(not got_group or #autocmds == 0, 'setup() with a missing binary should create no autocmd')

  -- 2. Open a note with known mistakes, then setup(): it attaches to the open buffer.
  local note = proj .. '/notes/note.md'
  write_file(note, table.concat({
    'Deploy with Cloudfromation and x-amz-server-side-encription.', -- 0: service-name @12, unknown-header @31
    'Encrypt with x-amz-server-side-encryption.', --                 1: correct header @13..41
    '',
    'Dyn', --                                                        3: completion at the end
    '😀 AccessDenied again.', --                                    4: inlay hint after the code
    'Orchestrate with Step Functions.', --                          5: a two-word name @17..31
  }, '\n') .. '\n')
  vim.cmd('edit ' .. vim.fn.fnameescape(note))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= 'markdown' then
    vim.bo[buf].filetype = 'markdown' -- -u NONE: no filetype detection
  end
  check(awsnotes.setup({ cmd = { bin, 'lsp' }, settings = { debounceMs = 0 }, inlay_hints = true }) == true,
    'setup() should find the binary')

  check(vim.wait(10000, function()
    return #buf_clients(buf) == 1
  end, 20), 'no awsnotes client attached to the buffer')
  local client = buf_clients(buf)[1]
  check(client.name == 'awsnotes', 'client name', client.name)
  check(realpath(client.config.root_dir) == realpath(proj), 'root dir should be the dir with .awsnotes.toml', client.config.root_dir, proj)
  check(vim.wait(10000, function()
    return client.initialized == nil or client.initialized == true
  end, 20), 'client did not initialize')
  local caps = client.server_capabilities or client.resolved_capabilities
  check(caps ~= nil, 'no server capabilities')

  check(vim.wait(10000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20), 'no diagnostics within 10 s (server capabilities: ' .. vim.inspect(client.server_capabilities) .. ')')
  -- Wait for both findings: the push may come in one message, but be lenient about ordering.
  vim.wait(2000, function()
    return #vim.diagnostic.get(buf) >= 2
  end, 20)
  local diags = vim.diagnostic.get(buf)
  local by_code = {}
  for _, d in ipairs(diags) do
    check(d.source == 'awsnotes', 'diagnostic source', d)
    by_code[diag_code(d)] = d
  end
  local sn, uh = by_code['service-name'], by_code['unknown-header']
  check(sn ~= nil, "no 'service-name' diagnostic", diags)
  check(uh ~= nil, "no 'unknown-header' diagnostic", diags)
  check(sn.message == '`Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?', 'service-name message', sn.message)
  check(sn.lnum == 0 and sn.col == 12 and sn.end_col == 26, 'service-name range', sn)
  check(sn.severity == vim.diagnostic.severity.WARN, 'service-name severity', sn.severity)
  check(uh.message:find('x-amz-server-side-encription', 1, true) and uh.message:find('x-amz-server-side-encryption', 1, true),
    'unknown-header message', uh.message)
  check(uh.lnum == 0 and uh.col == 31, 'unknown-header range', uh)

  local uri = vim.uri_from_bufnr(buf)
  local function pos(line, character)
    return { textDocument = { uri = uri }, position = { line = line, character = character } }
  end

  -- 3. Hover on the correct header.
  local hover = request(buf, 'textDocument/hover', pos(1, 20))
  check(hover ~= nil, 'hover returned nothing')
  local md = markup_text(hover.contents)
  check(md:find('x-amz-server-side-encryption', 1, true) ~= nil, 'hover text', md)
  check(md:find('HTTP header', 1, true) ~= nil, 'hover should say it is an HTTP header', md)

  -- 3b. Hover on a two-word name, on its second word: the whole name, said in its first line.
  local hover2 = request(buf, 'textDocument/hover', pos(5, 26))
  check(hover2 ~= nil, 'hover on Step Functions returned nothing')
  local md2 = markup_text(hover2.contents)
  local first_line = md2:match('^[^\n]*')
  check(first_line:find('Step Functions', 1, true) ~= nil, 'hover on Functions should be about Step Functions', md2)
  local _, hover_lines = md2:gsub('\n', '')
  check(hover_lines < 12, 'the hover should be short', md2)
  check(hover2.range and hover2.range.start.character == 17 and hover2.range['end'].character == 31,
    'hover range should cover Step Functions', hover2.range)

  -- 4. Completion at the end of "Dyn".
  local completion = request(buf, 'textDocument/completion', pos(3, 3))
  check(completion ~= nil, 'completion returned nothing')
  local items = completion.items or completion
  local labels = {}
  local dynamo
  for _, item in ipairs(items) do
    labels[#labels + 1] = item.label
    if item.label == 'DynamoDB' then
      dynamo = item
    end
  end
  check(dynamo ~= nil, "no 'DynamoDB' completion item", labels)

  -- 4b. Inlay hints: `inlay_hints = true` reaches the server as `inlayHints.enable`; Neovim 0.10+
  -- shows them (vim.lsp.inlay_hint), right after the error code: character 15 in UTF-16 (the emoji
  -- is 2 code units), 17 in UTF-8 (4 bytes), whichever encoding the client negotiated.
  local hint_col = client.offset_encoding == 'utf-8' and 17 or 15
  local hints = request(buf, 'textDocument/inlayHint', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 5, character = 0 } },
  })
  check(type(hints) == 'table' and #hints == 1 and hints[1].label == 'HTTP 403'
    and hints[1].position.line == 4 and hints[1].position.character == hint_col, 'inlay hints from the server', hints)
  if has('0.10') then
    check(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'inlay hints should be enabled for the buffer')
    local shown
    check(vim.wait(10000, function()
      shown = vim.lsp.inlay_hint.get({ bufnr = buf })
      return #shown > 0
    end, 20), 'Neovim shows no inlay hint')
    local h = shown[1].inlay_hint
    check(#shown == 1 and h.label == 'HTTP 403' and h.position.line == 4 and h.position.character == hint_col,
      'the inlay hint Neovim shows', shown)
  end

  -- 5. Code action for the Cloudfromation diagnostic, applied to the buffer.
  local lsp_diag = {
    range = { start = { line = sn.lnum, character = sn.col }, ['end'] = { line = sn.end_lnum, character = sn.end_col } },
    severity = sn.severity,
    code = diag_code(sn),
    source = sn.source,
    message = sn.message,
  }
  if sn.user_data and sn.user_data.lsp and sn.user_data.lsp.range then
    lsp_diag = sn.user_data.lsp
  end
  local actions = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 14 }, ['end'] = { line = 0, character = 14 } },
    context = { diagnostics = { lsp_diag } },
  })
  check(type(actions) == 'table' and #actions > 0, 'no code actions', actions)
  local fix
  for _, a in ipairs(actions) do
    local edits = a.edit and a.edit.changes and a.edit.changes[uri]
    if edits and #edits == 1 and edits[1].newText == 'CloudFormation' then
      fix = a
    end
  end
  check(fix ~= nil, "no code action replacing with 'CloudFormation'", actions)
  check(fix.title == 'Replace with `CloudFormation`', 'fix title', fix.title)
  local e = fix.edit.changes[uri][1]
  check(e.range.start.line == 0 and e.range.start.character == 12 and e.range['end'].character == 26, 'fix range', e.range)
  -- 0.7: apply_workspace_edit(edit) warns without an encoding, later versions require it: always give it.
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
  local line0 = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]
  check(line0 == 'Deploy with CloudFormation and x-amz-server-side-encription.', 'buffer line after the fix', line0)
  -- The change reaches the server (incremental sync) and the finding goes away.
  check(vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if diag_code(d) == 'service-name' then
        return false
      end
    end
    return #vim.diagnostic.get(buf) > 0
  end, 20), 'service-name diagnostic still there after the fix', vim.diagnostic.get(buf))

  -- 5b. Code actions right after an edit (before any new diagnostics): answered from the current text.
  vim.api.nvim_buf_set_lines(buf, 2, 3, false, { 'Stored in Elasticache.' })
  local fresh = request(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 2, character = 12 }, ['end'] = { line = 2, character = 12 } },
    context = { diagnostics = {} },
  })
  check(type(fresh) == 'table' and fresh[1] ~= nil and fresh[1].title == 'Replace with `ElastiCache`',
    'code actions right after an edit', fresh)

  -- 6. A second note in the same project reuses the client (and is attached by the FileType autocmd).
  local note2 = proj .. '/notes/other.md'
  write_file(note2, 'Stored in Elasticache.\n')
  local buf2 = edit_attached(note2, 'second buffer not attached')
  check(buf_clients(buf2)[1].id == client.id, 'second buffer should reuse the client', buf_clients(buf2)[1].id, client.id)
  check(vim.wait(10000, function()
    return #vim.diagnostic.get(buf2) > 0
  end, 20), 'no diagnostics for the second buffer')
  check(diag_code(vim.diagnostic.get(buf2)[1]) == 'service-name', 'second buffer finding', vim.diagnostic.get(buf2))

  -- 6b. Workspace diagnostics (`workspace_diagnostics = true`, another root: .git): the finding of a
  -- note that was never opened lands on a buffer Neovim creates unloaded; a .gitignored note gets none.
  local wsp = tmp .. '/wsp'
  vim.fn.mkdir(wsp .. '/.git', 'p')
  vim.fn.mkdir(wsp .. '/ignored', 'p')
  write_file(wsp .. '/.gitignore', 'ignored/\n')
  write_file(wsp .. '/open.md', 'Use CloudFormation.\n')
  write_file(wsp .. '/unopened.md', '# Notes\n\nDeploy with Cloudfromation now.\n')
  write_file(wsp .. '/ignored/skip.md', 'Deploy with Cloudfromation now.\n')
  check(awsnotes.setup({ cmd = { bin, 'lsp' }, workspace_diagnostics = true }) == true,
    'setup() with workspace_diagnostics')
  local wbuf = edit_attached(wsp .. '/open.md', 'workspace diagnostics: no client attached')
  check(buf_clients(wbuf)[1].id ~= client.id, 'workspace diagnostics: a client for the new root')
  local unopened = vim.uri_to_bufnr(vim.uri_from_fname(wsp .. '/unopened.md'))
  check(vim.wait(10000, function()
    return #vim.diagnostic.get(unopened) > 0
  end, 20), 'workspace diagnostics: nothing for the unopened note')
  check(not vim.api.nvim_buf_is_loaded(unopened), 'the unopened note should not be loaded')
  local wd = vim.diagnostic.get(unopened)
  check(#wd == 1 and diag_code(wd[1]) == 'service-name' and wd[1].lnum == 2 and wd[1].col == 12
    and wd[1].end_col == 26, 'workspace diagnostics: the unopened note\'s finding', wd)
  -- The server checks notes in path order (ignored/ before unopened.md): had it sent anything for the
  -- ignored note, Neovim would have it by now.
  local under_wsp = {}
  for _, d in ipairs(vim.diagnostic.get()) do
    local name = vim.api.nvim_buf_get_name(d.bufnr)
    if name:sub(1, #wsp) == wsp then
      under_wsp[#under_wsp + 1] = name:sub(#wsp + 2)
    end
  end
  check(#under_wsp == 1 and under_wsp[1] == 'unopened.md', 'workspace diagnostics: only the unopened note', under_wsp)

  -- 6c. A broken .awsnotes.toml (another root): the note is still checked with the defaults, the error is
  -- a diagnostic on the configuration file; fixing the file on disk (no notification) clears both.
  local broken = tmp .. '/broken'
  vim.fn.mkdir(broken, 'p')
  write_file(broken .. '/.awsnotes.toml', '# team words\nwords = ["Cloudfromation"\n')
  write_file(broken .. '/b.md', 'Deploy with Cloudfromation now.\n')
  check(awsnotes.setup({ cmd = { bin, 'lsp' }, settings = { debounceMs = 0 } }) == true, 'setup() for the broken config')
  local bbuf = edit_attached(broken .. '/b.md', 'broken config: no client attached')
  check(vim.wait(10000, function()
    return #vim.diagnostic.get(bbuf) > 0
  end, 20), 'broken config: the note should still be checked')
  check(diag_code(vim.diagnostic.get(bbuf)[1]) == 'service-name', 'broken config: the note\'s finding', vim.diagnostic.get(bbuf))
  local cbuf = vim.uri_to_bufnr(vim.uri_from_fname(broken .. '/.awsnotes.toml'))
  check(vim.wait(10000, function()
    return #vim.diagnostic.get(cbuf) > 0
  end, 20), 'broken config: no diagnostic on .awsnotes.toml')
  local cd = vim.diagnostic.get(cbuf)[1]
  check(cd.lnum == 2 and cd.severity == vim.diagnostic.severity.ERROR
    and cd.message:find('default configuration', 1, true) ~= nil, 'broken config: the diagnostic on the file', cd)
  write_file(broken .. '/.awsnotes.toml', '# team words\nwords = ["Cloudfromation"]\n')
  check(vim.wait(10000, function()
    return #vim.diagnostic.get(cbuf) == 0
  end, 20), 'broken config fixed on disk: its diagnostic should clear', vim.diagnostic.get(cbuf))
  -- Pushed findings (0.7) are replaced at once. A client that pulls diagnostics but cannot be told to
  -- pull again (this Neovim advertises no workspace.diagnostics.refreshSupport) shows the new
  -- findings at its next pull: after the writer's next edit.
  local cleared = vim.wait(3000, function()
    return #vim.diagnostic.get(bbuf) == 0
  end, 20)
  local bclient = buf_clients(bbuf)[1]
  local pulls = (bclient.server_capabilities or {}).diagnosticProvider ~= nil and has('0.10')
  if not cleared and pulls then
    vim.api.nvim_buf_set_lines(bbuf, 1, 1, false, { '' })
    cleared = vim.wait(10000, function()
      return #vim.diagnostic.get(bbuf) == 0
    end, 20)
  end
  check(cleared, 'broken config fixed on disk: the note is checked with it', vim.diagnostic.get(bbuf))

  -- 7. Neovim 0.11+: the lsp/awsnotes.lua config works with vim.lsp.enable (another root: .git).
  local enable_checked = false
  if has('0.11') then
    vim.api.nvim_del_augroup_by_name('awsnotes') -- setup()'s autocmd steps aside
    local other = tmp .. '/other'
    vim.fn.mkdir(other .. '/.git', 'p')
    vim.fn.mkdir(other .. '/deep/er', 'p')
    write_file(other .. '/deep/er/third.md', 'Deploy it with Cloudfromation.\n')
    vim.lsp.config('awsnotes', { cmd = { bin, 'lsp' }, init_options = { debounceMs = 0 } })
    vim.lsp.enable('awsnotes')
    local buf3 = edit_attached(other .. '/deep/er/third.md', 'vim.lsp.enable: no client attached')
    local c3 = buf_clients(buf3)[1]
    check(c3.name == 'awsnotes' and c3.id ~= client.id, 'vim.lsp.enable: a new awsnotes client', c3.name, c3.id)
    check(realpath(c3.config.root_dir) == realpath(other), 'vim.lsp.enable: root at the .git dir', c3.config.root_dir)
    check(c3.config.handlers['workspace/diagnostic/refresh'] ~= nil, 'vim.lsp.enable: refresh handler from lsp/awsnotes.lua')
    check(vim.wait(10000, function()
      return #vim.diagnostic.get(buf3) > 0
    end, 20), 'vim.lsp.enable: no diagnostics')
    check(diag_code(vim.diagnostic.get(buf3)[1]) == 'service-name', 'vim.lsp.enable: finding', vim.diagnostic.get(buf3))
    enable_checked = true
  end

  -- 8. :checkhealth awsnotes reports the binary and its version.
  local expected_version = vim.trim(vim.fn.system({ bin, '--version' }))
  check(expected_version:match('^awsnotes %d+%.%d+%.%d+') ~= nil, 'awsnotes --version', expected_version)
  vim.cmd('checkhealth awsnotes')
  -- Wait in case a future version fills the health buffer asynchronously.
  local health = ''
  vim.wait(5000, function()
    health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    return health:find(expected_version, 1, true) ~= nil
  end, 20)
  check(health:find(expected_version, 1, true) ~= nil, 'checkhealth should show ' .. expected_version, health)
  check(health:find(bin, 1, true) ~= nil, 'checkhealth should show the binary path', health)
  check(health:find('ERROR', 1, true) == nil, 'checkhealth reported an error', health)

  out(('awsnotes nvim test: all checks passed (%d checks, nvim %s, offset encoding %s%s)'):format(
    T.checks, version_string, tostring(client.offset_encoding), enable_checked and ', vim.lsp.enable too' or ''))
end

T.finish(main)
