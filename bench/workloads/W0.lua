-- W0 health: GET /health/live (answers without touching the database).
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w0)
