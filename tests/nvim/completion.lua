-- Headless test of completion in editors/nvim, typed with real keys, using the snippets of
-- editors/nvim/README.md as written (read from the README, not copied). Run from the repository root:
--   AWSNOTES_BIN=target/release/awsnotes nvim --headless --clean -u NONE -c 'luafile tests/nvim/completion.lua'
-- Lua 5.1 / Neovim 0.7 compatible. Exits 0 after printing "awsnotes nvim test: all checks passed",
-- or prints "FAIL: ..." and exits 1 (:cquit 1).
--
-- Keys go through nvim_feedkeys and are processed by the main loop, so the test runs in a coroutine
-- that yields to it (sleep) between keys.
local T = dofile('tests/nvim/lib.lua')
local uv, root, out, check, has, buf_clients, write_file = T.uv, T.root, T.out, T.check, T.has, T.buf_clients, T.write_file
local version_string = T.version_string

--- The first ```lua block after the line of editors/nvim/README.md that contains `marker`.
local function readme_block(marker)
  local lines = vim.fn.readfile(root .. '/editors/nvim/README.md')
  local first = vim.split(marker, '\n', { plain = true })[1]
  local i = 1
  while i <= #lines and not (lines[i]:find(first, 1, true)
    and table.concat(lines, '\n', i, math.min(#lines, i + 1)):find(marker, 1, true)) do
    i = i + 1
  end
  check(i <= #lines, 'the README has no ' .. marker)
  while i <= #lines and lines[i] ~= '```lua' do
    i = i + 1
  end
  local body = {}
  i = i + 1
  while i <= #lines and lines[i] ~= '```' do
    body[#body + 1] = lines[i]
    i = i + 1
  end
  check(#body > 0, 'empty README block after ' .. marker)
  return table.concat(body, '\n')
end

local function run_readme(marker)
  local chunk, err = loadstring(readme_block(marker), 'README: ' .. marker)
  check(chunk ~= nil, 'the README block does not load', marker, err)
  chunk()
end

local co
local function sleep(ms)
  vim.defer_fn(function()
    local ok, err = coroutine.resume(co)
    if not ok then
      out('FAIL (nvim ' .. version_string .. '): ' .. tostring(err) .. '\n' .. debug.traceback(co))
      vim.cmd('cquit 1')
    end
  end, ms)
  coroutine.yield()
end

local function feed(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'nt', false)
end

--- Waits (yielding to the main loop) until `fn()` holds or `ms` pass.
local function wait_for(ms, fn)
  local deadline = uv.now() + ms
  while uv.now() < deadline do
    if fn() then
      return true
    end
    sleep(20)
  end
  return fn()
end

--- Types `text` key by key, `ms` apart, as a writer would.
local function type_keys(text, ms)
  for ch in text:gmatch('.') do
    feed(ch)
    sleep(ms)
  end
end

local function current_line()
  return vim.api.nvim_get_current_line()
end

--- Opens `path` as a Markdown buffer and (unless `nowait`) waits for the awsnotes client.
local function open(path, nowait)
  local buf = T.edit_markdown(path)
  if nowait then
    return buf
  end
  check(wait_for(10000, function()
    local c = buf_clients(buf)[1]
    return c ~= nil and (c.initialized == nil or c.initialized == true)
  end), 'no awsnotes client attached to ' .. path)
  return buf
end

--- On a new line: types `typed`, then <C-x><C-o> and accepts the first item (<C-y>); returns the line.
--- `on_list`, if given, gets the words the popup menu shows, in its order (an empty list when the only
--- name was inserted at once).
local function omni(typed, on_list)
  feed('o')
  sleep(50)
  type_keys(typed, 10)
  feed('<C-x><C-o>')
  -- A list (several names), or the only name inserted at once (no menu for one match).
  wait_for(3000, function()
    return vim.fn.pumvisible() == 1 or current_line() ~= typed
  end)
  sleep(100)
  if on_list then
    local words = {}
    if vim.fn.pumvisible() == 1 then
      for _, item in ipairs(vim.fn.complete_info({ 'items' }).items) do
        words[#words + 1] = item.word
      end
    end
    on_list(words)
  end
  if vim.fn.pumvisible() == 1 then
    -- With 'completeopt' noselect (the 0.11+ snippet sets it) nothing is selected yet.
    feed(vim.fn.complete_info({ 'selected' }).selected == -1 and '<C-n><C-y>' or '<C-y>')
  end
  feed('<Esc>')
  sleep(100)
  return current_line()
end

local function main()
  local bin = T.bin()
  local tmp = os.getenv('AWSNOTES_TEST_TMP') or vim.fn.tempname()
  -- The README's snippets start `awsnotes` from $PATH.
  vim.fn.mkdir(tmp .. '/bin', 'p')
  uv.fs_symlink(bin, tmp .. '/bin/awsnotes')
  vim.env.PATH = tmp .. '/bin:' .. vim.env.PATH
  local proj = tmp .. '/proj'
  vim.fn.mkdir(proj, 'p')
  write_file(proj .. '/.awsnotes.toml', 'words = []\n')

  -- 1. The README's plain-runtimepath setup; setup() gives the buffer the plugin's omnifunc.
  local buf = open(proj .. '/note.md', true)
  run_readme('**Plain runtimepath**')
  check(wait_for(10000, function()
    local c = buf_clients(buf)[1]
    return c ~= nil and (c.initialized == nil or c.initialized == true)
  end), 'setup() from the README attached no client')
  check(wait_for(2000, function()
    return vim.bo[buf].omnifunc == "v:lua.require'awsnotes'.omnifunc"
  end), "setup() should set 'omnifunc'", vim.bo[buf].omnifunc)

  -- 2. <C-x><C-o>: the whole name over the range the server gives, whatever the typed case.
  check(omni('x-amz-ac') == 'x-amz-acl', 'omnifunc after x-amz-ac', current_line())
  check(omni('dyn') == 'DynamoDB', 'omnifunc after lowercase dyn', current_line())
  check(omni('Use Step Func') == 'Use Step Functions', 'omnifunc after Step Func', current_line())
  check(omni('The Secrets Man') == 'The Secrets Manager', 'omnifunc after Secrets Man', current_line())
  check(omni('The API Gat') == 'The API Gateway', 'omnifunc after API Gat', current_line())
  -- Ranked lists, as the menu shows them, and the line after accepting the first item.
  local shown
  local function list(words)
    shown = words
  end
  local function slice(t, i, j)
    return { unpack(t, i < 0 and #t + i + 1 or i, j and (j < 0 and #t + j + 1 or j) or #t) }
  end
  check(omni('Use Cloud', list) == 'Use CloudWatch', 'omnifunc after Use Cloud', current_line())
  check(vim.deep_equal(slice(shown, 1, 4), { 'CloudWatch', 'CloudFormation', 'CloudTrail', 'CloudFront' }),
    'the first items after Use Cloud', shown)
  check(vim.deep_equal(slice(shown, -2), { 'Cloud9', 'CloudSearch' }), 'the last items after Use Cloud', shown)
  check(omni('Region us-', list) == 'Region us-west-2', 'omnifunc after Region us-', current_line())
  check(vim.deep_equal(slice(shown, 1, 4), { 'us-west-2', 'us-east-1', 'us-east-2', 'us-west-1' }),
    'the first items after Region us-', shown)
  check(omni('Runtime: nodejs', list) == 'Runtime: nodejs26.x', 'omnifunc after nodejs', current_line())
  check(vim.deep_equal(slice(shown, 1, 3), { 'nodejs26.x', 'nodejs24.x', 'nodejs22.x' }),
    'the first items after nodejs', shown)
  -- An error code typed in lower case: the whole code, nothing of what was typed left over.
  check(omni('Got toomanyreq', list) == 'Got TooManyRequestsException', 'omnifunc after toomanyreq', current_line())
  -- Nothing to complete: no popup, no error, the text stays.
  check(omni('plain words') == 'plain words', 'omnifunc on plain words', current_line())

  local auto_checked = false
  if has('0.11') then
    -- 3. The README's 0.11+ auto-completion snippet, on the next buffer that attaches.
    run_readme('**Neovim 0.11+ built-in auto-completion**')
    local buf2 = open(proj .. '/auto.md')
    check(buf2 ~= buf, 'a second buffer')
    sleep(300)
    -- Typed key by key with the list opening after `_`: what was typed stays as typed.
    feed('i')
    sleep(50)
    type_keys('Set AWS_REGION', 120)
    feed('<Esc>')
    sleep(100)
    check(current_line() == 'Set AWS_REGION', 'auto-completion while typing AWS_REGION', current_line())
    -- Choosing from the list inserts the whole name over what was typed.
    feed('o')
    sleep(50)
    type_keys('Send x-amz-ac', 120)
    check(wait_for(3000, function()
      return vim.fn.pumvisible() == 1
    end), 'no completion list after x-amz-ac')
    feed('<C-n><C-y><Esc>')
    sleep(100)
    check(current_line() == 'Send x-amz-acl', 'auto-completion choosing x-amz-acl', current_line())
    feed('<Esc>')

    -- 4. vim.lsp.enable (lsp/awsnotes.lua) with the README's LspAttach omnifunc snippet, another project.
    vim.api.nvim_del_augroup_by_name('awsnotes') -- setup()'s autocmd steps aside
    run_readme('set it when the server\nattaches')
    vim.lsp.enable('awsnotes')
    local other = tmp .. '/other'
    vim.fn.mkdir(other .. '/.git', 'p')
    local buf3 = open(other .. '/third.md')
    check(wait_for(2000, function()
      return vim.bo[buf3].omnifunc == "v:lua.require'awsnotes'.omnifunc"
    end), "the README's LspAttach snippet should set 'omnifunc'", vim.bo[buf3].omnifunc)
    check(omni('Use Step Func') == 'Use Step Functions', 'vim.lsp.enable: omnifunc after Step Func', current_line())
    auto_checked = true
  end

  out(('awsnotes nvim test: all checks passed (%d completion checks, nvim %s%s)'):format(
    T.checks, version_string, auto_checked and ', 0.11+ auto-completion too' or ''))
end

co = coroutine.create(function()
  T.finish(main)
end)
-- Start once the main loop runs (after this file is sourced).
vim.defer_fn(function()
  local ok, err = coroutine.resume(co)
  if not ok then
    out('FAIL (nvim ' .. version_string .. '): ' .. tostring(err))
    vim.cmd('cquit 1')
  end
end, 0)
