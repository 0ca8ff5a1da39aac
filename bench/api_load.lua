-- wrk script for bench/api_bench.py: POST /api/v1/customers/find by mobile with a random mobile
-- from MOBILES_FILE per request, a Bearer token from API_TOKEN, and a JSON summary at the end.
local mobiles = {}
local token = os.getenv("API_TOKEN") or ""

for line in io.lines(os.getenv("MOBILES_FILE")) do
  mobiles[#mobiles + 1] = line
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

request = function()
  local mobile = mobiles[math.random(#mobiles)]
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  local body = '{"by": "mobile", "value": "' .. mobile .. '"}'
  return wrk.format("POST", "/api/v1/customers/find", headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect, e.read, e.write, e.status, e.timeout))
end
