-- W3 full-text search for a word of W3.values, anonymous.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w3)
