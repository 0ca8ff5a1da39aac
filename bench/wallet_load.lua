-- wrk script for bench/wallet_bench.py: POST /api/v1/customers/<id>/wallet/spend of 0.01 yuan
-- for a random customer from CUSTOMERS_FILE per request, with the Bearer token from API_TOKEN;
-- seeding and the JSON summary at the end come from wrk_common.lua.
dofile(os.getenv("WRK_COMMON"))

local customers = {}
local token = os.getenv("API_TOKEN") or ""

for line in io.lines(os.getenv("CUSTOMERS_FILE")) do
  customers[#customers + 1] = line
end

request = function()
  local customer = customers[math.random(#customers)]
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  local path = "/api/v1/customers/" .. customer .. "/wallet/spend"
  return wrk.format("POST", path, headers, '{"amount": "0.01", "note": "bench"}')
end
