-- W6 accept of proposals of the random pool, with the provider's API key.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(function() return bench.w6("random") end)
