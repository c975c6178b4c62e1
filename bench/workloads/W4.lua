-- W4 search within 10/25/50 km of a place of W4.values, anonymous.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w4)
