-- W1a listing by id: GET /api/v1/listings/{id} of a random published listing, by a signed-in member (bearer token).
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(bench.w1a)
