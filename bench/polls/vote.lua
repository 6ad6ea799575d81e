-- wrk script: the members of a generated group vote in its poll through the API, as in
-- bench/polls/run.sh. Each sends PUT /api/v1/polls/{id}/vote (their ranking) once, with their
-- own API token.
--
-- Environment: VOTERS_FILE (`TOKEN BODY` a line, from `agora generate polls --voters-file`),
-- POLL (the id), THREADS (wrk's -t), PROGRESS_FILE (where each thread resumes; rewritten at
-- the end).
--
-- Voter g (1-based line) belongs to thread ((g - 1) % THREADS) + 1. At the end a thread stops
-- where it is; the next run resumes 64 voters earlier: those votes are sent again and replace
-- the same voters' ballots (a change of vote), so nothing is counted twice and none is lost —
-- the database, counted afterwards, has the truth.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(os.getenv("THREADS") or "2")
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
  nxt = start
  ok, other, idle = 0, 0, 0
  -- wrk calls request() once on the first thread to check what it returns, and never sends
  -- that one: give it a request that is not a voter's.
  verifying = (id == 1)
  path = "/api/v1/polls/" .. os.getenv("POLL") .. "/vote"
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", "/healthz")
  end
  if nxt <= ntokens then
    local i = nxt
    nxt = nxt + 1
    return wrk.format("PUT", path, {
      ["Authorization"] = "Bearer " .. tokens[i],
      ["Content-Type"] = "application/json",
    }, bodies[i])
  end
  -- Every voter of this thread has voted: keep the connection busy with something cheap.
  idle = idle + 1
  return wrk.format("GET", "/healthz")
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("HTTP " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local a, c, d, left = 0, 0, 0, 0
  local out = io.open(os.getenv("PROGRESS_FILE"), "w")
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); c = c + t:get("other"); d = d + t:get("idle")
    local resume = math.max(1, t:get("nxt") - 64)
    left = left + math.max(0, t:get("ntokens") - t:get("nxt") + 1)
    out:write(t:get("id") .. " " .. resume .. "\n")
  end
  out:close()
  -- The idle GETs answered 200 too.
  io.write(string.format("ok=%d other=%d idle=%d left=%d\n", a - d, c, d, left))
end
