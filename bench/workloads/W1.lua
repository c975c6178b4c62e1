-- W1 listing by id: GET /api/v1/listings/{id} of a random published listing, anonymous.
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w1)
