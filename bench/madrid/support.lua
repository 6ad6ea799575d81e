-- wrk script: every request supports a proposal as another person (POST
-- /api/v1/proposals/{id}/support with that person's API token), spread over the proposals.
-- Environment: TOKENS_FILE (one token a line), PROPOSAL_MIN, PROPOSALS (how many ids follow),
-- THREADS (wrk's -t), START (requests made by earlier runs on the same data: skipped).
-- Request g (over all threads) uses token g mod T and proposal PROPOSAL_MIN + (g * 7919) mod P:
-- no pair repeats before lcm(T, P) requests. At the end it prints how many answers were 200
-- (a support recorded), 409 (already supported) and anything else.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  pmin = tonumber(os.getenv("PROPOSAL_MIN"))
  pcount = tonumber(os.getenv("PROPOSALS"))
  nthreads = tonumber(os.getenv("THREADS") or "2")
  -- Requests already made by earlier runs on the same data (REUSE=1): start after them.
  start = tonumber(os.getenv("START") or "0")
  n = 0
  ok, conflict, other = 0, 0, 0
end

function request()
  local g = start + n * nthreads + (id - 1)
  n = n + 1
  local token = tokens[(g % #tokens) + 1]
  local proposal = pmin + (g * 7919) % pcount
  return wrk.format("POST", "/api/v1/proposals/" .. proposal .. "/support",
    { ["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0" }, "")
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 409 then conflict = conflict + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); b = b + t:get("conflict"); c = c + t:get("other")
  end
  io.write(string.format("supported=%d already=%d other=%d\n", a, b, c))
end
