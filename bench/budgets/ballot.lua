-- wrk script: voters of a Pabulib election cast their ballots through the API, as in
-- bench/budgets/run.sh. Each voter sends PUT /api/v1/budgets/{id}/ballot (their whole ballot)
-- then POST /api/v1/budgets/{id}/ballot/checkout, with their own API token.
--
-- Environment: VOTERS_FILE (`TOKEN BODY` a line, from `agora generate budget --voters-file`),
-- BUDGET (the id), THREADS (wrk's -t), PROGRESS_FILE (where each thread resumes; rewritten at
-- the end), LAG (default 512).
--
-- wrk does not say which connection a request goes on, so a voter's checkout must not overtake
-- their PUT: each thread sends its PUTs LAG voters ahead of its checkouts. A connection has one
-- request in flight, so a PUT sent 2*LAG requests before the checkout has long been answered.
-- Voter g (1-based line) belongs to thread ((g - 1) % THREADS) + 1. At the end a thread stops
-- where its checkouts are; the next run resumes 64 voters earlier (a checkout in flight at the
-- stop then answers 409: already cast — nothing is counted twice, the database has the truth).

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(os.getenv("THREADS") or "2")
  budget = os.getenv("BUDGET")
  lag = tonumber(os.getenv("LAG") or "512")
  tokens, bodies = {}, {}
  local g = 0
  for line in io.lines(os.getenv("VOTERS_FILE")) do
    g = g + 1
    if (g - 1) % nthreads + 1 == id then
      local space = line:find(" ", 1, true)
      tokens[#tokens + 1] = line:sub(1, space - 1)
      bodies[#bodies + 1] = line:sub(space + 1)
    end
  end
  ntokens = #tokens
  local start = 1
  local progress = io.open(os.getenv("PROGRESS_FILE") or "", "r")
  if progress then
    for line in progress:lines() do
      local t, s = line:match("^(%d+) (%d+)$")
      if tonumber(t) == id then start = tonumber(s) end
    end
    progress:close()
  end
  next_put, next_post = start, start
  ok, conflict, other, idle = 0, 0, 0, 0
  -- wrk calls request() once on the first thread to check what it returns, and never sends
  -- that one: give it a request that is not a voter's.
  verifying = (id == 1)
  put_path = "/api/v1/budgets/" .. budget .. "/ballot"
  post_path = put_path .. "/checkout"
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", "/healthz")
  end
  if next_put <= #tokens and next_put - next_post < lag then
    local i = next_put
    next_put = next_put + 1
    return wrk.format("PUT", put_path, {
      ["Authorization"] = "Bearer " .. tokens[i],
      ["Content-Type"] = "application/json",
    }, bodies[i])
  elseif next_post < next_put then
    local i = next_post
    next_post = next_post + 1
    return wrk.format("POST", post_path,
      { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Length"] = "0" }, "")
  end
  -- Every voter of this thread is done: keep the connection busy with something cheap.
  idle = idle + 1
  return wrk.format("GET", "/healthz")
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 409 then conflict = conflict + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("HTTP " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local a, b, c, d, left = 0, 0, 0, 0, 0
  local out = io.open(os.getenv("PROGRESS_FILE"), "w")
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); b = b + t:get("conflict"); c = c + t:get("other"); d = d + t:get("idle")
    local resume = math.max(1, t:get("next_post") - 64)
    left = left + math.max(0, t:get("ntokens") - t:get("next_post") + 1)
    out:write(t:get("id") .. " " .. resume .. "\n")
  end
  out:close()
  -- The idle GETs answered 200 too.
  io.write(string.format("ok=%d conflict=%d other=%d idle=%d left=%d\n", a - d, b, c, d, left))
end
