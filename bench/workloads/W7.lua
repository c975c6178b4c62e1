-- W7 mix: 30 % W2 and 25 % W3 (search), 15 % W4 (near), 10 % W5 (match), 15 % W1 (detail), 5 % W6 (booking,
-- random pool); the same weights as the pgbench scripts of W7 (see pgbench-files).
local bench = dofile((os.getenv("BENCH_DIR") or "bench/workloads") .. "/common.lua")
bench.run(function()
  local r = math.random(1, 100)
  if r <= 30 then
    return bench.w2()
  elseif r <= 55 then
    return bench.w3()
  elseif r <= 70 then
    return bench.w4()
  elseif r <= 80 then
    return bench.w5()
  elseif r <= 95 then
    return bench.w1()
  end
  return bench.w6("random")
end, true)
