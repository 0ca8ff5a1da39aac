-- wrk script for bench/service_day_bench.py: GET requests drawn at random from REQUESTS_FILE,
-- one per line as "path<TAB>header name<TAB>header value" (a session cookie or a Bearer
-- token); seeding and the JSON summary at the end come from wrk_common.lua.
dofile(os.getenv("WRK_COMMON"))

local requests = {}

for line in io.lines(os.getenv("REQUESTS_FILE")) do
  local path, name, value = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
  requests[#requests + 1] = { path = path, headers = { [name] = value } }
end

-- Formatted per request, as api_load.lua does: wrk.format adds the Host header, which is only
-- known once the thread runs.
request = function()
  local chosen = requests[math.random(#requests)]
  return wrk.format("GET", chosen.path, chosen.headers)
end
