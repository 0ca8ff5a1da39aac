-- Shared by the wrk scripts of bench/ (loaded with dofile from WRK_COMMON, which run_wrk in
-- api_bench.py sets): a random seed per thread, and the JSON summary line the Python side reads.
function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect, e.read, e.write, e.status, e.timeout))
end
