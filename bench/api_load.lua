-- wrk script for bench/api_bench.py: POST /api/v1/customers/find by mobile with a random mobile
-- from MOBILES_FILE per request, a Bearer token from API_TOKEN; seeding and the JSON summary at
-- the end come from wrk_common.lua.
dofile(os.getenv("WRK_COMMON"))

local mobiles = {}
local token = os.getenv("API_TOKEN") or ""

for line in io.lines(os.getenv("MOBILES_FILE")) do
  mobiles[#mobiles + 1] = line
end

request = function()
  local mobile = mobiles[math.random(#mobiles)]
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  local body = '{"by": "mobile", "value": "' .. mobile .. '"}'
  return wrk.format("POST", "/api/v1/customers/find", headers, body)
end
