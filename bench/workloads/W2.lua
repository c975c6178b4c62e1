-- W2 search page by category and kind: first pages, and every third request the next page (keyset cursor).
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w2, true)
