-- wrk script for bench/service_day_bench.py: GET requests drawn at random from REQUESTS_FILE,
-- one per line as "path<TAB>header name<TAB>header value" (a session cookie or a Bearer
-- token), and the same JSON summary as api_load.lua at the end.
local requests = {}

for line in io.lines(os.getenv("REQUESTS_FILE")) do
  local path, name, value = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
  requests[#requests + 1] = { path = path, headers = { [name] = value } }
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

-- Formatted per request, as api_load.lua does: wrk.format adds the Host header, which is only
-- known once the thread runs.
request = function()
  local chosen = requests[math.random(#requests)]
  return wrk.format("GET", chosen.path, chosen.headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect, e.read, e.write, e.status, e.timeout))
end
