-- W5 matches of a random published request, with its owner's API key.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w5)
