-- W6h accept of proposals of the hot pool (50 offers), with the provider's API key.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(function() return bench.w6("hot") end)
